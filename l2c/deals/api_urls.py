"""/api/v1/ routes of deals."""

from django.urls import path  # noqa: F401

app_name = "deals_api"

urlpatterns: list = []
