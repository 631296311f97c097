"""Pages of fulfillment, under /fulfillment/."""

from django.urls import path

from l2c.fulfillment import views

app_name = "fulfillment"

urlpatterns = [
    path("", views.order_list, name="orders"),
    path("new/", views.order_new, name="order_new"),
    path("to-ship/", views.to_ship, name="to_ship"),
    path("<int:pk>/", views.order_detail, name="order"),
    path("<int:pk>/acknowledge/", views.order_acknowledge, name="acknowledge"),
    path("<int:pk>/demand/", views.demand_request_new, name="demand_new"),
    path("demand/<int:pk>/issue/", views.outbound_issue, name="issue"),
    path("outbound/<int:pk>/ship/", views.outbound_ship, name="ship"),
    path("outbound/<int:pk>/confirm/", views.outbound_confirm, name="confirm"),
    path("outbound/<int:pk>/scan/", views.confirmation_scan, name="scan"),
]
