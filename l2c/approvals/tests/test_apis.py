"""The approvals API (/api/v1/approvals/): requests, their timeline and actions, the
inbox — BR-APR-01, 03, 05, 06 over HTTP, under the fixed clock, on both databases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalCopy, ApprovalTask, RequestState, TaskState
from l2c.approvals.tests.conftest import at, make_document, person_step, set_chain

pytestmark = pytest.mark.django_db

REQUESTS = "/api/v1/approvals/requests/"
INBOX = "/api/v1/approvals/inbox/"
COUNTS = "/api/v1/approvals/inbox/counts/"
HUGE = 10**30


def url(request, action: str = "") -> str:
    pk = request if isinstance(request, int) else request.pk
    return f"{REQUESTS}{pk}/{action + '/' if action else ''}"


def submit(requester, *, title="流程变更申请", facts=None):
    doc = make_document(requester)
    return engine.approval_submit(
        actor=requester.user, kind="process_change", obj=doc, title=title, facts=facts or {}
    )


def post(api, person, request, action: str, data: dict):
    return api.as_(person).post(url(request, action), data, format="json")


def _queries(client, path: str) -> tuple[int, dict]:
    client.get(path)  # warm up what is cached per user (the viewer's roles and scope)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def _error(response, status: int, rule: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert {"code", "rule", "message"} <= set(body)
    if rule is not None:
        assert body["rule"] == rule
    return body


# --- decide --------------------------------------------------------------------------------


def test_br_apr_01_api_decide_approve_and_reject_with_opinion(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1), person_step("总经理", company.gm)])
    request = submit(company.supervisor1)

    response = post(
        api, company.manager1, request, "decide", {"decision": "approve", "opinion": "可以"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == request.pk
    assert body["state"] == RequestState.IN_APPROVAL and body["current_step"] == 1
    assert body["current_step_name"] == "总经理"
    first = body["rounds"][0]["steps"][0]
    assert first["state"] == "approved"
    task = first["tasks"][0]
    assert task["approver"] == company.manager1.pk  # a person id, like /api/v1/people/
    assert task["approver_name"] == "经理1"
    assert task["state"] == TaskState.APPROVED and task["opinion"] == "可以"
    assert task["decided_by_name"] == "经理1" and task["decided_at"]
    assert body["actions"]["can_decide"] is False  # the manager's part is done

    # Not agreeing needs an opinion (BR-APR-01).
    missing = post(api, company.gm, request, "decide", {"decision": "reject"})
    assert _error(missing, 422, "BR-APR-01")["code"] == "opinion_required"

    response = post(
        api, company.gm, request, "decide", {"decision": "reject", "opinion": "价格过低"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == RequestState.REJECTED and body["state_label"] == "不通过"
    events = [(e["action"], e["actor_name"], e["comment"]) for e in body["events"]]
    assert ("approved", "经理1", "可以") in events
    assert ("rejected", "陈总", "价格过低") in events
    assert outcomes.states[-1] == "rejected"


def test_br_apr_01_api_decide_input_is_validated_as_422(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.supervisor1)
    bad = post(api, company.manager1, request, "decide", {"decision": "maybe"})
    assert "decision" in _error(bad, 422)["fields"]
    long = post(
        api, company.manager1, request, "decide", {"decision": "reject", "opinion": "长" * 2001}
    )
    assert "opinion" in _error(long, 422)["fields"]
    huge_step = post(
        api,
        company.manager1,
        request,
        "decide",
        {"decision": "return", "opinion": "x", "return_to": HUGE},
    )
    assert "return_to" in _error(huge_step, 422)["fields"]


def test_br_apr_01_api_detail_shows_facts_timeline_and_actions(company, api, clock, outcomes):
    set_chain(
        company,
        [
            person_step("主管", company.supervisor1),
            person_step("经理", company.manager1, deadline={"type": "working_days", "value": 1}),
        ],
    )
    request = submit(company.rep, facts={"discount_percent": "3", "amount": "1000000.00"})
    engine.approval_decide(
        actor=company.supervisor1.user, request_id=request.pk, decision="approve", opinion=""
    )

    body = api.as_(company.manager1).get(url(request)).json()
    assert body["kind"] == "process_change" and body["kind_label"] == "流程变更"
    assert body["title"] == "流程变更申请"
    assert body["requester"] == company.rep.pk and body["requester_name"] == "顾问1a"
    assert body["department_name"] == "销售1部"
    assert body["facts"] == {"discount_percent": "3", "amount": "1000000.00"}
    assert body["state_label"] == "审批中" and body["round"] == 1
    steps = body["rounds"][0]["steps"]
    assert [s["name"] for s in steps] == ["主管", "经理"]
    current = steps[1]
    assert current["is_current"] is True and current["state"] == "pending"
    assert current["deadline_at"] and current["tasks"][0]["deadline_at"]
    assert current["tasks"][0]["escalate_to_name"] == "周总监"
    assert current["tasks"][0]["escalates_at"]
    assert body["actions"] == {
        "can_decide": True,
        "escalated_from_name": None,
        "can_withdraw": False,
        "can_copy": True,
        "return_targets": [{"index": 0, "name": "主管"}],
    }
    assert [e["action"] for e in body["events"]] == [
        "submitted",
        "step_started",
        "approved",
        "step_started",
    ]

    mine = api.as_(company.rep).get(url(request)).json()["actions"]
    assert mine["can_decide"] is False and mine["can_withdraw"] is True
    assert mine["return_targets"] == []


def test_br_apr_01_api_return_to_a_named_earlier_step(company, api, clock, outcomes):
    set_chain(
        company,
        [person_step("主管", company.supervisor1), person_step("经理", company.manager1)],
    )
    request = submit(company.rep)
    post(api, company.supervisor1, request, "decide", {"decision": "approve"})
    targets = api.as_(company.manager1).get(url(request)).json()["actions"]["return_targets"]
    assert targets == [{"index": 0, "name": "主管"}]
    wrong = post(
        api,
        company.manager1,
        request,
        "decide",
        {"decision": "return", "opinion": "补充资料", "return_to": 1},
    )
    _error(wrong, 422, "BR-APR-01")
    response = post(
        api,
        company.manager1,
        request,
        "decide",
        {"decision": "return", "opinion": "请补充客户资料", "return_to": 0},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["current_step"] == 0 and body["current_step_name"] == "主管"
    returned = next(e for e in body["events"] if e["action"] == "returned")
    assert returned["extra"]["to_name"] == "主管" and returned["comment"] == "请补充客户资料"


# --- who may decide ------------------------------------------------------------------------


def test_br_apr_05_api_self_approval_is_403_with_rule(company, api, clock, outcomes):
    set_chain(
        company,
        [person_step("主管", company.supervisor1), person_step("经理", company.manager1)],
    )
    request = submit(company.supervisor1)
    response = post(api, company.supervisor1, request, "decide", {"decision": "approve"})
    assert _error(response, 403, "BR-APR-05")["code"] == "self_approval"
    # Nor may the task be handed to the requester.
    handed = post(
        api,
        company.manager1,
        request,
        "transfer",
        {"person": company.supervisor1.pk, "comment": "请主管自己批"},
    )
    _error(handed, 422, "BR-APR-05")
    assert ApprovalTask.objects.get(request=request).state == TaskState.PENDING


def test_br_apr_01_api_someone_not_on_the_step_is_403(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.rep)
    # The supervisor sees the request (their team's) but does not approve it.
    response = post(api, company.supervisor1, request, "decide", {"decision": "approve"})
    assert _error(response, 403, "BR-APR-01")["code"] == "not_approver"


def test_br_apr_01_api_or_sign_second_approver_gets_409_after_the_first_decided(
    company, api, clock, outcomes
):
    set_chain(company, [person_step("或签", company.manager1, company.manager2)])
    request = submit(company.supervisor1)
    first = post(api, company.manager2, request, "decide", {"decision": "approve"})
    assert first.status_code == 200, first.content
    assert first.json()["state"] == RequestState.APPROVED
    second = post(
        api, company.manager1, request, "decide", {"decision": "reject", "opinion": "不同意"}
    )
    assert _error(second, 409, "BR-APR-06")["code"] == "not_in_approval"
    assert ApprovalTask.objects.filter(request=request, state=TaskState.REJECTED).count() == 0
    assert outcomes.states == ["in_approval", "approved"]


def test_br_apr_01_api_countersign_second_decision_by_the_same_approver_is_409(
    company, api, clock, outcomes
):
    set_chain(company, [person_step("会签", company.manager1, company.vp, mode="all")])
    request = submit(company.supervisor1)
    assert (
        post(api, company.manager1, request, "decide", {"decision": "approve"}).status_code == 200
    )
    again = post(
        api, company.manager1, request, "decide", {"decision": "reject", "opinion": "改主意"}
    )
    assert _error(again, 409, "BR-APR-01")["code"] == "already_decided"


def test_br_apr_01_api_or_sign_in_the_middle_of_the_chain_second_approver_gets_409(
    company, api, clock, outcomes
):
    set_chain(
        company,
        [
            person_step("或签", company.manager1, company.manager2),
            person_step("总经理", company.gm),
        ],
    )
    request = submit(company.supervisor1)
    assert (
        post(api, company.manager2, request, "decide", {"decision": "approve"}).status_code == 200
    )
    second = post(
        api, company.manager1, request, "decide", {"decision": "reject", "opinion": "不同意"}
    )
    body = _error(second, 409, "BR-APR-01")
    assert body["code"] == "already_decided" and "经理2" in body["message"]


def test_br_apr_03_api_escalated_task_is_decided_by_the_superior(company, api, clock, outcomes):
    set_chain(
        company,
        [person_step("经理", company.manager1, deadline={"type": "working_days", "value": 1})],
    )
    request = submit(company.supervisor1)
    task = ApprovalTask.objects.get(request=request)
    assert api.as_(company.director).get(f"{INBOX}?box=waiting").json()["count"] == 0
    clock.move_to(task.escalates_at)
    waiting = api.as_(company.director).get(f"{INBOX}?box=waiting").json()
    assert [i["request"] for i in waiting["results"]] == [request.pk]
    assert waiting["results"][0]["overdue"] is True
    detail = api.as_(company.director).get(url(request)).json()
    assert detail["actions"]["can_decide"] is True
    assert detail["actions"]["escalated_from_name"] == "经理1"
    response = post(api, company.director, request, "decide", {"decision": "approve"})
    assert response.status_code == 200, response.content
    decided = response.json()["rounds"][0]["steps"][0]["tasks"][0]
    assert decided["approver_name"] == "经理1" and decided["decided_by_name"] == "周总监"
    assert response.json()["state"] == RequestState.APPROVED


# --- transfer, add signer, copy, withdraw -----------------------------------------------------


def test_br_apr_01_api_transfer_by_person_id(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.supervisor1)
    response = post(
        api,
        company.manager1,
        request,
        "transfer",
        {"person": company.director.pk, "comment": "出差，请总监代批"},
    )
    assert response.status_code == 200, response.content
    tasks = response.json()["rounds"][0]["steps"][0]["tasks"]
    assert [(t["approver_name"], t["state"], t["origin"]) for t in tasks] == [
        ("经理1", "transferred", "chain"),
        ("周总监", "pending", "transfer"),
    ]
    assert any(e["action"] == "transferred" for e in response.json()["events"])
    # The manager's part is over: a decision now is a 409, not a silent second vote.
    again = post(api, company.manager1, request, "decide", {"decision": "approve"})
    _error(again, 409)
    assert (
        post(api, company.director, request, "decide", {"decision": "approve"}).json()["state"]
        == RequestState.APPROVED
    )


def test_br_apr_01_api_unknown_person_is_422_not_500(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.supervisor1)
    for action in ("transfer", "add-signer"):
        for person in (999999, HUGE, -1, "abc", None):
            response = post(api, company.manager1, request, action, {"person": person})
            assert "person" in _error(response, 422)["fields"], (action, person)
    unknown = post(api, company.manager1, request, "copy", {"people": [company.finance.pk, 999999]})
    assert "999999" in str(_error(unknown, 422)["fields"]["people"])
    empty = post(api, company.manager1, request, "copy", {"people": []})
    assert "people" in _error(empty, 422)["fields"]
    assert ApprovalCopy.objects.count() == 0


def test_br_apr_01_api_a_person_who_left_cannot_be_given_the_task(company, api, clock, outcomes):
    from django.utils import timezone

    from l2c.org import services as org_services

    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.supervisor1)
    org_services.person_leave_company(
        actor=company.admin.user, person=company.reps2[1], left_on=timezone.localdate()
    )
    response = post(api, company.manager1, request, "transfer", {"person": company.reps2[1].pk})
    body = _error(response, 422, "BR-APR-01")
    assert body["field"] == "person"


def test_br_apr_01_api_add_signer_joins_the_countersign(company, api, clock, outcomes):
    set_chain(company, [person_step("经理会签", company.manager1, mode="all")])
    request = submit(company.supervisor1)
    response = post(
        api,
        company.manager1,
        request,
        "add-signer",
        {"person": company.finance.pk, "comment": "请财务确认底价"},
    )
    assert response.status_code == 200, response.content
    tasks = response.json()["rounds"][0]["steps"][0]["tasks"]
    assert [(t["approver"], t["origin"]) for t in tasks] == [
        (company.manager1.pk, "chain"),
        (company.finance.pk, "add_signer"),
    ]
    body = post(api, company.manager1, request, "decide", {"decision": "approve"}).json()
    assert body["state"] == RequestState.IN_APPROVAL  # the added signer must sign too
    body = post(api, company.finance, request, "decide", {"decision": "approve"}).json()
    assert body["state"] == RequestState.APPROVED


def test_br_apr_01_api_copy_informs_and_reading_marks_it_read(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.supervisor1)
    # Finance sees nothing of sales until copied.
    assert api.as_(company.finance).get(url(request)).status_code == 404
    refused = post(api, company.reps1[1], request, "copy", {"people": [company.finance.pk]})
    _error(refused, 404)  # a rep of the team does not even see the supervisor's request
    response = post(
        api,
        company.supervisor1,
        request,
        "copy",
        {"people": [company.finance.pk, company.finance.pk]},
    )
    assert response.status_code == 200, response.content
    assert any(e["action"] == "copied" for e in response.json()["events"])

    api.as_(company.finance)
    assert api.get(COUNTS).json() == {"waiting": 0, "copied_unread": 1}
    copied = api.get(f"{INBOX}?box=copied").json()["results"]
    assert [(c["request"], c["read"], c["step_name"]) for c in copied] == [
        (request.pk, False, "经理")
    ]
    detail = api.get(url(request)).json()
    assert detail["actions"]["can_decide"] is False and detail["actions"]["can_copy"] is False
    assert api.get(f"{INBOX}?box=copied").json()["results"][0]["read"] is True
    assert api.get(COUNTS).json()["copied_unread"] == 0
    vote = post(api, company.finance, request, "decide", {"decision": "approve"})
    _error(vote, 403)


def test_br_apr_06_api_withdraw_by_the_requester_only(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.supervisor1)
    refused = post(api, company.manager1, request, "withdraw", {"reason": "不是我的"})
    _error(refused, 403, "BR-APR-06")
    response = post(api, company.supervisor1, request, "withdraw", {"reason": "改价"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == RequestState.WITHDRAWN and body["actions"]["can_withdraw"] is False
    assert outcomes.states[-1] == "withdrawn"
    again = post(api, company.supervisor1, request, "withdraw", {})
    _error(again, 409, "BR-APR-06")


# --- scope and bad ids -------------------------------------------------------------------------


def test_br_apr_06_api_outsiders_get_404(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.rep)
    outsider = company.reps2[0]  # a rep of the other department
    api.as_(outsider)
    _error(api.get(url(request)), 404, "BR-APR-06")
    for action, data in (
        ("decide", {"decision": "approve"}),
        ("transfer", {"person": company.director.pk}),
        ("add-signer", {"person": company.director.pk}),
        ("copy", {"people": [company.director.pk]}),
        ("withdraw", {"reason": "x"}),
    ):
        _error(post(api, outsider, request, action, data), 404)
    assert api.get(REQUESTS).json()["count"] == 0
    assert ApprovalTask.objects.get(request=request).state == TaskState.PENDING
    for insider in (company.rep, company.supervisor1, company.manager1, company.gm):
        assert api.as_(insider).get(url(request)).status_code == 200


def test_api_huge_and_unknown_request_ids_are_404_not_500(company, api, clock, outcomes):
    api.as_(company.gm)
    for pk in (999999, HUGE, 2**63):
        _error(api.get(url(pk)), 404)
        _error(api.post(url(pk, "decide"), {"decision": "approve"}, format="json"), 404)
        _error(api.post(url(pk, "withdraw"), {}, format="json"), 404)


def test_api_requires_authentication(company, api):
    for path in (REQUESTS, INBOX, COUNTS, url(1)):
        assert _error(api.get(path), 401)["code"] == "not_authenticated"


# --- lists and the inbox ----------------------------------------------------------------------


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
    assert "state" in _error(api.get(f"{REQUESTS}?state=nonsense"), 422)["fields"]


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
    assert "box" in _error(api.get(f"{INBOX}?box=everything"), 422)["fields"]


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
    few, small = _queries(client, path)
    _requests(company, 10)
    many, large = _queries(client, path)
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
    few, _ = _queries(client, url(short))
    many, body = _queries(client, url(long))
    assert few == many
    assert len(body["rounds"][0]["steps"][0]["tasks"]) == 10
