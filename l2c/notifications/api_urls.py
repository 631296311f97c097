"""/api/v1/ routes of notifications (BR-RPT-07)."""

from django.urls import path

from l2c.notifications import apis

app_name = "notifications_api"

urlpatterns = [
    path("notifications/", apis.NotificationListApi.as_view(), name="list"),
    path(
        "notifications/unread-count/",
        apis.NotificationUnreadCountApi.as_view(),
        name="unread-count",
    ),
    path("notifications/read-all/", apis.NotificationReadAllApi.as_view(), name="read-all"),
    path(
        "notifications/<int:notification_id>/read/",
        apis.NotificationReadApi.as_view(),
        name="read",
    ),
]
