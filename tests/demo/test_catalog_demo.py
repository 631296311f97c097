"""The catalog demo loads through the services, keeps 3-1502 available for S1, and is
idempotent. (It runs after ``l2c.web.demo.load_demo`` has made the people and customers.)"""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.catalog import selectors
from l2c.catalog.demo import load_catalog_demo
from l2c.catalog.models import Product, Project, StockItem, Unit, UnitEvent
from l2c.org.models import Person
from l2c.web.demo import load_demo

pytestmark = pytest.mark.django_db


def test_catalog_demo_loads_once_and_keeps_3_1502_for_s1(clock):
    load_demo()
    people = {p.user.username: p for p in Person.objects.select_related("user")}
    created = load_catalog_demo(people)
    if created == 0:  # the lead has wired it into load_demo already
        assert Project.objects.filter(code="CHTD").exists()
    assert load_catalog_demo(people) == 0
    estate = Project.objects.get(code="CHTD", name="翠湖天地")
    assert estate.department.code == "S1"
    unit = Unit.objects.get(project=estate, code="3-1502")
    assert selectors.unit_effective_state(unit) == "available"
    assert unit.market_price == Decimal("1650000.00")
    assert unit.factory_floor_price < unit.dealer_floor_price < unit.market_price
    assert not UnitEvent.objects.filter(unit=unit).exists()
    lina = people["lina"]
    board = selectors.board(viewer=lina.user, project_id=estate.pk)
    assert board.buildings == ["2", "3", "5", "7"]
    counts = board.counts
    assert counts["held"] >= 5 and counts["reserved"] >= 5 and counts["contracted"] >= 5
    assert counts["delivered"] >= 3 and counts["available"] > 200
    assert Unit.objects.filter(project__code="LHQC").count() == 8
    assert Product.objects.filter(kind="stock").count() == 2
    assert StockItem.objects.filter(reserved__gt=0).exists()
