"""Fixtures of the contracts tests: the catalog's 翠湖天地 building 3 (3-1502 at
1,650,000.00 among floors 14–16), a customer of the rep, and helpers that drive the
approval engine."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalRequest, ApprovalTask, TaskState
from l2c.approvals.selectors import approval_for_object
from l2c.catalog.tests.factories import make_catalog, make_customer
from l2c.contracts import services
from l2c.deals.services import discount_request_create


@pytest.fixture
def catalog(company, clock):
    return make_catalog(company, floors=range(14, 17), rooms=("01", "02"))


@pytest.fixture
def customer(company, clock):
    return make_customer(company.rep)


def approve_all(request: ApprovalRequest, opinion: str = "同意") -> ApprovalRequest:
    """Every pending approver approves, step after step, until the request ends."""
    for _ in range(20):
        request.refresh_from_db()
        tasks = list(
            ApprovalTask.objects.filter(request=request, state=TaskState.PENDING).select_related(
                "approver"
            )
        )
        if not tasks:
            return request
        for task in tasks:
            engine.approval_decide(
                actor=task.approver, request_id=request.pk, decision="approve", opinion=opinion
            )
    raise AssertionError("approval did not finish")


def approved_discount(company, customer, unit, percent="3"):
    """S1 step 6: the supervisor proposes, the manager and the VP countersign, the GM
    approves."""
    dr = discount_request_create(
        actor=company.supervisor1.user,
        data={
            "customer_name": customer.name,
            "unit_label": unit.code,
            "list_price": str(unit.market_price),
            "discount_percent": percent,
            "reason": "客户诚意足",
        },
        submit=True,
    )
    request = approval_for_object(dr, kind="discount")
    if request is not None:
        approve_all(request)
    dr.refresh_from_db()
    return dr


def reserve(person, customer, unit, *, price=None, deposit="50000.00", kind="deposit", **kw):
    return services.reservation_create(
        actor=person.user,
        customer_id=customer.pk,
        unit_id=unit.pk,
        kind=kind,
        agreed_price=price if price is not None else unit.market_price,
        deposit_amount=Decimal(deposit),
        **kw,
    )


def signed_contract(company, reservation, *, actor=None, **kw):
    """A standard contract from the reservation, submitted, reviewed and signed."""
    actor = actor or company.rep
    contract = services.contract_create(actor=actor.user, reservation_id=reservation.pk, **kw)
    contract = services.contract_submit_review(actor=actor.user, contract_id=contract.pk)
    if contract.status == "in_review":
        approve_all(approval_for_object(contract, kind="special_contract"))
    services.contract_review_checklist(
        actor=company.supervisor1.user,
        contract_id=contract.pk,
        clauses_and_figures=True,
        signatures_and_seals=True,
        attachments=True,
        special_review_record=True,
    )
    return services.contract_sign(actor=actor.user, contract_id=contract.pk)
