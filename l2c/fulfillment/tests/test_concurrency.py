"""BR-FUL-02 on PostgreSQL with real parallel connections: two warehouse clerks ship the
last unit of stock at the same moment (two outbound orders of one unit each) — one
shipment, one refusal with the stock left; the stock never goes below zero."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from l2c.catalog import services as catalog
from l2c.catalog.models import ProductKind, StockItem
from l2c.core.errors import BusinessRuleError
from l2c.core.roles import Role
from l2c.fulfillment import services
from l2c.fulfillment.models import OutboundOrder, OutboundStatus


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_br_ful_02_two_clerks_ship_the_last_unit_one_shipment_one_refusal(company):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel connections need PostgreSQL")
    # transactional tests end with a flush: seed the policy settings again
    from l2c.policy.defaults import seed_definitions
    from l2c.policy.models import PolicySetting, PolicyVersion

    seed_definitions(PolicySetting, PolicyVersion)
    from l2c.catalog.tests.factories import make_catalog, make_customer
    from l2c.contracts.tests.conftest import reserve, signed_contract
    from l2c.fulfillment.tests.conftest import approved_request
    from l2c.org.tests.factories import person

    cat = make_catalog(company, floors=[15], rooms=["02"])
    last = catalog.product_create(
        actor=None,
        project=cat.line,
        data={
            "code": "P-LAST",
            "name": "尾货滤芯",
            "kind": ProductKind.STOCK,
            "unit_name": "件",
            "market_price": "100.00",
            "dealer_floor_price": "90.00",
            "factory_floor_price": "80.00",
        },
    )
    catalog.stock_receive(actor=None, product_id=last.pk, warehouse="一号仓", quantity=1)
    contract = signed_contract(company, reserve(company.rep, make_customer(company.rep), cat.unit))
    order = services.order_create(
        actor=company.assistant1.user,
        contract_id=contract.pk,
        lines=[{"product_id": last.pk, "quantity": 2}],
    )
    line = order.lines.get(unit__isnull=True)
    outbounds = [
        services.outbound_issue(
            actor=company.assistant1.user,
            demand_request_id=approved_request(company, order, {line: 1}).pk,
        )
        for _ in range(2)
    ]
    clerks = [
        company.warehouse,
        person(
            name="库管二",
            department=company.warehouse.department,
            roles=[Role.WAREHOUSE],
            superior=company.gm,
            username="warehouse2",
        ),
    ]
    barrier = threading.Barrier(2)
    ok: list[int] = []
    refused: list[BusinessRuleError] = []
    other: list[Exception] = []
    lock = threading.Lock()

    def ship(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            services.outbound_ship(actor=clerks[i].user, outbound_id=outbounds[i].pk)
            with lock:
                ok.append(i)
        except BusinessRuleError as exc:
            with lock:
                refused.append(exc)
        except Exception as exc:  # pragma: no cover - reported below
            with lock:
                other.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ship, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert other == []
    assert len(ok) == 1 and len(refused) == 1
    assert refused[0].code == "insufficient_stock"
    assert "库存仅剩 0 件，不能出库 1 件" in str(refused[0].message)
    assert StockItem.objects.get(product=last, warehouse="一号仓").quantity == 0
    statuses = sorted(OutboundOrder.objects.filter(order=order).values_list("status", flat=True))
    assert statuses == [OutboundStatus.ISSUED, OutboundStatus.SHIPPED]
