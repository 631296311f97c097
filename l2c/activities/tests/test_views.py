"""The activity pages: each renders, acts through its service, and list pages run a fixed
number of queries whatever the number of rows (BR-RPT-05)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from l2c.activities import services
from l2c.activities.models import FollowUp, PlanStatus, ReportState, VisitPlan, VisitReport
from l2c.activities.tests.conftest import follow, login, register
from l2c.core.testing import MONDAY_10, at

pytestmark = pytest.mark.django_db


def _count(client, url) -> tuple[int, str]:
    client.get(url)  # warm up what is cached per session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries), response.content.decode()


def test_br_cus_04_the_follow_up_page_records_a_follow_up(company, clock, client):
    customer = register(company.rep, name="吴女士", klass="A")
    login(client, company.rep)
    url = reverse("activities:follow_up_new", args=[customer.pk])
    page = client.get(url).content.decode()
    assert "吴女士" in page and 'id="follow-up-form"' in page
    response = client.post(
        url,
        {
            "kind": "call",
            "at": "2026-11-23T10:00",
            "outcome": "约周六看房",
            "next_date": "2026-11-28",
        },
        follow=True,
    )
    assert "回访期限已重新计算" in response.content.decode()
    assert FollowUp.objects.get().outcome == "约周六看房"


def test_the_follow_up_picker_starts_empty_and_needs_a_customer(company, clock, client):
    first = register(company.rep, name="艾先生", klass="A")
    register(company.rep, name="吴女士", klass="A")
    login(client, company.rep)
    page = client.get(reverse("activities:follow_ups")).content.decode()
    start = page.index('id="pick-customer"')
    select = page[page.rindex("<select", 0, start) : page.index("</select>", start)]
    assert '<option value="" selected>—— 请选择客户 ——</option>' in select
    assert select.count(" selected") == 1 and " required" in select
    pick = reverse("activities:follow_up_pick")
    response = client.get(pick, {"customer": ""}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("activities:follow_ups")
    assert "请选择客户。" in response.content.decode()
    assert 'id="follow-up-form"' not in response.content.decode()
    assert not FollowUp.objects.exists()
    response = client.get(pick, {"customer": first.pk})
    assert response.url == reverse("activities:follow_up_new", args=[first.pk])


def test_br_cus_04_the_follow_up_page_shows_rule_errors_in_the_form(company, clock, client):
    customer = register(company.rep)
    login(client, company.rep)
    url = reverse("activities:follow_up_new", args=[customer.pk])
    response = client.post(url, {"kind": "call", "at": "2026-11-24T09:30", "outcome": "x"})
    assert response.status_code == 200
    assert "时间不能晚于当前时间" in response.content.decode()


def test_br_cus_05_the_third_message_warns_that_the_card_is_void(company, clock, client):
    customer = register(company.rep)
    follow(company.rep, customer, "message")
    follow(company.rep, customer, "message")
    login(client, company.rep)
    url = reverse("activities:follow_up_new", args=[customer.pk])
    response = client.post(
        url, {"kind": "message", "at": "2026-11-23T10:00", "outcome": "短信"}, follow=True
    )
    assert "客户卡已作废" in response.content.decode()


def test_br_org_02_a_rep_cannot_open_another_reps_customer(company, clock, client):
    customer = register(company.reps2[0])
    login(client, company.rep)
    response = client.get(reverse("activities:follow_up_new", args=[customer.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "viewer"),
    [
        ("activities:follow_ups", "rep"),
        ("activities:tracking", "supervisor1"),
        ("activities:plans", "supervisor1"),
        ("activities:reports", "supervisor1"),
        ("activities:tasks", "rep"),
        ("activities:work_log", "manager1"),
        ("activities:summaries", "gm"),
    ],
)
def test_br_rpt_05_list_pages_run_a_fixed_number_of_queries(company, clock, client, name, viewer):
    serial = iter(range(100))

    def grow(n):
        for _ in range(n):
            k = next(serial)
            c = register(company.rep, name=f"客户{k}", klass="A")
            follow(company.rep, c, "visit", next_date="2026-11-24")
            services.tracking_review_create(actor=company.supervisor1.user, customer_id=c.pk)
            services.task_create(actor=company.rep.user, title=f"事项{k}", due_on="2026-11-30")
            services.visit_report_create(
                actor=company.rep.user,
                data={"target": f"对象{k}", "content": "x", "visited_at": MONDAY_10},
            )
        for person in (company.rep, company.reps1[1]):
            services.work_log_save(actor=person.user, data={"work_done": f"工作{n}"})

    login(client, getattr(company, viewer))
    url = reverse(name)
    grow(2)
    few, _page = _count(client, url)
    grow(6)
    many, _page = _count(client, url)
    assert many == few, name


def test_br_act_01_plan_pages_create_add_and_submit(company, clock, client):
    login(client, company.rep)
    response = client.post(reverse("activities:plan_new"), {"month": "2026-12"}, follow=True)
    plan = VisitPlan.objects.get()
    assert response.redirect_chain[-1][0] == reverse("activities:plan", args=[plan.pk])
    response = client.post(
        reverse("activities:plan_item_add", args=[plan.pk]),
        {"target": "华润置地", "planned_on": "2026-12-03", "purpose": "develop"},
        follow=True,
    )
    assert "华润置地" in response.content.decode()
    bad = client.post(
        reverse("activities:plan_item_add", args=[plan.pk]),
        {"target": "万科", "planned_on": "2027-01-03", "purpose": "develop"},
    )
    assert "计划日期须在 2026-12 内" in bad.content.decode()
    response = client.post(reverse("activities:plan_submit", args=[plan.pk]), follow=True)
    assert "已提交主管审批" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_APPROVAL
    page = client.get(reverse("activities:plan", args=[plan.pk])).content.decode()
    assert 'id="approval-link"' in page and 'id="plan-item-form"' not in page


def test_br_act_02_report_pages_write_and_review(company, clock, client):
    customer = register(company.rep, klass="A")
    visit = follow(company.rep, customer, "visit")
    login(client, company.rep)
    url = reverse("activities:report_new") + f"?follow_up={visit.pk}"
    assert "2026-11-25" in client.get(url).content.decode()
    data = {
        "content": "客户看中 3-1502",
        "feedback": "希望再优惠",
        "promise-TOTAL_FORMS": "3",
        "promise-INITIAL_FORMS": "0",
        "promise-0-title": "发送付款方案",
        "promise-0-due_on": "2026-11-24",
    }
    response = client.post(url, data, follow=True)
    report = VisitReport.objects.get()
    assert report.tasks.count() == 1 and report.follow_up == visit
    assert "等待主管审核" in response.content.decode()
    client.logout()
    login(client, company.supervisor1)
    page = client.get(reverse("activities:report", args=[report.pk])).content.decode()
    assert 'id="review-form"' in page
    client.post(
        reverse("activities:report_review", args=[report.pk]),
        {"decision": "approve", "comment": "好"},
    )
    report.refresh_from_db()
    assert report.state == ReportState.REVIEWED


def test_br_cus_02_the_tracking_review_button(company, clock, client):
    customer = register(company.rep, klass="A")
    follow(company.rep, customer)
    login(client, company.supervisor1)
    table = client.get(reverse("activities:tracking")).content.decode()
    assert customer.name in table and "待审阅" in table
    response = client.post(
        reverse("activities:tracking_review", args=[customer.pk]), {"comment": "好"}, follow=True
    )
    assert "已审阅客户追踪表" in response.content.decode()


def test_br_act_03_work_log_and_summary_pages(company, clock, client):
    login(client, company.rep)
    client.post(reverse("activities:work_log"), {"work_done": "接待 3 组客户"})
    client.logout()
    login(client, company.assistant1)
    page = client.get(reverse("activities:summaries")).content.decode()
    assert "接待 3 组客户" in page
    response = client.post(
        reverse("activities:summaries"), {"summary": "今日来访 12 组", "send": "1"}, follow=True
    )
    assert "已发送给总经理和销售经理" in response.content.decode()
    client.logout()
    login(client, company.gm)
    assert "今日来访 12 组" in client.get(reverse("activities:summaries")).content.decode()


def test_next_redirects_stay_on_this_site(company, clock, client):
    login(client, company.rep)
    response = client.post(
        reverse("activities:task_new"),
        {"title": "寄资料", "due_on": "2026-11-24", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("activities:tasks")


def test_the_home_page_shows_the_activity_reminders(company, clock, client):
    register(company.rep, name="寿星", birthday="1980-11-23")
    login(client, company.rep)
    clock.move_to(at(2026, 11, 23, 11))
    page = client.get("/").content.decode()
    assert "客户生日" in page and "寿星" in page
