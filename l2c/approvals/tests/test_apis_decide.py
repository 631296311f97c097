"""Deciding over HTTP (BR-APR-01, 03, 05): approve, reject, return, the detail, and who
may decide — under the fixed clock, on both databases."""

from __future__ import annotations

import pytest

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalTask, RequestState, TaskState
from l2c.approvals.tests.api_helpers import HUGE, INBOX, error_body, post, submit, url
from l2c.approvals.tests.conftest import person_step, set_chain

pytestmark = pytest.mark.django_db


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
    assert error_body(missing, 422, "BR-APR-01")["code"] == "opinion_required"

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
    assert "decision" in error_body(bad, 422)["fields"]
    long = post(
        api, company.manager1, request, "decide", {"decision": "reject", "opinion": "长" * 2001}
    )
    assert "opinion" in error_body(long, 422)["fields"]
    huge_step = post(
        api,
        company.manager1,
        request,
        "decide",
        {"decision": "return", "opinion": "x", "return_to": HUGE},
    )
    assert "return_to" in error_body(huge_step, 422)["fields"]


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
    error_body(wrong, 422, "BR-APR-01")
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


def test_br_apr_05_api_self_approval_is_403_with_rule(company, api, clock, outcomes):
    set_chain(
        company,
        [person_step("主管", company.supervisor1), person_step("经理", company.manager1)],
    )
    request = submit(company.supervisor1)
    response = post(api, company.supervisor1, request, "decide", {"decision": "approve"})
    assert error_body(response, 403, "BR-APR-05")["code"] == "self_approval"
    # Nor may the task be handed to the requester.
    handed = post(
        api,
        company.manager1,
        request,
        "transfer",
        {"person": company.supervisor1.pk, "comment": "请主管自己批"},
    )
    error_body(handed, 422, "BR-APR-05")
    assert ApprovalTask.objects.get(request=request).state == TaskState.PENDING


def test_br_apr_01_api_someone_not_on_the_step_is_403(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.rep)
    # The supervisor sees the request (their team's) but does not approve it.
    response = post(api, company.supervisor1, request, "decide", {"decision": "approve"})
    assert error_body(response, 403, "BR-APR-01")["code"] == "not_approver"


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
    assert error_body(second, 409, "BR-APR-06")["code"] == "not_in_approval"
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
    assert error_body(again, 409, "BR-APR-01")["code"] == "already_decided"


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
    body = error_body(second, 409, "BR-APR-01")
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
