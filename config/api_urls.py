from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("v1/", include("l2c.org.api_urls")),
    path("v1/", include("l2c.policy.api_urls")),
    path("v1/", include("l2c.audit.api_urls")),
    path("v1/", include("l2c.notifications.api_urls")),
    path("v1/", include("l2c.approvals.api_urls")),
    path("v1/", include("l2c.reception.api_urls")),
    path("v1/", include("l2c.customers.api_urls")),
    path("v1/", include("l2c.activities.api_urls")),
    path("v1/", include("l2c.catalog.api_urls")),
    path("v1/", include("l2c.deals.api_urls")),
    path("v1/", include("l2c.contracts.api_urls")),
    path("v1/", include("l2c.fulfillment.api_urls")),
    path("v1/", include("l2c.finance.api_urls")),
    path("v1/", include("l2c.reports.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
