"""The reception demo loads through the services and is idempotent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.org.models import Person
from l2c.reception.demo import load_reception_demo
from l2c.reception.models import AttributionDecision, Reception
from l2c.web.demo import load_demo

pytestmark = pytest.mark.django_db


def test_reception_demo_loads_once(clock):
    assert load_demo()["receptions"] == 6  # the demo loader calls load_reception_demo
    people = {p.user.username: p for p in Person.objects.select_related("user", "team")}
    assert load_reception_demo(people) == 0
    assert Reception.objects.filter(turn_consumed=True).count() == 3
    s2 = AttributionDecision.objects.get(rule="BR-ATT-02")
    assert {s.user.person.name: s.percent for s in s2.shares.all()} == {
        "陈静": Decimal("80.00"),
        "王芳": Decimal("20.00"),
    }
    assert AttributionDecision.objects.filter(status="disputed").count() == 1
