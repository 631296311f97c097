"""/api/v1/ routes of customers."""

from django.urls import path  # noqa: F401

app_name = "customers_api"

urlpatterns: list = []
