"""/api/v1/ routes of approvals (BR-APR-01…06)."""

from django.urls import path

from l2c.approvals import apis

app_name = "approvals_api"

urlpatterns = [
    path("approvals/requests/", apis.ApprovalRequestListApi.as_view(), name="requests"),
    path(
        "approvals/requests/<int:request_id>/",
        apis.ApprovalRequestDetailApi.as_view(),
        name="request-detail",
    ),
    path(
        "approvals/requests/<int:request_id>/decide/",
        apis.ApprovalDecideApi.as_view(),
        name="request-decide",
    ),
    path(
        "approvals/requests/<int:request_id>/transfer/",
        apis.ApprovalTransferApi.as_view(),
        name="request-transfer",
    ),
    path(
        "approvals/requests/<int:request_id>/add-signer/",
        apis.ApprovalAddSignerApi.as_view(),
        name="request-add-signer",
    ),
    path(
        "approvals/requests/<int:request_id>/copy/",
        apis.ApprovalCopyApi.as_view(),
        name="request-copy",
    ),
    path(
        "approvals/requests/<int:request_id>/withdraw/",
        apis.ApprovalWithdrawApi.as_view(),
        name="request-withdraw",
    ),
    path("approvals/inbox/", apis.ApprovalInboxApi.as_view(), name="inbox"),
    path("approvals/inbox/counts/", apis.ApprovalInboxCountsApi.as_view(), name="inbox-counts"),
]
