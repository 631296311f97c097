"""Catalog test data, built through the services."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from l2c.catalog import services
from l2c.catalog.models import ProductKind, ProjectKind


def flat_price(floor: int, room: str) -> dict[str, Decimal]:
    market = Decimal("1500000.00") + Decimal("10000.00") * floor
    return {
        "market_price": market,
        "dealer_floor_price": market - Decimal("60000.00"),
        "factory_floor_price": market - Decimal("100000.00"),
    }


def make_catalog(
    company, *, floors=range(1, 19), rooms=("01", "02", "03", "04")
) -> SimpleNamespace:
    """翠湖天地 (S1) with building 3 (3-1502 at 1,650,000.00), plus a stock product."""
    c = SimpleNamespace()
    c.project = services.project_create(
        actor=None,
        data={
            "code": "CHTD",
            "name": "翠湖天地",
            "kind": ProjectKind.REAL_ESTATE,
            "department": company.dept1,
        },
    )
    c.flat = services.product_create(
        actor=None,
        project=c.project,
        data={
            "code": "CHTD-A",
            "name": "A户型 三室两厅",
            "kind": ProductKind.UNIQUE,
            "market_price": "1650000.00",
            "dealer_floor_price": "1590000.00",
            "factory_floor_price": "1550000.00",
        },
    )
    services.building_generate(
        actor=None, product=c.flat, building="3", floors=floors, rooms=rooms, price=flat_price
    )
    from l2c.catalog.models import Unit

    c.units = {u.code: u for u in Unit.objects.filter(project=c.project)}
    c.unit = c.units.get("3-1502")
    c.line = services.project_create(
        actor=None,
        data={
            "code": "PARTS",
            "name": "配件",
            "kind": ProjectKind.GOODS,
            "department": company.dept2,
        },
    )
    c.stock = services.product_create(
        actor=None,
        project=c.line,
        data={
            "code": "P-001",
            "name": "空气滤芯",
            "kind": ProductKind.STOCK,
            "unit_name": "件",
            "market_price": "120.00",
            "dealer_floor_price": "90.00",
            "factory_floor_price": "70.00",
        },
    )
    services.stock_receive(actor=None, product_id=c.stock.pk, warehouse="一号仓", quantity=60)
    services.stock_receive(actor=None, product_id=c.stock.pk, warehouse="二号仓", quantity=40)
    return c


def make_customer(person, mobile="13800138000", name="赵先生"):
    from l2c.customers.services import customer_register

    return customer_register(actor=person.user, data={"name": name, "mobile": mobile}).customer
