"""S2 — a returning customer (seed 002 attribution), through the API.

1. 王 registered customer 赵 (13900139000) 20 days ago and followed up on time.
2. 赵 returns, refuses 王 and asks for 张. 张 receives (no rotation turn consumed) and the
   system shows 王 as the earlier owner with a valid card.
3. 张 closes the deal: commission splits 张 80% / 王 20%, amounts to the cent.
4. Had 王's card been void (missed follow-up), the split would be 张 100%.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.customers import services as customer_services
from l2c.reception.attribution import split_amount
from l2c.reception.models import AttributionDecision
from l2c.reception.tests.conftest import at

pytestmark = pytest.mark.django_db
MOBILE = "13900139000"


def _register_zhao_20_days_ago(office, clock, *, follow_up: bool):
    clock.move_to(at(2026, 11, 3, 11))
    customer = customer_services.customer_register(
        actor=office.wang.user, data={"name": "赵先生", "mobile": MOBILE}
    ).customer
    if follow_up:
        for day in (5, 11, 17, 22):
            customer_services.customer_record_contact(
                actor=office.wang.user, customer_id=customer.pk, at=at(2026, 11, day, 16), real=True
            )
    clock.move_to(at(2026, 11, 23, 10))
    return customer


def _s2(office, api, clock, *, follow_up: bool):
    customer = _register_zhao_20_days_ago(office, clock, follow_up=follow_up)
    desk = api.as_(office.desk)
    roster = desk.post(
        "/api/v1/reception/rosters/",
        {"reps": [office.wang.pk, office.li.pk, office.zhang.pk]},
        format="json",
    )
    assert roster.status_code == 201, roster.json()
    assert roster.json()["next_name"] == "王芳"
    roster_id = roster.json()["id"]

    # BR-REC-06: the desk types the phone and sees who owns the customer, masked
    lookup = desk.get("/api/v1/reception/lookup/", {"mobile": MOBILE}).json()
    assert lookup["exists"] and lookup["owner"] == office.wang.pk
    assert lookup["owner_name"] == "王芳" and lookup["name_masked"] == "赵**"
    assert lookup["state"] == ("valid" if follow_up else "void")
    assert MOBILE not in str(lookup)

    received = desk.post(
        "/api/v1/reception/receive/",
        {
            "kind": "walk_in",
            "roster": roster_id,
            "name": "赵先生",
            "mobile": MOBILE,
            "source": "passing",
            "answers": {
                "earlier_rep": office.wang.pk,
                "refuses_earlier": True,
                "wanted_rep": office.zhang.pk,
            },
        },
        format="json",
    )
    assert received.status_code == 201, received.json()
    body = received.json()
    assert body["entry"]["rep"] == office.zhang.pk and body["entry"]["rep_name"] == "张伟"
    assert body["entry"]["turn_consumed"] is False and body["turn"] is None
    assert body["entry"]["is_first_visit"] is False
    assert body["entry"]["customer"] == customer.pk
    # no rotation turn consumed: 王 is still next in line
    assert desk.get(f"/api/v1/reception/rosters/{roster_id}/").json()["next_name"] == "王芳"
    decision = body["decision"]
    assert decision["rule"] == "BR-ATT-02" and decision["deal_owner"] == office.zhang.pk
    return customer, decision


def test_s2_returning_customer_refuses_wang_asks_for_zhang_splits_80_20(office, api, clock):
    customer, decision = _s2(office, api, clock, follow_up=True)
    shares = {(s["name"], s["role"]): Decimal(s["percent"]) for s in decision["shares"]}
    assert shares == {("张伟", "A"): Decimal("80.00"), ("王芳", "B"): Decimal("20.00")}
    assert decision["status"] == "confirmed"
    # 张 closes the deal: commission amounts to the cent, the remainder cent to 张
    amounts = {
        s.user.person.name: a
        for s, a in split_amount(
            AttributionDecision.objects.get(pk=decision["id"]), Decimal("12345.67")
        )
    }
    assert amounts == {"张伟": Decimal("9876.54"), "王芳": Decimal("2469.13")}
    assert sum(amounts.values()) == Decimal("12345.67")
    # the customer's card moved to 张 with an ownership record (BR-ATT-02)
    customer.refresh_from_db()
    assert customer.owner == office.zhang.user
    assert customer.ownership.last().rule == "BR-ATT-02"


def test_s2_had_wangs_card_been_void_zhang_takes_100(office, api, clock):
    _customer, decision = _s2(office, api, clock, follow_up=False)
    shares = {(s["name"], s["role"]): Decimal(s["percent"]) for s in decision["shares"]}
    assert shares == {("张伟", "A"): Decimal("100.00")}
    amounts = [
        a
        for _s, a in split_amount(
            AttributionDecision.objects.get(pk=decision["id"]), Decimal("12345.67")
        )
    ]
    assert amounts == [Decimal("12345.67")]
