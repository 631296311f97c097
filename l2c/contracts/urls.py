from django.urls import path

from l2c.contracts import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="contracts"),
    path("new/", views.contract_new, name="contract_new"),
    path("archive/", views.archive_list, name="archive"),
    path("access-requests/", views.access_requests, name="access_requests"),
    path("changes/", views.change_list, name="changes"),
    path("changes/new/", views.change_new, name="change_new"),
    path("changes/<int:pk>/", views.change_detail, name="change"),
    path("reservations/", views.reservation_list, name="reservations"),
    path("reservations/new/", views.reservation_new, name="reservation_new"),
    path("reservations/<int:pk>/", views.reservation_detail, name="reservation"),
    path("reservations/<int:pk>/pdf/", views.reservation_pdf, name="reservation_pdf"),
    path("reservations/<int:pk>/revise/", views.reservation_revise, name="reservation_revise"),
    path("reservations/<int:pk>/cancel/", views.reservation_cancel, name="reservation_cancel"),
    path("<int:pk>/", views.contract_detail, name="contract"),
    path("<int:pk>/pdf/", views.contract_pdf, name="contract_pdf"),
    path("<int:pk>/edit/", views.contract_update, name="contract_update"),
    path("<int:pk>/submit/", views.contract_submit, name="contract_submit"),
    path("<int:pk>/checklist/", views.contract_checklist, name="contract_checklist"),
    path("<int:pk>/sign/", views.contract_sign, name="contract_sign"),
    path("<int:pk>/borrow/", views.contract_borrow, name="contract_borrow"),
    path("<int:pk>/return/", views.contract_return, name="contract_return"),
    path("<int:pk>/archive/", views.contract_archive, name="contract_archive"),
]
