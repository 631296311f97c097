"""Fixtures of the fulfillment tests: 翠湖天地 3-1502 sold to 赵先生 on a signed contract
(the rep 顾问11 of 销售1部), the stock product 空气滤芯 (60 in 一号仓, 40 in 二号仓), and
helpers that drive an order through its demand request, outbound order and shipping."""

from __future__ import annotations

import pytest

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalRequest, ApprovalTask, TaskState
from l2c.approvals.selectors import approval_for_object
from l2c.catalog.tests.factories import make_catalog, make_customer
from l2c.contracts.tests.conftest import reserve, signed_contract
from l2c.fulfillment import services


@pytest.fixture
def catalog(company, clock):
    return make_catalog(company, floors=range(14, 17), rooms=("01", "02"))


@pytest.fixture
def customer(company, clock):
    return make_customer(company.rep)


@pytest.fixture
def contract(company, catalog, customer):
    return signed_contract(company, reserve(company.rep, customer, catalog.unit))


@pytest.fixture
def order(company, catalog, contract):
    """The contract's order: the flat, and 10 air filters at 120.00."""
    return services.order_create(
        actor=company.assistant1.user,
        contract_id=contract.pk,
        lines=[{"product_id": catalog.stock.pk, "quantity": 10, "price": "120.00"}],
    )


def lines_of(order):
    unit_line = order.lines.get(unit__isnull=False)
    stock_line = order.lines.get(unit__isnull=True)
    return unit_line, stock_line


def approve_chain(request: ApprovalRequest) -> ApprovalRequest:
    """The first pending approver of each step approves (the sales managers of step two
    are any-of: one decision ends the step), until the request ends."""
    for _ in range(20):
        request.refresh_from_db()
        task = (
            ApprovalTask.objects.filter(request=request, state=TaskState.PENDING)
            .select_related("approver")
            .order_by("id")
            .first()
        )
        if task is None:
            return request
        engine.approval_decide(
            actor=task.approver, request_id=request.pk, decision="approve", opinion="同意"
        )
    raise AssertionError("approval did not finish")


def approved_request(company, order, wanted):
    """A demand request for ``wanted`` ({line: quantity}), through its chain."""
    request = services.demand_request_create(
        actor=company.assistant1.user,
        order_id=order.pk,
        lines=[{"line_id": line.pk, "quantity": qty} for line, qty in wanted.items()],
    )
    approve_chain(approval_for_object(request, kind="demand_request"))
    request.refresh_from_db()
    return request


def issued_outbound(company, order, wanted):
    request = approved_request(company, order, wanted)
    return services.outbound_issue(actor=company.assistant1.user, demand_request_id=request.pk)
