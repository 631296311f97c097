"""/api/v1/ routes of finance."""

from django.urls import path  # noqa: F401

app_name = "finance_api"

urlpatterns: list = []
