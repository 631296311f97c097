"""BR-SEC-03: two people editing the same record — the second save is refused, on both
databases; on PostgreSQL with two real connections saving at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from l2c.core.errors import ConflictError
from l2c.org import services
from l2c.org.models import Person


@pytest.mark.django_db
def test_br_sec_03_second_save_with_a_stale_version_is_refused(company):
    a = Person.objects.get(pk=company.rep.pk)
    b = Person.objects.get(pk=company.rep.pk)
    a.title = "甲"
    a.save_versioned(update_fields=["title"])
    assert a.version == 2
    b.title = "乙"
    with pytest.raises(ConflictError) as err:
        b.save_versioned(update_fields=["title"])
    assert err.value.rule == "BR-SEC-03"
    assert "已被他人修改" in str(err.value.message)
    assert Person.objects.get(pk=company.rep.pk).title == "甲"


@pytest.mark.django_db(transaction=True)
def test_br_sec_03_concurrent_saves_on_postgresql_one_wins(company):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel connections need PostgreSQL")
    admin = company.admin.user
    barrier = threading.Barrier(2)
    results: list[str] = []

    def edit(title: str) -> None:
        try:
            person = Person.objects.get(pk=company.rep.pk)
            barrier.wait(timeout=10)
            services.person_update(
                actor=admin, person=person, expected_version=person.version, title=title
            )
            results.append("saved")
        except ConflictError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["refused", "saved"]
    assert Person.objects.get(pk=company.rep.pk).version == 2
