"""Approval pages: inbox, request page, decisions through the web — and query counts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalRequest, RequestState
from l2c.approvals.tests.conftest import make_document, person_step, set_chain
from l2c.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, person):
    assert client.login(username=person.user.username, password=PASSWORD)
    return client


def submit_many(company, n, requester=None):
    requester = requester or company.supervisor1
    requests = []
    for _ in range(n):
        doc = make_document(requester)
        requests.append(
            engine.approval_submit(
                actor=requester.user, kind="process_change", obj=doc, title="流程变更", facts={}
            )
        )
    return requests


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("box", ["waiting", "done", "copied", "mine"])
def test_br_rpt_05_inbox_runs_a_fixed_number_of_queries(company, clock, outcomes, client, box):
    set_chain(company, [person_step("经理", company.manager1), person_step("总", company.gm)])
    viewer = {
        "waiting": company.manager1,
        "done": company.manager1,
        "copied": company.finance,
        "mine": company.supervisor1,
    }[box]

    def grow(n):
        for request in submit_many(company, n):
            if box == "done":
                engine.approval_decide(
                    actor=company.manager1.user, request_id=request.pk, decision="approve"
                )
            if box == "copied":
                engine.approval_copy(
                    actor=company.supervisor1.user,
                    request_id=request.pk,
                    user_ids=[company.finance.user.pk],
                )

    login(client, viewer)
    grow(2)
    few, response = _count(client, f"/approvals/?box={box}")
    assert response.content.decode().count('href="/approvals/') >= 2
    grow(12)
    many, response = _count(client, f"/approvals/?box={box}")
    assert many == few


def test_br_apr_01_request_page_shows_the_timeline_and_decides(company, clock, outcomes, client):
    set_chain(
        company,
        [
            person_step("经理", company.manager1, deadline={"type": "same_day"}),
            person_step("总经理", company.gm),
        ],
    )
    (request,) = submit_many(company, 1)
    login(client, company.manager1)
    page = client.get(f"/approvals/{request.pk}/").content.decode()
    assert "经理" in page and "decision-form" in page and "11-23 18:00" in page
    response = client.post(
        f"/approvals/{request.pk}/decide/", {"decision": "reject", "opinion": ""}, follow=True
    )
    body = response.content.decode()
    assert "不同意或退回时请填写意见" in body and "BR-APR-01" in body
    client.post(f"/approvals/{request.pk}/decide/", {"decision": "approve", "opinion": "好"})
    request.refresh_from_db()
    assert request.current_step == 1
    # the requester sees the page, without the decision form
    login(client, company.supervisor1)
    page = client.get(f"/approvals/{request.pk}/").content.decode()
    assert "decision-form" not in page and "withdraw-form" in page
    client.post(f"/approvals/{request.pk}/withdraw/", {"reason": "改价"})
    assert ApprovalRequest.objects.get(pk=request.pk).state == RequestState.WITHDRAWN


def test_br_apr_01_request_page_runs_a_fixed_number_of_queries(company, clock, outcomes, client):
    steps = [
        person_step(f"第{i}步", p)
        for i, p in enumerate([company.manager1, company.director, company.vp, company.gm])
    ]
    set_chain(company, steps[-1:])  # the GM alone: the same actions as on the long one
    (short,) = submit_many(company, 1)
    set_chain(company, steps)
    (long,) = submit_many(company, 1)
    for approver in (company.manager1, company.director, company.vp):
        engine.approval_decide(
            actor=approver.user, request_id=long.pk, decision="approve", opinion="同意"
        )
    login(client, company.gm)
    few, _ = _count(client, f"/approvals/{short.pk}/")
    many, _ = _count(client, f"/approvals/{long.pk}/")
    assert many == few


def test_br_org_02_outsider_gets_404_on_the_request_page(company, clock, outcomes, client):
    set_chain(company, [person_step("经理", company.manager1)])
    (request,) = submit_many(company, 1)
    login(client, company.reps2[0])
    assert client.get(f"/approvals/{request.pk}/").status_code == 404
    assert client.get("/approvals/999999999999999999999/").status_code == 404


def test_br_rpt_05_waiting_approvals_in_the_home_todo_panel(company, clock, outcomes, client):
    set_chain(company, [person_step("经理", company.manager1)])
    submit_many(company, 2)
    login(client, company.manager1)
    page = client.get("/").content.decode()
    assert "待我审批" in page and "流程变更" in page
    assert re.search(r"待我审批</strong>\s*<span[^>]*>2</span>", page)


def test_br_apr_02_discount_pages(company, clock, client):
    from l2c.deals.tests.factories import catalog, customer

    unit = catalog(company).unit  # 3-1502, list price 1,650,000.00
    zhao = customer(company.rep, "赵先生")  # the supervisor's team
    login(client, company.supervisor1)
    response = client.post(
        "/deals/discounts/new/",
        {
            "customer_id": zhao.pk,
            "unit_id": unit.pk,
            "discount_percent": "3",
            "reason": "老客户",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "审批中" in detail and "1,600,500.00" in detail.replace("，", ",")
    response = client.post(
        "/deals/discounts/new/", {"customer_id": "", "unit_id": unit.pk, "discount_percent": "80"}
    )
    assert response.status_code == 200 and "discount-form" in response.content.decode()
    listing = client.get("/deals/discounts/").content.decode()
    assert "赵先生" in listing
