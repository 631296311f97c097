"""The fulfillment demo: the first signed contract's order shipped and confirmed, through
the services; idempotent."""

from __future__ import annotations

import pytest

from l2c.catalog.models import Unit, UnitState
from l2c.fulfillment.demo import load_fulfillment_demo
from l2c.fulfillment.models import CustomerConfirmation, OrderStatus, SalesOrder

pytestmark = pytest.mark.django_db


def test_demo_ships_the_first_contracts_order_once(company, contract):
    people = {"tangjian": company.warehouse, "zhenghong": company.finance}
    assert load_fulfillment_demo(people) == 1
    order = SalesOrder.objects.get(contract=contract)
    assert order.status == OrderStatus.SHIPPED
    assert CustomerConfirmation.objects.filter(outbound__order=order).count() == 1
    assert Unit.objects.get(pk=contract.unit_id).state == UnitState.DELIVERED
    assert load_fulfillment_demo(people) == 0
    assert SalesOrder.objects.count() == 1
