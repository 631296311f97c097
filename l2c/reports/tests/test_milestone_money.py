"""Money received against a payment milestone (BR-FIN-03) is money against the contract's
price: the signing register counts it as received and the daily report as a payment."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.finance import services as finance
from l2c.finance.tests.conftest import make_contract, make_reservation
from l2c.reports.selectors.contracts import contract_rows

pytestmark = pytest.mark.django_db


def test_br_fin_03_milestone_money_counts_as_received_against_the_contract(company, clock):
    contract = make_contract(make_reservation(company))
    cashier = company.finance.user
    finance.payment_plan_set(
        actor=cashier,
        contract_id=contract.pk,
        milestones=[{"kind": "advance", "percent": "100", "due_by": "on_signing"}],
    )
    milestone = contract.payment_milestones.get()
    finance.milestone_payment_receive(
        actor=cashier,
        milestone_id=milestone.pk,
        amount="100000",
        payer="赵先生",
        method="bank",
        bank_ref="ICBC-RPT-1",
    )
    (row,) = contract_rows(company.gm.user, [contract])
    assert row.received == Decimal("100000.00")
    assert row.outstanding == contract.price - Decimal("100000.00")
