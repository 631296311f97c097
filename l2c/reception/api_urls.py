"""/api/v1/ routes of reception."""

from django.urls import path  # noqa: F401

app_name = "reception_api"

urlpatterns: list = []
