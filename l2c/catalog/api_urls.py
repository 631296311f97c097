"""/api/v1/ routes of catalog."""

from django.urls import path  # noqa: F401

app_name = "catalog_api"

urlpatterns: list = []
