"""/api/v1/ routes of activities."""

from django.urls import path  # noqa: F401

app_name = "activities_api"

urlpatterns: list = []
