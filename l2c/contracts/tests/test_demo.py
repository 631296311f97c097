"""The contracts demo: reservations, a signed standard contract and a special one in review,
through the services, on the catalog's 翠湖天地 (never 3-1502); idempotent."""

from __future__ import annotations

import pytest

from l2c.catalog.models import Unit, UnitState
from l2c.catalog.tests.factories import make_customer
from l2c.contracts.demo import TERMS, load_contracts_demo
from l2c.contracts.models import Contract, ContractStatus, Reservation

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_leaves_3_1502_for_s1(company, catalog, clock):
    people = {
        "wangfang": company.rep,
        "lina": company.reps2[0],
        "zhangwei": company.reps1[1],
        "liuyang": company.reps2[1],
        "liming": company.supervisor1,
        "zhaolei": company.supervisor2,
    }
    for i, username in enumerate(("wangfang", "lina", "zhangwei", "liuyang")):
        make_customer(people[username], mobile=f"1390000{i:04d}", name=f"演示客户{i}")
    assert load_contracts_demo(people) == 6
    assert Reservation.objects.count() == 4
    assert {r.kind for r in Reservation.objects.all()} == {"deposit", "small_deposit"}
    signed = Contract.objects.get(status=ContractStatus.SIGNED)
    assert signed.number.startswith("HT-") and signed.classification == "standard"
    special = Contract.objects.get(status=ContractStatus.IN_REVIEW)
    assert special.special_reasons == ["clause_change"]
    assert Unit.objects.get(code="3-1502").state == UnitState.AVAILABLE
    assert load_contracts_demo(people) == 0
    assert Reservation.objects.count() == 4


def test_demo_terms_are_clause_text_not_markers(company, catalog, clock):
    """The 约定条款 are shown on the page and printed on the 认购书: real clauses, no
    bookkeeping of the demo (it keys on the rep and the kind instead)."""
    people = {"wangfang": company.rep, "lina": company.reps2[0], "liming": company.supervisor1}
    make_customer(company.rep, mobile="13900000001", name="演示客户甲")
    make_customer(company.reps2[0], mobile="13900000002", name="演示客户乙")
    assert load_contracts_demo(people) == 2
    for r in Reservation.objects.all():
        assert r.terms == TERMS[r.kind] and "演示" not in r.terms and "·" not in r.terms
    # a second customer for the rep changes nothing: the rep already has their reservation
    make_customer(company.rep, mobile="13900000003", name="演示客户丙")
    assert load_contracts_demo(people) == 0
    assert Reservation.objects.count() == 2


def test_demo_without_the_catalog_creates_nothing(company):
    assert load_contracts_demo({"wangfang": company.rep}) == 0
