"""/api/v1/ routes of contracts."""

from django.urls import path  # noqa: F401

app_name = "contracts_api"

urlpatterns: list = []
