"""The finance demo pays the demo reservations once and converts deposits of signed contracts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.contracts.models import ReservationStatus
from l2c.finance.demo import load_finance_demo
from l2c.finance.models import MoneyRecord, ReceiptStatus
from l2c.finance.tests.conftest import make_contract, make_reservation

pytestmark = pytest.mark.django_db


def test_finance_demo_is_idempotent(company, clock):
    small = make_reservation(company, kind="small_deposit", deposit="10000.00")
    plain = make_reservation(company, company.reps2[0])
    contracted = make_reservation(company, company.reps1[1])
    contract = make_contract(contracted)
    people = {"zhenghong": company.finance}
    # three deposits, one conversion, one payment plan (paid, partly paid, overdue)
    assert load_finance_demo(people) == 5
    assert load_finance_demo(people) == 0
    assert MoneyRecord.objects.count() == 5  # three deposits, two milestone payments
    for r in (small, plain):
        r.refresh_from_db()
        assert r.status == ReservationStatus.PAID
    assert MoneyRecord.objects.get(reservation=small).kind == "small_deposit"
    assert MoneyRecord.objects.get(reservation=contracted).status == ReceiptStatus.RETURNED
    contract.refresh_from_db()
    assert contract.deposit_converted == Decimal("50000.00")
    assert load_finance_demo({}) == 0


def test_finance_demo_plan_has_paid_partly_paid_and_overdue_milestones(company, clock):
    from l2c.finance import selectors

    contract = make_contract(make_reservation(company))
    load_finance_demo({"zhenghong": company.finance})
    states = [
        m.state
        for m in selectors.milestone_list(viewer=company.finance.user, contract_id=contract.pk)
    ]
    assert states == ["paid", "overdue", "overdue"]
    rows = selectors.milestone_list(viewer=company.finance.user, contract_id=contract.pk)
    assert 0 < rows[1].paid < rows[1].amount  # partly paid
    assert selectors.contract_default(contract.pk)["in_default"]
