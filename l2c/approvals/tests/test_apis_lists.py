"""The request list and the inbox over HTTP (BR-APR-01, 03, 06): scope, bad ids and the
query counts."""

from __future__ import annotations

import pytest

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalTask, RequestState, TaskState
from l2c.approvals.tests.api_helpers import (
    COUNTS,
    HUGE,
    INBOX,
    REQUESTS,
    count_queries,
    error_body,
    post,
    submit,
    url,
)
from l2c.approvals.tests.conftest import at, person_step, set_chain

pytestmark = pytest.mark.django_db


def test_br_apr_06_api_outsiders_get_404(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.rep)
    outsider = company.reps2[0]  # a rep of the other department
    api.as_(outsider)
    error_body(api.get(url(request)), 404, "BR-APR-06")
    for action, data in (
        ("decide", {"decision": "approve"}),
        ("transfer", {"person": company.director.pk}),
        ("add-signer", {"person": company.director.pk}),
        ("copy", {"people": [company.director.pk]}),
        ("withdraw", {"reason": "x"}),
    ):
        error_body(post(api, outsider, request, action, data), 404)
    assert api.get(REQUESTS).json()["count"] == 0
    assert ApprovalTask.objects.get(request=request).state == TaskState.PENDING
    for insider in (company.rep, company.supervisor1, company.manager1, company.gm):
        assert api.as_(insider).get(url(request)).status_code == 200


def test_api_huge_and_unknown_request_ids_are_404_not_500(company, api, clock, outcomes):
    api.as_(company.gm)
    for pk in (999999, HUGE, 2**63):
        error_body(api.get(url(pk)), 404)
        error_body(api.post(url(pk, "decide"), {"decision": "approve"}, format="json"), 404)
        error_body(api.post(url(pk, "withdraw"), {}, format="json"), 404)


def test_api_requires_authentication(company, api):
    for path in (REQUESTS, INBOX, COUNTS, url(1)):
        assert error_body(api.get(path), 401)["code"] == "not_authenticated"


def test_br_apr_01_api_request_list_is_scoped_and_filtered(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    mine = submit(company.rep, title="顾问的申请")
    other = submit(company.reps2[0], title="二部的申请")
    engine.approval_withdraw(actor=company.reps2[0].user, request_id=other.pk)

    def listed(person, query=""):
        body = api.as_(person).get(f"{REQUESTS}{query}").json()
        return [r["id"] for r in body["results"]]

    assert listed(company.rep) == [mine.pk]
    assert listed(company.manager2) == [other.pk]
    assert sorted(listed(company.manager1)) == sorted([mine.pk, other.pk])  # approver of both
    assert sorted(listed(company.gm)) == sorted([mine.pk, other.pk])
    assert listed(company.gm, "?state=withdrawn") == [other.pk]
    assert listed(company.gm, "?kind=discount") == []
    item = api.as_(company.gm).get(f"{REQUESTS}?state=in_approval").json()["results"][0]
    assert item["requester_name"] == "顾问1a" and item["current_step_name"] == "经理"
    assert item["kind_label"] == "流程变更" and item["state_label"] == "审批中"
    assert "state" in error_body(api.get(f"{REQUESTS}?state=nonsense"), 422)["fields"]


def test_br_apr_03_api_inbox_boxes_and_overdue(company, api, clock, outcomes):
    set_chain(
        company,
        [person_step("经理", company.manager1, deadline={"type": "working_days", "value": 1})],
    )
    first = submit(company.supervisor1, title="第一单")
    second = submit(company.rep, title="第二单")
    api.as_(company.manager1)
    waiting = api.get(INBOX).json()  # ``waiting`` is the default box
    assert waiting["count"] == 2
    item = waiting["results"][0]
    assert item["request"] == first.pk and item["title"] == "第一单"
    assert item["step_name"] == "经理" and item["requester_name"] == "主管1"
    assert item["task_state"] == "pending" and item["overdue"] is False
    assert item["deadline_at"] and item["read"] is None
    assert api.get(COUNTS).json() == {"waiting": 2, "copied_unread": 0}

    clock.move_to(at(2026, 11, 25, 18))  # past the one working day
    assert all(i["overdue"] for i in api.get(f"{INBOX}?box=waiting").json()["results"])

    post(api, company.manager1, first, "decide", {"decision": "approve", "opinion": "好"})
    api.as_(company.manager1)
    assert [i["request"] for i in api.get(INBOX).json()["results"]] == [second.pk]
    done = api.get(f"{INBOX}?box=done").json()["results"]
    assert [(d["request"], d["task_state"], d["overdue"]) for d in done] == [
        (first.pk, "approved", False)
    ]
    assert done[0]["decided_at"] and done[0]["state"] == RequestState.APPROVED

    mine = api.as_(company.supervisor1).get(f"{INBOX}?box=mine").json()["results"]
    assert [(m["request"], m["state"], m["step_name"]) for m in mine] == [
        (first.pk, "approved", None)
    ]
    rep_mine = api.as_(company.rep).get(f"{INBOX}?box=mine").json()["results"]
    assert rep_mine[0]["step_name"] == "经理" and rep_mine[0]["overdue"] is True
    assert "box" in error_body(api.get(f"{INBOX}?box=everything"), 422)["fields"]


def _requests(company, n: int) -> None:
    reps = [company.rep, company.reps1[1], company.supervisor1]
    for i in range(n):
        request = submit(reps[i % 3], title=f"申请{i}")
        if i % 2:
            engine.approval_copy(
                actor=reps[i % 3].user, request_id=request.pk, user_ids=[company.finance.user.pk]
            )
        if i % 4 == 1:
            engine.approval_decide(
                actor=company.manager1.user, request_id=request.pk, decision="approve"
            )


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("gm", REQUESTS),
        ("manager1", REQUESTS),
        ("manager1", f"{INBOX}?box=waiting"),
        ("manager1", f"{INBOX}?box=done"),
        ("finance", f"{INBOX}?box=copied"),
        ("rep", f"{INBOX}?box=mine"),
        ("manager1", COUNTS),
    ],
)
def test_api_lists_run_the_same_queries_for_2_and_12_rows(company, api, clock, outcomes, who, path):
    set_chain(
        company,
        [person_step("经理", company.manager1, company.director, deadline={"type": "same_day"})],
    )
    _requests(company, 2)
    client = api.as_(getattr(company, who))
    few, small = count_queries(client, path)
    _requests(company, 10)
    many, large = count_queries(client, path)
    assert few == many, (few, many)
    if "results" in large:
        assert len(large["results"]) > len(small["results"])


def test_api_detail_query_count_does_not_grow_with_the_timeline(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1, company.manager2)])
    short = submit(company.supervisor1)
    long = submit(company.rep)
    for _ in range(4):
        engine.approval_transfer(
            actor=company.manager1.user, request_id=long.pk, to_user_id=company.director.user.pk
        )
        engine.approval_transfer(
            actor=company.director.user, request_id=long.pk, to_user_id=company.manager1.user.pk
        )
    client = api.as_(company.gm)
    few, _ = count_queries(client, url(short))
    many, body = count_queries(client, url(long))
    assert few == many
    assert len(body["rounds"][0]["steps"][0]["tasks"]) == 10
