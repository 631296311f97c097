"""/api/v1/ routes of contracts."""

from django.urls import path

from l2c.contracts import apis

app_name = "contracts_api"

R = "contracts/reservations/<int:reservation_id>/"
C = "contracts/<int:contract_id>/"

urlpatterns = [
    path("contracts/reservations/", apis.ReservationsApi.as_view(), name="reservations"),
    path(R, apis.ReservationDetailApi.as_view(), name="reservation-detail"),
    path(f"{R}revise/", apis.ReservationReviseApi.as_view(), name="reservation-revise"),
    path(f"{R}cancel/", apis.ReservationCancelApi.as_view(), name="reservation-cancel"),
    path(f"{R}pdf/", apis.ReservationPdfApi.as_view(), name="reservation-pdf"),
    path("contracts/", apis.ContractsApi.as_view(), name="contracts"),
    path("contracts/archive/", apis.ArchiveListApi.as_view(), name="archive"),
    path("contracts/access-requests/", apis.AccessRequestsApi.as_view(), name="access-requests"),
    path("contracts/changes/", apis.ChangesApi.as_view(), name="changes"),
    path(
        "contracts/changes/<int:change_id>/", apis.ChangeDetailApi.as_view(), name="change-detail"
    ),
    path(C, apis.ContractDetailApi.as_view(), name="contract-detail"),
    path(f"{C}submit/", apis.ContractSubmitApi.as_view(), name="contract-submit"),
    path(f"{C}checklist/", apis.ContractChecklistApi.as_view(), name="contract-checklist"),
    path(f"{C}sign/", apis.ContractSignApi.as_view(), name="contract-sign"),
    path(f"{C}pdf/", apis.ContractPdfApi.as_view(), name="contract-pdf"),
    path(f"{C}access-log/", apis.ContractAccessLogApi.as_view(), name="contract-access-log"),
    path(f"{C}borrow/", apis.ContractBorrowApi.as_view(), name="contract-borrow"),
    path(f"{C}return/", apis.ContractReturnApi.as_view(), name="contract-return"),
    path(f"{C}archive/", apis.ContractArchiveApi.as_view(), name="contract-archive"),
]
