"""BR-FIN-06 on PostgreSQL with real parallel connections: ten cashiers registering the same
bank transfer at the same moment produce exactly one record; receipt numbers stay gapless
(BR-CON-05) whatever the race."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from l2c.audit.models import AuditLog
from l2c.finance import services
from l2c.finance.models import MoneyRecord

THREADS = 10


def _seed_policy():
    # transactional tests end with a flush: seed the policy settings again
    from l2c.policy.defaults import seed_definitions
    from l2c.policy.models import PolicySetting, PolicyVersion

    seed_definitions(PolicySetting, PolicyVersion)


def _race(work) -> tuple[list, list]:
    barrier = threading.Barrier(THREADS)
    results: list = []
    errors: list = []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.fixture
def pg(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel connections need PostgreSQL")
    _seed_policy()


@pytest.mark.postgres_only
def test_br_fin_06_ten_parallel_registrations_of_one_bank_ref_make_one_record(pg, company):
    from l2c.finance.tests.conftest import make_reservation

    reservation = make_reservation(company)
    cashier = company.finance.user

    def register(_i):
        return services.money_receive(
            actor=cashier,
            kind="deposit",
            amount="50000",
            payer="赵先生",
            method="bank",
            bank_ref="ICBC-RACE-0001",
            reservation_id=reservation.pk,
        ).number

    numbers, errors = _race(register)
    assert errors == []
    assert MoneyRecord.objects.count() == 1
    record = MoneyRecord.objects.get()
    assert numbers == [record.number] * THREADS
    assert AuditLog.objects.filter(action="money.receive").count() == 1
    reservation.refresh_from_db()
    assert reservation.paid_amount == Decimal("50000.00") and reservation.status == "paid"


@pytest.mark.postgres_only
def test_br_fin_06_parallel_same_bank_ref_without_a_document_lock(pg, company):
    """No reservation row to queue on: the partial unique index decides, the losers get the
    winner's receipt, and their numbers roll back with their savepoints (no gap)."""
    from l2c.finance.tests.conftest import make_contract, make_reservation

    contract = make_contract(make_reservation(company))
    customer_id = contract.customer_id
    cashier = company.finance.user

    def register(_i):
        return services.money_receive(
            actor=cashier,
            kind="payment",
            amount="300000",
            payer="赵先生",
            method="bank",
            bank_ref="CCB-RACE-0002",
            customer_id=customer_id,
        ).number

    numbers, errors = _race(register)
    assert errors == []
    record = MoneyRecord.objects.get()
    assert numbers == [record.number] * THREADS
    assert record.number.endswith("000001")

    def distinct(i):
        return services.money_receive(
            actor=cashier,
            kind="payment",
            amount="1000",
            payer="赵先生",
            method="bank",
            bank_ref=f"CCB-RACE-1{i:03d}",
            contract_id=contract.pk,
        ).number

    numbers, errors = _race(distinct)
    assert errors == []
    tails = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert tails == list(range(2, 2 + THREADS))  # consecutive, no gap, no repeat


@pytest.mark.postgres_only
def test_br_fin_03_ten_parallel_registrations_against_a_milestone_make_one_receipt(pg, company):
    """The milestone's row lock queues the cashiers: the first records the payment, the
    other nine find its bank reference and get the same receipt — never an overpayment
    refusal, never a second record."""
    from l2c.finance.models import PaymentMilestone
    from l2c.finance.tests.conftest import make_contract, make_reservation

    contract = make_contract(make_reservation(company))
    cashier = company.finance.user
    services.payment_plan_set(
        actor=cashier,
        contract_id=contract.pk,
        milestones=[
            {"kind": "advance", "percent": "30", "due_by": "on_signing"},
            {"kind": "other", "percent": "70", "due_by": "date", "due_on": "2027-06-01"},
        ],
    )
    advance = PaymentMilestone.objects.get(contract=contract, sequence=1)

    def register(_i):
        return services.milestone_payment_receive(
            actor=cashier,
            milestone_id=advance.pk,
            amount=str(advance.amount),
            payer="赵先生",
            method="bank",
            bank_ref="ICBC-MS-RACE-0001",
        ).number

    numbers, errors = _race(register)
    assert errors == []
    record = MoneyRecord.objects.get()
    assert record.milestone_id == advance.pk and record.amount == advance.amount
    assert numbers == [record.number] * THREADS
    assert AuditLog.objects.filter(action="money.receive_milestone").count() == 1
