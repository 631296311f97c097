"""/api/v1/ routes of reports."""

from django.urls import path  # noqa: F401

app_name = "reports_api"

urlpatterns: list = []
