"""/api/v1/ routes of the audit log: read-only (BR-SEC-01)."""

from django.urls import path

from l2c.audit import apis

app_name = "audit_api"

urlpatterns = [
    path("audit/", apis.AuditLogListApi.as_view(), name="log"),
    path("audit/<int:entry_id>/", apis.AuditLogDetailApi.as_view(), name="entry"),
]
