"""BR-CAT-03 and BR-CON-05 on PostgreSQL with real parallel connections (skipped on SQLite):

(a) 50 threads sign a reservation for the same available unit (different reps, different
    customers): exactly one reservation, 49 refusals, no partial rows, no number used up;
(b) 200 ready contracts signed at once by 25 threads (8 each, one connection per thread:
    PostgreSQL here allows 100 connections, shared with the other test runs): 200
    distinct consecutive numbers.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from l2c.catalog.models import Unit, UnitEvent, UnitState
from l2c.contracts import services
from l2c.contracts.models import (
    Contract,
    ContractReview,
    ContractStatus,
    Reservation,
)
from l2c.core.errors import BusinessRuleError
from l2c.core.models import DocumentSequence
from l2c.core.roles import Role

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _postgres_with_policy():
    if connection.vendor != "postgresql":
        pytest.skip("real parallel connections need PostgreSQL")
    # transactional tests end with a flush: seed the policy settings again
    from l2c.policy.defaults import seed_definitions
    from l2c.policy.models import PolicySetting, PolicyVersion

    seed_definitions(PolicySetting, PolicyVersion)


def _run(n: int, work) -> tuple[list, list[BusinessRuleError], list[Exception]]:
    barrier = threading.Barrier(n)
    ok: list = []
    refused: list[BusinessRuleError] = []
    other: list[Exception] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=120)
            result = work(i)
            with lock:
                ok.append(result)
        except BusinessRuleError as exc:
            with lock:
                refused.append(exc)
        except Exception as exc:  # pragma: no cover — reported by the assertion
            with lock:
                other.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return ok, refused, other


def test_br_cat_03_fifty_reps_reserving_one_unit_one_reservation_and_no_orphan_number(company):
    _postgres_with_policy()
    from l2c.catalog.tests.factories import make_catalog, make_customer
    from l2c.org.tests.factories import person

    catalog = make_catalog(company, floors=[15], rooms=["02"])
    unit = catalog.unit
    reps = [
        person(
            name=f"顾问{i:02d}",
            department=company.dept1,
            team=company.team1,
            roles=[Role.REP],
            superior=company.supervisor1,
        )
        for i in range(50)
    ]
    customers = [
        make_customer(rep, mobile=f"139{i:08d}", name=f"客户{i}") for i, rep in enumerate(reps)
    ]

    def reserve(i: int):
        return services.reservation_create(
            actor=reps[i].user,
            customer_id=customers[i].pk,
            unit_id=unit.pk,
            kind="deposit",
            agreed_price=unit.market_price,
            deposit_amount=Decimal("50000.00"),
        ).pk

    ok, refused, other = _run(50, reserve)
    assert other == []
    assert len(ok) == 1 and len(refused) == 49
    assert all(e.rule == "BR-CAT-03" for e in refused)
    assert all("3-1502" in str(e.message) for e in refused)
    assert Reservation.objects.count() == 1
    winner = Reservation.objects.get()
    assert winner.number == "RG-2026-S1-000001"
    assert DocumentSequence.objects.get(kind="reservation").last_value == 1
    assert Unit.objects.get(pk=unit.pk).state == UnitState.RESERVED
    assert UnitEvent.objects.filter(unit=unit).count() == 1
    # only the winner's customer became a deal customer (no partial writes)
    from l2c.customers.models import Customer

    assert list(Customer.objects.filter(deal_at__isnull=False).values_list("pk", flat=True)) == [
        winner.customer_id
    ]


def test_br_con_05_two_hundred_parallel_signings_get_two_hundred_consecutive_numbers(company):
    _postgres_with_policy()
    from django.utils import timezone

    from l2c.catalog.tests.factories import make_customer

    customer = make_customer(company.rep)
    now = timezone.now()
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                customer=customer,
                buyer_name=customer.name,
                list_price=Decimal("100000.00"),
                price=Decimal("100000.00"),
                status=ContractStatus.READY,
                owner=company.rep.user,
                department=company.dept1,
                team=company.team1,
            )
            for _ in range(200)
        ]
    )
    ContractReview.objects.bulk_create(
        [
            ContractReview(
                contract=c,
                clauses_and_figures=True,
                signatures_and_seals=True,
                attachments=True,
                reviewer=company.supervisor1.user,
                reviewed_at=now,
            )
            for c in contracts
        ]
    )
    ids = [c.pk for c in contracts]
    threads = 25

    def sign(i: int) -> list[str]:
        return [
            services.contract_sign(actor=company.rep.user, contract_id=pk).number
            for pk in ids[i::threads]
        ]

    done, refused, other = _run(threads, sign)
    assert other == [] and refused == []
    ok = [number for batch in done for number in batch]
    year = timezone.localdate().year
    expected = [f"HT-{year}-S1-{n:06d}" for n in range(1, 201)]
    assert sorted(ok) == expected
    assert sorted(Contract.objects.values_list("number", flat=True)) == expected
    assert DocumentSequence.objects.get(kind="contract").last_value == 200
