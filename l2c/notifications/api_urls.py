"""/api/v1/ routes of notifications."""

from django.urls import path  # noqa: F401

app_name = "notifications_api"

urlpatterns: list = []
