"""BR-CAT-03 / S6 on PostgreSQL: 50 clients reserve the same available unit at the same
moment — exactly one succeeds, 49 are refused with a clear message, one event is written."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from l2c.catalog import services
from l2c.catalog.models import Unit, UnitEvent, UnitState
from l2c.core.errors import BusinessRuleError

CLIENTS = 50


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_br_cat_03_fifty_parallel_reservations_of_one_unit_exactly_one_wins(company):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel connections need PostgreSQL")
    # transactional tests end with a flush: seed the policy settings again
    from l2c.policy.defaults import seed_definitions
    from l2c.policy.models import PolicySetting, PolicyVersion

    seed_definitions(PolicySetting, PolicyVersion)
    from l2c.catalog.tests.factories import make_catalog, make_customer

    catalog = make_catalog(company, floors=[15], rooms=["02"])
    unit = catalog.unit
    reps = [*company.reps1, *company.reps2]
    customers = [
        make_customer(rep, mobile=f"1380013{8000 + i:04d}", name=f"客户{i}")
        for i, rep in enumerate(reps)
    ]
    barrier = threading.Barrier(CLIENTS)
    ok: list[int] = []
    refused: list[BusinessRuleError] = []
    other: list[Exception] = []
    lock = threading.Lock()

    def reserve(i: int) -> None:
        rep, customer = reps[i % len(reps)], customers[i % len(reps)]
        try:
            barrier.wait(timeout=60)
            services.unit_reserve(
                actor=rep.user, unit_id=unit.pk, customer_id=customer.pk, document=f"rsv:{i}"
            )
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

    threads = [threading.Thread(target=reserve, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert other == []
    assert len(ok) == 1 and len(refused) == CLIENTS - 1
    assert all(e.rule == "BR-CAT-03" and e.code == "unit_unavailable" for e in refused)
    assert all("3-1502 已认购（经办人" in str(e.message) for e in refused)
    unit = Unit.objects.get(pk=unit.pk)
    assert unit.state == UnitState.RESERVED
    assert UnitEvent.objects.filter(unit=unit, to_state=UnitState.RESERVED).count() == 1
    assert UnitEvent.objects.filter(unit=unit).count() == 1
