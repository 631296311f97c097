"""The reception API (/api/v1/reception/…): rosters, out/back, receive (S1 steps 1–2),
lookup, registers and statistics, attribution — errors as {code, rule, message}, scope,
and query counts of the lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.reception.tests.conftest import set_roster, walk_in

pytestmark = pytest.mark.django_db
R = "/api/v1/reception"


@pytest.fixture
def as_():
    """A separate API client per person (``api.as_`` re-authenticates one shared client)."""
    from rest_framework.test import APIClient

    def make(person):
        client = APIClient()
        client.force_authenticate(user=person.user)
        return client

    return make


def _walk_in(client, roster_id, name, **extra):
    response = client.post(
        f"{R}/receive/",
        {"kind": "walk_in", "roster": roster_id, "name": name, "source": "passing", **extra},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_br_rec_03_s1_through_the_api(office, as_, clock):
    desk = as_(office.desk)
    roster = desk.post(
        f"{R}/rosters/", {"reps": [office.wang.pk, office.li.pk, office.zhang.pk]}, format="json"
    ).json()
    rid = roster["id"]
    assert [m["name"] for m in roster["members"]] == ["王芳", "李娜", "张伟"]
    out = desk.post(
        f"{R}/rosters/{rid}/out/",
        {"person": office.li.pk, "reason": "with_customer"},
        format="json",
    ).json()
    assert [m["away"] for m in out["members"]] == [False, True, False]
    first = _walk_in(desk, rid, "访客一")
    second = _walk_in(desk, rid, "访客二")
    assert first["entry"]["rep_name"] == "王芳" and first["turn"] == {
        "how": "rotation",
        "skipped": [],
    }
    assert second["entry"]["rep_name"] == "张伟"
    assert second["turn"] == {"how": "rotation", "skipped": [office.li.pk]}
    state = desk.post(f"{R}/rosters/{rid}/back/", {"person": office.li.pk}, format="json").json()
    assert state["next_name"] == "李娜" and state["next_is_makeup"] is True
    assert [m["owed"] for m in state["members"]] == [0, 1, 0]
    third = _walk_in(desk, rid, "访客三", mobile="13800138000")
    assert third["entry"]["rep_name"] == "李娜" and third["turn"]["how"] == "makeup"
    assert desk.get(f"{R}/rosters/{rid}/").json()["next_name"] == "王芳"
    listed = desk.get(f"{R}/rosters/").json()
    assert [r["id"] for r in listed] == [rid]


def test_errors_are_json_with_the_rule(office, as_, clock):
    desk = as_(office.desk)
    response = desk.post(f"{R}/receive/", {"kind": "walk_in", "name": "甲"}, format="json")
    assert response.status_code == 422 and response.json()["rule"] == "BR-REC-02"
    rid = set_roster(office, office.wang).pk
    response = desk.post(
        f"{R}/receive/",
        {
            "kind": "walk_in",
            "roster": rid,
            "name": "甲",
            "received_at": "2026-11-22T10:00:00+08:00",
        },
        format="json",
    )
    assert response.status_code == 422 and response.json()["code"] == "back_dated"
    response = desk.post(f"{R}/receive/", {"kind": "visit", "name": "甲"}, format="json")
    assert response.status_code == 422 and "kind" in response.json()["fields"]
    response = desk.post(f"{R}/rosters/{rid}/back/", {"person": office.wang.pk}, format="json")
    assert response.status_code == 409
    rep = as_(office.li)
    response = rep.post(f"{R}/rosters/", {"reps": [office.li.pk]}, format="json")
    assert response.status_code == 403
    outsider = as_(office.company.manager2)
    assert outsider.get(f"{R}/rosters/{rid}/").status_code == 404
    assert desk.get(f"{R}/lookup/", {"mobile": "12345"}).status_code == 422


def test_br_rpt_01_entries_and_stats(office, as_, clock):
    roster = set_roster(office, office.wang, office.li)
    walk_in(office, roster, "甲", mobile="13800138001")
    walk_in(office, roster, "乙")
    rep = as_(office.wang)
    mine = rep.get(f"{R}/entries/").json()
    assert mine["count"] == 1 and mine["results"][0]["mobile"] == "13800138001"
    desk = as_(office.company.manager1)
    listed = desk.get(f"{R}/entries/", {"kind": "walk_in"}).json()
    assert listed["count"] == 2
    assert listed["results"][1]["mobile"] == "138****8001"  # BR-CUS-10
    stats = desk.get(f"{R}/stats/").json()
    assert stats["total"] == 2 and stats["walk_ins"] == 2 and stats["with_mobile"] == 1
    entry_id = mine["results"][0]["id"]
    sent = rep.post(f"{R}/entries/{entry_id}/first-message/").json()
    assert sent["first_message_sent_at"] is not None
    assert rep.post(f"{R}/entries/{entry_id}/first-message/").status_code == 409
    registered = as_(office.desk).post(f"{R}/entries/{entry_id}/register/", {}, format="json")
    assert registered.status_code == 200
    assert registered.json()["created"] and registered.json()["owner"] == office.wang.pk


def test_br_rpt_05_lists_run_a_fixed_number_of_queries(office, as_, clock):
    from l2c.customers import services as customer_services

    roster = set_roster(office, office.wang, office.li, office.zhang)
    client = as_(office.company.manager1)

    def grow(n, start):
        for i in range(start, start + n):
            mobile = f"1380013{i:04d}"
            customer_services.customer_register(
                actor=office.zhang.user, data={"name": f"客{i}", "mobile": mobile}
            )
            walk_in(office, roster, f"客{i}", mobile=mobile, answers={"forgot": True})
            walk_in(office, roster, f"新{i}")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{R}/entries/").status_code == 200
            assert client.get(f"{R}/attributions/").status_code == 200
        return len(ctx.captured_queries)

    grow(1, 0)
    count()  # the first request also loads the viewer
    few = count()
    grow(6, 1)
    assert count() == few


def test_br_att_11_dispute_and_resolve_through_the_api(office, as_, clock):
    from l2c.customers import services as customer_services

    roster = set_roster(office, office.li, office.wang)
    first = walk_in(office, roster, "赵先生", mobile="13900139000").reception
    customer_services.customer_register(
        actor=office.li.user, data={"name": "赵先生", "mobile": "13900139000"}
    )
    entry = walk_in(office, roster, "赵先生", mobile="13900139000", is_first_visit=False)
    assert first.rep == office.li.user and entry.reception.rep == office.wang.user
    desk = as_(office.desk)
    decision = entry.decision
    assert decision.rule == "BR-ATT-07"  # no one named: the register shows 李
    lst = as_(office.li).get(f"{R}/attributions/").json()
    assert [d["id"] for d in lst["results"]] == [decision.pk]
    disputed = as_(office.li).post(
        f"{R}/attributions/{decision.pk}/dispute/", {"reason": "是我接待的"}, format="json"
    )
    assert disputed.status_code == 200 and disputed.json()["status"] == "disputed"
    manager = as_(office.company.manager1)
    assert manager.get(f"{R}/attributions/", {"open": True}).json()["count"] == 1
    refused = desk.post(
        f"{R}/attributions/{decision.pk}/resolve/", {"how": "manager", "note": "x"}, format="json"
    )
    assert refused.status_code == 403, refused.json()
    resolved = manager.post(
        f"{R}/attributions/{decision.pk}/resolve/",
        {
            "how": "manager",
            "note": "登记显示李娜先接待",
            "shares": [{"person": office.li.pk, "percent": "100"}],
        },
        format="json",
    )
    assert resolved.status_code == 200, resolved.json()
    body = resolved.json()
    assert body["status"] == "resolved" and body["deal_owner"] == office.li.pk
    assert [(s["name"], s["percent"]) for s in body["shares"]] == [("李娜", "100.00")]


def test_br_att_01_decide_later_for_an_entry(office, as_, clock):
    from l2c.customers import services as customer_services

    roster = set_roster(office, office.li, office.wang)
    entry = walk_in(office, roster, "周女士", is_first_visit=False).reception
    assert entry.customer is None
    customer_services.customer_register(
        actor=office.wang.user, data={"name": "周女士", "mobile": "13600136000"}
    )
    desk = as_(office.desk)
    registered = desk.post(
        f"{R}/entries/{entry.pk}/register/", {"mobile": "13600136000"}, format="json"
    ).json()
    assert registered["duplicate"] and registered["owner_name"] == "王芳"
    assert registered["already_owned"] is False
    decided = desk.post(
        f"{R}/attributions/",
        {"entry": entry.pk, "answers": {"earlier_rep": office.wang.pk}},
        format="json",
    )
    assert decided.status_code == 201, decided.json()
    assert decided.json()["rule"] == "BR-ATT-01"
    again = desk.post(
        f"{R}/attributions/",
        {"entry": entry.pk, "answers": {"earlier_rep": office.wang.pk}},
        format="json",
    )
    assert again.status_code == 409


def test_br_att_11_a_20_digit_customer_filter_is_a_422_not_a_500(office, as_, clock):
    response = as_(office.li).get(f"{R}/attributions/", {"customer": "9" * 20})
    assert response.status_code == 422 and "customer" in str(response.json())
