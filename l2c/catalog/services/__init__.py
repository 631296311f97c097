"""Every write of the catalog (BR-CAT-01…04). Re-exported here: ``from l2c.catalog import
services; services.unit_hold(actor=…, unit_id=…)``."""

from l2c.catalog.services.prices import (
    price_change_create,
    price_change_on_outcome,
    price_change_submit,
    price_change_update,
    price_change_withdraw,
    product_update_prices,
    unit_update_prices,
)
from l2c.catalog.services.setup import (
    building_generate,
    product_create,
    project_create,
    stock_receive,
    unit_create,
)
from l2c.catalog.services.stock import stock_issue, stock_release, stock_reserve
from l2c.catalog.services.units import (
    may_release,
    unit_cancel,
    unit_contract,
    unit_deliver,
    unit_hold,
    unit_release,
    unit_reserve,
)

__all__ = [
    "building_generate",
    "may_release",
    "price_change_create",
    "price_change_on_outcome",
    "price_change_submit",
    "price_change_update",
    "price_change_withdraw",
    "product_create",
    "product_update_prices",
    "project_create",
    "stock_issue",
    "stock_receive",
    "stock_release",
    "stock_reserve",
    "unit_cancel",
    "unit_contract",
    "unit_create",
    "unit_deliver",
    "unit_hold",
    "unit_release",
    "unit_reserve",
    "unit_update_prices",
]
