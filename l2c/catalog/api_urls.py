"""/api/v1/ routes of catalog."""

from django.urls import path

from l2c.catalog import apis

app_name = "catalog_api"

urlpatterns = [
    path("catalog/projects/", apis.ProjectsApi.as_view(), name="projects"),
    path("catalog/products/", apis.ProductsApi.as_view(), name="products"),
    path("catalog/units/", apis.UnitsApi.as_view(), name="units"),
    path("catalog/units/<int:unit_id>/", apis.UnitDetailApi.as_view(), name="unit-detail"),
    path("catalog/units/<int:unit_id>/hold/", apis.UnitHoldApi.as_view(), name="unit-hold"),
    path(
        "catalog/units/<int:unit_id>/release/", apis.UnitReleaseApi.as_view(), name="unit-release"
    ),
    path("catalog/board/", apis.BoardApi.as_view(), name="board"),
    path("catalog/price-changes/", apis.PriceChangesApi.as_view(), name="price-changes"),
    path(
        "catalog/price-changes/<int:change_id>/",
        apis.PriceChangeDetailApi.as_view(),
        name="price-change-detail",
    ),
    path(
        "catalog/price-changes/<int:change_id>/submit/",
        apis.PriceChangeSubmitApi.as_view(),
        name="price-change-submit",
    ),
    path("catalog/stock/", apis.StockApi.as_view(), name="stock"),
]
