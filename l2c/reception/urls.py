from django.urls import path

from l2c.reception import views

app_name = "reception"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("roster/", views.roster_edit, name="roster"),
    path("rosters/<int:roster_id>/out/", views.mark_out, name="out"),
    path("rosters/<int:roster_id>/back/", views.mark_back, name="back"),
    path("receive/", views.receive, name="receive"),
    path("lookup/", views.lookup, name="lookup"),
    path("registers/", views.registers, name="registers"),
    path("registers/export/", views.export, name="export"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/register/", views.entry_register, name="entry_register"),
    path("entries/<int:pk>/message-sent/", views.entry_message_sent, name="entry_message"),
    path("entries/<int:pk>/attribution/", views.entry_attribution, name="entry_attribution"),
    path("attributions/", views.attributions, name="attributions"),
    path("attributions/<int:pk>/", views.attribution_detail, name="attribution"),
    path("attributions/<int:pk>/dispute/", views.attribution_dispute, name="attribution_dispute"),
    path("attributions/<int:pk>/verify/", views.attribution_verify, name="attribution_verify"),
    path("attributions/<int:pk>/resolve/", views.attribution_resolve, name="attribution_resolve"),
]
