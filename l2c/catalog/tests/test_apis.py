"""The catalog API: projects, units (effective state, masked customer), hold/release with
the refusal naming holder and expiry (BR-CAT-03), the board, price changes (BR-CAT-04),
stock — and no N+1 on any list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.catalog import services
from l2c.catalog.tests.factories import make_customer
from l2c.core.testing import at

pytestmark = pytest.mark.django_db

BASE = "/api/v1/catalog"


def test_br_cat_03_api_hold_then_other_rep_refused_with_holder_and_expiry(
    company, catalog, customer, api
):
    li, zhang = company.rep, company.reps1[1]
    r = api.as_(li).post(f"{BASE}/units/{catalog.unit.pk}/hold/", {"customer_id": customer.pk})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["state"] == "held" and body["holder_name"] == li.name and body["is_mine"]
    assert body["customer_name"] == "赵先生"  # li owns the customer
    assert body["held_until"].startswith("2026-11-24T10:00")
    assert [e["to_state"] for e in body["events"]] == ["held"]

    r = api.as_(zhang).post(f"{BASE}/units/{catalog.unit.pk}/hold/", {})
    assert r.status_code == 422
    assert r.json() == {
        "code": "unit_unavailable",
        "rule": "BR-CAT-03",
        "message": f"3-1502 已被 {li.name} 销控保留至 11月24日 10:00，不能保留。",
    }
    r = api.as_(zhang).get(f"{BASE}/units/{catalog.unit.pk}/")
    assert r.json()["customer_name"] == "赵**"  # masked for anyone but the owner
    assert not r.json()["can_release"]
    r = api.as_(zhang).post(f"{BASE}/units/{catalog.unit.pk}/release/", {})
    assert r.status_code == 403
    r = api.as_(li).post(f"{BASE}/units/{catalog.unit.pk}/release/", {"reason": "客户改期"})
    assert r.status_code == 200 and r.json()["state"] == "available"


def test_br_cat_03_api_hold_hours_for_reps_refused(company, catalog, api):
    r = api.as_(company.rep).post(f"{BASE}/units/{catalog.unit.pk}/hold/", {"hours": 72})
    assert r.status_code == 403
    r = api.as_(company.manager1).post(f"{BASE}/units/{catalog.unit.pk}/hold/", {"hours": 72})
    assert r.status_code == 200 and r.json()["held_until"].startswith("2026-11-26T10:00")


def test_br_cat_03_api_units_show_effective_state(company, catalog, api, clock):
    services.unit_hold(actor=company.rep.user, unit_id=catalog.unit.pk)
    r = api.as_(company.reps1[1]).get(
        f"{BASE}/units/", {"project": catalog.project.pk, "state": "held"}
    )
    assert [u["code"] for u in r.json()["results"]] == ["3-1502"]
    clock.move_to(at(2026, 11, 24, 10, 30))
    r = api.as_(company.reps1[1]).get(
        f"{BASE}/units/", {"project": catalog.project.pk, "state": "held"}
    )
    assert r.json()["results"] == []
    r = api.as_(company.reps1[1]).get(f"{BASE}/units/{catalog.unit.pk}/")
    assert r.json()["state"] == "available" and r.json()["holder_name"] == ""


def test_api_unknown_unit_and_bad_filters(company, catalog, api):
    assert api.as_(company.rep).get(f"{BASE}/units/999999/").status_code == 404
    assert api.as_(company.rep).post(f"{BASE}/units/999999/hold/", {}).status_code == 404
    assert api.as_(company.rep).get(f"{BASE}/units/", {"state": "sold"}).status_code == 400 or (
        api.as_(company.rep).get(f"{BASE}/units/", {"state": "sold"}).status_code == 422
    )


def test_api_admin_without_sales_role_cannot_see_the_catalog(company, catalog, api):
    assert api.as_(company.admin).get(f"{BASE}/units/").status_code == 403
    assert api.as_(company.admin).get(f"{BASE}/board/").status_code == 403


def test_api_board_grid_top_floor_first_with_counts(company, catalog, customer, api):
    services.unit_hold(actor=company.rep.user, unit_id=catalog.units["3-1801"].pk)
    services.unit_reserve(
        actor=company.rep.user,
        unit_id=catalog.units["3-1802"].pk,
        customer_id=customer.pk,
        document="r:1",
    )
    r = api.as_(company.reps1[1]).get(f"{BASE}/board/", {"project": catalog.project.pk})
    assert r.status_code == 200
    body = r.json()
    assert body["buildings"] == ["3"] and body["total"] == 72
    assert body["counts"] == {
        "available": 70,
        "held": 1,
        "reserved": 1,
        "contracted": 0,
        "delivered": 0,
    }
    grid = body["grids"][0]
    assert grid["rooms"] == ["01", "02", "03", "04"]
    assert [f["floor"] for f in grid["floors"]][:3] == [18, 17, 16]
    top = grid["floors"][0]["cells"]
    assert [c["state"] for c in top] == ["held", "reserved", "available", "available"]
    assert top[1]["customer_name"] == "赵**"


def test_api_price_change_flow(company, catalog, api):
    r = api.as_(company.manager1).post(
        f"{BASE}/price-changes/",
        {
            "unit": catalog.unit.pk,
            "market_price": "1700000.00",
            "dealer_floor_price": "1640000.00",
            "factory_floor_price": "1600000.00",
            "reason": "景观房上调",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    pc = r.json()
    assert pc["status"] == "draft" and pc["old_market_price"] == "1650000.00"
    assert pc["approval_request"] is None
    r = api.as_(company.manager1).post(f"{BASE}/price-changes/{pc['id']}/submit/")
    assert r.status_code == 200 and r.json()["status"] == "in_approval"
    assert r.json()["approval_request"] is not None
    r = api.as_(company.rep).post(
        f"{BASE}/price-changes/",
        {
            "unit": catalog.unit.pk,
            "market_price": "1",
            "dealer_floor_price": "1",
            "factory_floor_price": "1",
            "reason": "x",
        },
        format="json",
    )
    assert r.status_code == 403
    r = api.as_(company.manager1).post(
        f"{BASE}/price-changes/",
        {"market_price": "1", "dealer_floor_price": "1", "factory_floor_price": "1", "reason": "x"},
        format="json",
    )
    assert r.status_code in (400, 422)
    r = api.as_(company.manager1).get(f"{BASE}/price-changes/")
    assert [x["id"] for x in r.json()["results"]] == [pc["id"]]


def test_api_stock_and_products(company, catalog, api):
    r = api.as_(company.reps2[0]).get(f"{BASE}/stock/")
    assert [(s["warehouse"], s["available"]) for s in r.json()["results"]] == [
        ("一号仓", 60),
        ("二号仓", 40),
    ]
    r = api.as_(company.reps2[0]).get(f"{BASE}/products/", {"project": catalog.project.pk})
    assert [p["code"] for p in r.json()["results"]] == ["CHTD-A"]
    assert r.json()["results"][0]["dealer_floor_price"] == "1590000.00"
    r = api.as_(company.rep).get(f"{BASE}/projects/")
    assert {p["name"] for p in r.json()} == {"翠湖天地", "配件"}


# --- no N+1 --------------------------------------------------------------------------------


def _hold_many(company, catalog, n=12):
    reps = [*company.reps1, company.supervisor1]
    owners = {}
    for i, code in enumerate(sorted(catalog.units)[:n]):
        rep = reps[i % len(reps)]
        if rep.pk not in owners:
            owners[rep.pk] = make_customer(rep, mobile=f"1390000{1000 + i:04d}", name=f"客户{i}")
        cust = owners[rep.pk]
        if i % 2:
            services.unit_hold(actor=rep.user, unit_id=catalog.units[code].pk, customer_id=cust.pk)
        else:
            services.unit_reserve(
                actor=rep.user, unit_id=catalog.units[code].pk, customer_id=cust.pk, document="r"
            )


@pytest.mark.parametrize(
    "path",
    [
        "/units/",
        "/units/?state=held",
        "/board/",
        "/projects/",
        "/products/",
        "/stock/",
        "/price-changes/",
    ],
)
def test_api_lists_run_a_fixed_number_of_queries(company, catalog, api, path):
    _hold_many(company, catalog)
    client = api.as_(company.reps1[1])
    client.get(BASE + path)  # warm caches (policy, viewer)
    with CaptureQueriesContext(connection) as small:
        assert client.get(BASE + path).status_code == 200
    _hold_many_more = [
        services.unit_hold(actor=company.reps1[1].user, unit_id=catalog.units[c].pk)
        for c in sorted(catalog.units)[20:40]
    ]
    assert _hold_many_more
    with CaptureQueriesContext(connection) as large:
        assert client.get(BASE + path).status_code == 200
    assert len(large) == len(small) and len(large) <= 12, [q["sql"] for q in large.captured_queries]
