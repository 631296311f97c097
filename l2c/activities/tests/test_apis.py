"""The activities API (/api/v1/activities/…) under the fixed clock: follow-ups, tracking,
visit plans through the approvals API, visit reports, tasks, work logs, summaries — and a
fixed number of queries for every list endpoint."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.activities import services
from l2c.activities.tests.conftest import follow, register
from l2c.core.testing import MONDAY_10, api_error

pytestmark = pytest.mark.django_db

API = "/api/v1/activities/"


def _queries(api, path: str) -> tuple[int, dict]:
    api.get(path)  # warm up what is cached per user
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def test_br_cus_04_follow_up_through_the_api(api, company, clock):
    customer = register(company.rep, klass="A")
    response = api.as_(company.rep).post(
        f"{API}follow-ups/",
        {
            "customer": customer.pk,
            "kind": "visit",
            "outcome": "上门拜访",
            "next_date": "2026-11-26",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["real"] and body["counted"] and body["kind_label"] == "拜访"
    assert body["rep"]["id"] == company.rep.pk and body["customer"]["name"] == customer.name
    assert body["card_void_reason"] == "follow_up"
    detail = api.get(f"{API}follow-ups/{body['id']}/").json()
    assert detail["visit_report"] is None
    listed = api.get(f"{API}follow-ups/?customer={customer.pk}").json()
    assert listed["count"] == 1


def test_br_cus_05_third_message_voids_through_the_api(api, company, clock):
    customer = register(company.rep)
    follow(company.rep, customer, "message")
    follow(company.rep, customer, "message")
    body = (
        api.as_(company.rep)
        .post(
            f"{API}follow-ups/",
            {"customer": customer.pk, "kind": "message", "outcome": "短信"},
            format="json",
        )
        .json()
    )
    assert body["real"] is False and body["card_void_reason"] == "message_only"
    again = api.post(f"{API}follow-ups/", {"customer": customer.pk, "kind": "call", "outcome": "x"})
    assert api_error(again, 422, "BR-CUS-04")["code"] == "card_void"


def test_follow_up_errors_are_json(api, company, clock):
    customer = register(company.rep)
    api.as_(company.rep)
    api_error(api.post(f"{API}follow-ups/", {"customer": customer.pk, "kind": "fax"}), 422)
    api_error(
        api.post(
            f"{API}follow-ups/",
            {"customer": customer.pk, "kind": "call", "outcome": "x", "at": "2026-11-24T10:00"},
            format="json",
        ),
        422,
        "BR-CUS-04",
    )
    api_error(
        api.as_(company.reps2[0]).post(
            f"{API}follow-ups/", {"customer": customer.pk, "kind": "call", "outcome": "x"}
        ),
        404,
    )
    api_error(api.get(f"{API}follow-ups/999999/"), 404)


def test_br_cus_02_tracking_and_review_through_the_api(api, company, clock):
    customer = register(company.rep, name="甲", klass="A")
    follow(company.rep, customer, next_date="2026-11-25")
    rows = api.as_(company.supervisor1).get(f"{API}tracking/").json()["results"]
    assert [(r["customer"]["name"], r["unreviewed"], r["follow_up_count"]) for r in rows] == [
        ("甲", True, 1)
    ]
    response = api.post(
        f"{API}tracking-reviews/", {"customer": customer.pk, "comment": "好"}, format="json"
    )
    assert (
        response.status_code == 201 and response.json()["reviewer"]["id"] == company.supervisor1.pk
    )
    assert api.get(f"{API}tracking/?flag=unreviewed").json()["count"] == 0
    reviews = api.as_(company.rep).get(f"{API}tracking-reviews/?customer={customer.pk}").json()
    assert reviews["count"] == 1
    api_error(
        api.as_(company.rep).post(f"{API}tracking-reviews/", {"customer": customer.pk}),
        403,
        "BR-CUS-02",
    )


def test_br_act_01_visit_plan_through_the_api_and_the_approvals_api(api, company, clock):
    api.as_(company.rep)
    plan = api.post(f"{API}visit-plans/", {"month": "2026-12"}, format="json").json()
    assert plan["due_on"] == "2026-11-30" and plan["status"] == "draft"
    url = f"{API}visit-plans/{plan['id']}/"
    plan = api.post(
        f"{url}items/",
        {"target": "华润置地", "planned_on": "2026-12-03", "purpose": "develop"},
        format="json",
    ).json()
    assert [i["label"] for i in plan["items"]] == ["华润置地"]
    plan = api.post(f"{url}submit/").json()
    assert plan["status"] == "in_approval" and plan["approval_request"]
    api_error(
        api.post(f"{url}items/", {"target": "万科", "planned_on": "2026-12-04"}, format="json"),
        422,
        "BR-APR-06",
    )
    inbox = api.as_(company.supervisor1).get("/api/v1/approvals/inbox/").json()["results"]
    assert [t["request"] for t in inbox] == [plan["approval_request"]]
    decided = api.post(
        f"/api/v1/approvals/requests/{plan['approval_request']}/decide/",
        {"decision": "approve", "opinion": "同意"},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    assert api.get(url).json()["status"] == "approved"


def test_br_act_02_visit_report_through_the_api(api, company, clock):
    customer = register(company.rep, klass="A")
    visit = follow(company.rep, customer, "visit")
    api.as_(company.rep)
    due = api.get(f"{API}visit-reports/due/").json()
    assert [(d["source"], d["pk"], d["due_on"]) for d in due] == [
        ("follow_up", visit.pk, "2026-11-25")
    ]
    response = api.post(
        f"{API}visit-reports/",
        {
            "follow_up": visit.pk,
            "content": "客户看中 3-1502",
            "promises": [{"title": "发送付款方案", "due_on": "2026-11-24"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["late"] is False and [t["title"] for t in report["tasks"]] == ["发送付款方案"]
    url = f"{API}visit-reports/{report['id']}/"
    api_error(api.post(f"{url}review/", {"decision": "approve"}, format="json"), 403, "BR-ACT-02")
    reviewed = api.as_(company.supervisor1).post(
        f"{url}review/", {"decision": "return", "comment": "补充预算"}, format="json"
    )
    assert reviewed.json()["state"] == "returned"
    fixed = api.as_(company.rep).patch(
        url, {"version": reviewed.json()["version"], "content": "预算 200 万"}, format="json"
    )
    assert fixed.json()["state"] == "submitted"
    stale = api.patch(url, {"version": 1, "content": "旧"}, format="json")
    assert api_error(stale, 409)["code"] == "stale_version"
    task = report["tasks"][0]
    done = api.post(f"{API}tasks/{task['id']}/complete/", {"note": "已发"}, format="json")
    assert done.json()["done_at"] is not None
    assert api.get(f"{API}tasks/").json()["count"] == 0
    assert api.get(f"{API}tasks/?all=true").json()["count"] == 1


def test_br_act_03_work_log_and_summary_through_the_api(api, company, clock):
    log = (
        api.as_(company.rep)
        .post(f"{API}work-logs/", {"work_done": "接待 3 组"}, format="json")
        .json()
    )
    log = api.post(
        f"{API}work-logs/", {"work_done": "接待 4 组", "version": log["version"]}, format="json"
    ).json()
    assert log["work_done"] == "接待 4 组"
    assert api.as_(company.supervisor1).get(f"{API}work-logs/?day=2026-11-23").json()["count"] == 1
    api_error(
        api.patch(f"{API}work-logs/{log['id']}/", {"version": 2, "work_done": "x"}, format="json"),
        403,
        "BR-ACT-03",
    )
    api.as_(company.assistant1)
    summary = api.post(f"{API}daily-summaries/", {"summary": "来访 12 组"}, format="json").json()
    sent = api.post(f"{API}daily-summaries/{summary['id']}/send/").json()
    assert sent["sent_at"] is not None
    assert api.as_(company.gm).get(f"{API}daily-summaries/").json()["count"] == 1
    api_error(
        api.as_(company.rep).post(f"{API}daily-summaries/", {"summary": "x"}, format="json"), 403
    )


@pytest.mark.parametrize(
    ("path", "viewer"),
    [
        ("follow-ups/?scope=team", "supervisor1"),
        ("tracking/", "supervisor1"),
        ("visit-plans/", "supervisor1"),
        ("visit-reports/", "supervisor1"),
        ("visit-reports/due/", "rep"),
        ("tasks/", "rep"),
        ("work-logs/", "supervisor1"),
        ("daily-summaries/", "gm"),
    ],
)
def test_br_rpt_05_list_endpoints_run_a_fixed_number_of_queries(api, company, clock, path, viewer):
    serial = iter(range(100))

    def grow(n):
        for _ in range(n):
            k = next(serial)
            c = register(company.rep, name=f"客户{k}", klass="A")
            follow(company.rep, c, "visit", next_date="2026-11-24")
            services.task_create(actor=company.rep.user, title=f"事项{k}", due_on="2026-11-30")
            services.visit_report_create(
                actor=company.rep.user,
                data={"target": f"对象{k}", "content": "x", "visited_at": MONDAY_10},
            )
            plan = services.visit_plan_create(actor=company.rep.user, month=f"2027-{k + 1:02d}")
            services.visit_plan_item_add(
                actor=company.rep.user,
                plan_id=plan.pk,
                data={"customer_id": c.pk, "planned_on": f"2027-{k + 1:02d}-02"},
            )
        for person in (company.rep, company.reps1[1]):
            services.work_log_save(actor=person.user, data={"work_done": f"工作{n}"})
        services.daily_summary_save(actor=company.assistant1.user, data={"summary": f"汇总{n}"})

    api.as_(getattr(company, viewer))
    grow(2)
    few, small = _queries(api, f"{API}{path}")
    grow(5)
    many, large = _queries(api, f"{API}{path}")
    assert many == few, path

    def size(body):
        return len(body) if isinstance(body, list) else body["count"]

    if path not in {"daily-summaries/", "work-logs/"}:  # one a day, whatever the data
        assert size(large) > size(small), path
