from django.urls import path

from l2c.approvals import views

app_name = "approvals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.request_detail, name="request"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/add-signer/", views.add_signer, name="add_signer"),
    path("<int:pk>/copy/", views.copy, name="copy"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
