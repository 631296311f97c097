"""REST API of the catalog (/api/v1/catalog/…): projects, products (price list), units,
the board, holds, price changes, stock. Thin: selectors read, services write."""

from l2c.catalog.apis.prices import PriceChangeDetailApi, PriceChangesApi, PriceChangeSubmitApi
from l2c.catalog.apis.units import (
    BoardApi,
    ProductsApi,
    ProjectsApi,
    StockApi,
    UnitDetailApi,
    UnitHoldApi,
    UnitReleaseApi,
    UnitsApi,
)

__all__ = [
    "BoardApi",
    "PriceChangeDetailApi",
    "PriceChangeSubmitApi",
    "PriceChangesApi",
    "ProductsApi",
    "ProjectsApi",
    "StockApi",
    "UnitDetailApi",
    "UnitHoldApi",
    "UnitReleaseApi",
    "UnitsApi",
]
