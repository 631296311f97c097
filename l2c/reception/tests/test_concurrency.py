"""BR-REC-02 on PostgreSQL: two desk users assigning at the same moment never give two
visitors the same turn — the roster row is locked while a turn is given."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from l2c.reception import services
from l2c.reception.models import Reception


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_br_rec_02_two_desks_at_the_same_moment_take_two_turns(office):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel connections need PostgreSQL")
    # transactional tests end with a flush: seed the policy settings again
    from l2c.policy.defaults import seed_definitions
    from l2c.policy.models import PolicySetting, PolicyVersion

    seed_definitions(PolicySetting, PolicyVersion)
    roster = services.roster_set(
        actor=office.desk.user, rep_ids=[p.user.pk for p in (office.wang, office.li, office.zhang)]
    )
    desks = [office.desk, office.company.supervisor1]
    for _round in range(3):
        barrier = threading.Barrier(2)
        errors: list[Exception] = []

        def assign(person, name, barrier=barrier, errors=errors):
            try:
                barrier.wait()
                services.reception_receive(
                    actor=person.user,
                    kind="walk_in",
                    data={"name": name, "source": "passing"},
                    roster_id=roster.pk,
                )
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=assign, args=(p, f"{p.name}-{_round}")) for p in desks]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
    reps = list(
        Reception.objects.filter(roster=roster).order_by("id").values_list("rep_id", flat=True)
    )
    order = [office.wang.user.pk, office.li.user.pk, office.zhang.user.pk]
    assert reps == order * 2  # six visitors, six different turns, in the day's order
