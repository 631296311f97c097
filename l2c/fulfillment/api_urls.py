"""/api/v1/ routes of fulfillment."""

from django.urls import path

from l2c.fulfillment import apis

app_name = "fulfillment_api"

ORDER = "fulfillment/orders/<int:order_id>/"

urlpatterns = [
    path("fulfillment/orders/", apis.OrdersApi.as_view(), name="orders"),
    path(ORDER, apis.OrderDetailApi.as_view(), name="order-detail"),
    path(f"{ORDER}acknowledge/", apis.OrderAcknowledgeApi.as_view(), name="order-acknowledge"),
    path(f"{ORDER}demand-requests/", apis.OrderDemandRequestApi.as_view(), name="order-demand"),
    path(
        "fulfillment/demand-requests/<int:request_id>/issue/",
        apis.DemandRequestIssueApi.as_view(),
        name="demand-issue",
    ),
    path(
        "fulfillment/outbounds/<int:outbound_id>/ship/",
        apis.OutboundShipApi.as_view(),
        name="outbound-ship",
    ),
    path(
        "fulfillment/outbounds/<int:outbound_id>/confirm/",
        apis.OutboundConfirmApi.as_view(),
        name="outbound-confirm",
    ),
]
