"""Transfer, add signer, copy and withdraw over HTTP (BR-APR-01, 06)."""

from __future__ import annotations

import pytest

from l2c.approvals.models import ApprovalCopy, RequestState
from l2c.approvals.tests.api_helpers import COUNTS, HUGE, INBOX, error_body, post, submit, url
from l2c.approvals.tests.conftest import person_step, set_chain

pytestmark = pytest.mark.django_db


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
    error_body(again, 409)
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
            assert "person" in error_body(response, 422)["fields"], (action, person)
    unknown = post(api, company.manager1, request, "copy", {"people": [company.finance.pk, 999999]})
    assert "999999" in str(error_body(unknown, 422)["fields"]["people"])
    empty = post(api, company.manager1, request, "copy", {"people": []})
    assert "people" in error_body(empty, 422)["fields"]
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
    body = error_body(response, 422, "BR-APR-01")
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
    error_body(refused, 404)  # a rep of the team does not even see the supervisor's request
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
    error_body(vote, 403)


def test_br_apr_06_api_withdraw_by_the_requester_only(company, api, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    request = submit(company.supervisor1)
    refused = post(api, company.manager1, request, "withdraw", {"reason": "不是我的"})
    error_body(refused, 403, "BR-APR-06")
    response = post(api, company.supervisor1, request, "withdraw", {"reason": "改价"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == RequestState.WITHDRAWN and body["actions"]["can_withdraw"] is False
    assert outcomes.states[-1] == "withdrawn"
    again = post(api, company.supervisor1, request, "withdraw", {})
    error_body(again, 409, "BR-APR-06")
