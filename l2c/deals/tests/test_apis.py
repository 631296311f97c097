"""The deals API (/api/v1/deals/): discount requests (BR-APR-02) and their approval through
the approvals API, under the fixed clock, on both databases."""

from __future__ import annotations

import pytest

from l2c.approvals import selectors as approval_selectors
from l2c.approvals.models import RequestState
from l2c.approvals.tests.conftest import at, make_document
from l2c.core.testing import api_error, queries_of
from l2c.deals.models import DiscountRequest, DiscountStatus
from l2c.deals.services import discount_request_submit

pytestmark = pytest.mark.django_db

DISCOUNTS = "/api/v1/deals/discounts/"
INBOX = "/api/v1/approvals/inbox/"
REQUESTS = "/api/v1/approvals/requests/"
HUGE = 10**30

NEW = {
    "customer_name": "赵先生",
    "unit_label": "3-1502",
    "list_price": "1000000.00",
    "discount_percent": "3",
    "reason": "一次性付款",
}


def url(discount, action: str = "") -> str:
    pk = discount if isinstance(discount, int) else discount["id"]
    return f"{DISCOUNTS}{pk}/{action + '/' if action else ''}"


def create(api, person, **changes) -> dict:
    response = api.as_(person).post(DISCOUNTS, {**NEW, **changes}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def decide_from_inbox(api, person, request_id: int, opinion: str) -> dict:
    """The approver finds the request in their inbox and approves it."""
    waiting = api.as_(person).get(f"{INBOX}?box=waiting").json()["results"]
    assert [i["request"] for i in waiting] == [request_id], person.name
    response = api.post(
        f"{REQUESTS}{request_id}/decide/",
        {"decision": "approve", "opinion": opinion},
        format="json",
    )
    assert response.status_code == 200, response.content
    return response.json()


# --- the S1 chain end to end ----------------------------------------------------------------


def test_br_apr_02_api_discount_s1_chain_end_to_end(company, api, clock):
    discount = create(api, company.supervisor1)
    assert discount["status"] == DiscountStatus.DRAFT and discount["approval_request"] is None
    assert discount["owner"] == company.supervisor1.pk and discount["owner_name"] == "主管1"
    assert (discount["list_price"], discount["discount_percent"]) == ("1000000.00", "3.00")
    assert (discount["discount_amount"], discount["final_price"]) == ("30000.00", "970000.00")

    response = api.as_(company.supervisor1).post(url(discount, "submit"))
    assert response.status_code == 200, response.content
    submitted = response.json()
    # 3% is above the supervisor's 2%: into the discount chain (BR-APR-02).
    assert submitted["status"] == DiscountStatus.IN_APPROVAL
    request_id = submitted["approval_request"]
    assert request_id
    detail = api.get(f"{REQUESTS}{request_id}/").json()
    assert detail["kind"] == "discount" and detail["object_id"] == str(discount["id"])
    assert detail["facts"]["discount_percent"] == "3.00"
    assert [s["state"] for s in detail["rounds"][0]["steps"]] == ["skipped", "pending", "waiting"]
    assert api.as_(company.gm).get(f"{INBOX}?box=waiting").json()["count"] == 0

    clock.move_to(at(2026, 11, 23, 11))
    body = decide_from_inbox(api, company.manager1, request_id, "客户诚意足，同意")
    assert body["current_step"] == 1  # 会签: the VP must sign too
    clock.move_to(at(2026, 11, 23, 14))
    body = decide_from_inbox(api, company.vp, request_id, "同意上报")
    assert body["current_step"] == 2 and body["current_step_name"] == "总经理审批"
    clock.move_to(at(2026, 11, 23, 16))
    body = decide_from_inbox(api, company.gm, request_id, "同意，当日下发")
    assert body["state"] == RequestState.APPROVED

    final = api.as_(company.supervisor1).get(url(discount)).json()
    assert final["status"] == DiscountStatus.APPROVED and final["status_label"] == "已批准"
    assert final["approval_request"] == request_id
    opinions = [
        (e["actor_name"], e["comment"]) for e in body["events"] if e["action"] == "approved"
    ]
    assert opinions == [
        ("经理1", "客户诚意足，同意"),
        ("刘副总", "同意上报"),
        ("陈总", "同意，当日下发"),
    ]
    mine = api.as_(company.supervisor1).get(f"{INBOX}?box=mine").json()["results"]
    assert [(m["request"], m["state"]) for m in mine] == [(request_id, "approved")]
    # An approved discount is final: no change, no second submission.
    locked = api.patch(url(final), {"version": final["version"], "reason": "再降"}, format="json")
    assert api_error(locked, 409, "BR-APR-02")["code"] == "approved"
    resubmit = api.post(url(final, "submit"))
    assert api_error(resubmit, 409, "BR-APR-06")["code"] == "already_approved"


def test_br_apr_02_api_within_own_authority_is_approved_at_once(company, api, clock):
    discount = create(api, company.supervisor1, discount_percent="2")
    body = api.as_(company.supervisor1).post(url(discount, "submit")).json()
    assert body["status"] == DiscountStatus.APPROVED
    detail = api.get(f"{REQUESTS}{body['approval_request']}/").json()
    assert [e["action"] for e in detail["events"]] == ["not_required"]


def test_br_apr_02_api_create_is_validated_with_the_rule(company, api, clock):
    api.as_(company.rep)
    too_much = api.post(DISCOUNTS, {**NEW, "discount_percent": "60"}, format="json")
    assert api_error(too_much, 422, "BR-APR-02")["field"] == "discount_percent"
    zero = api.post(DISCOUNTS, {**NEW, "list_price": "0"}, format="json")
    assert api_error(zero, 422, "BR-APR-02")["field"] == "list_price"
    blank = api.post(DISCOUNTS, {**NEW, "customer_name": "   "}, format="json")
    api_error(blank, 422)
    not_a_number = api.post(DISCOUNTS, {**NEW, "list_price": "十万"}, format="json")
    assert "list_price" in api_error(not_a_number, 422)["fields"]
    too_precise = api.post(DISCOUNTS, {**NEW, "discount_percent": "3.125"}, format="json")
    assert "discount_percent" in api_error(too_precise, 422)["fields"]
    missing = api.post(DISCOUNTS, {}, format="json")
    assert {"customer_name", "unit_label", "list_price", "discount_percent"} <= set(
        api_error(missing, 422)["fields"]
    )
    assert DiscountRequest.objects.count() == 0
    # Only sales staff propose discounts.
    api_error(api.as_(company.finance).post(DISCOUNTS, NEW, format="json"), 403, "BR-APR-02")


# --- update: optimistic locking, read-only in approval ---------------------------------------


def test_br_apr_06_api_update_in_approval_is_422_with_rule(company, api, clock):
    discount = create(api, company.supervisor1)
    submitted = api.as_(company.supervisor1).post(url(discount, "submit")).json()
    response = api.patch(
        url(discount), {"version": submitted["version"], "discount_percent": "2.5"}, format="json"
    )
    body = api_error(response, 422, "BR-APR-06")
    assert body["code"] == "in_approval"
    assert DiscountRequest.objects.get(pk=discount["id"]).discount_percent == 3
    # Submitting again while in approval is a conflict.
    again = api.post(url(discount, "submit"))
    assert api_error(again, 409, "BR-APR-06")["code"] == "in_approval"

    # Withdrawn through the approvals API, it may be changed and resubmitted.
    withdrawn = api.post(
        f"{REQUESTS}{submitted['approval_request']}/withdraw/", {"reason": "改价"}, format="json"
    )
    assert withdrawn.status_code == 200, withdrawn.content
    current = api.get(url(discount)).json()
    assert current["status"] == DiscountStatus.WITHDRAWN
    changed = api.patch(
        url(discount), {"version": current["version"], "discount_percent": "2.5"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["discount_percent"] == "2.50"
    assert changed.json()["final_price"] == "975000.00"
    assert changed.json()["version"] == current["version"] + 1
    resubmitted = api.post(url(discount, "submit")).json()
    # 2.5% is still above the supervisor's 2%: a second round of the chain (BR-APR-06).
    assert resubmitted["status"] == DiscountStatus.IN_APPROVAL
    assert resubmitted["approval_request"] == submitted["approval_request"]
    detail = api.get(f"{REQUESTS}{resubmitted['approval_request']}/").json()
    assert detail["round"] == 2 and detail["facts"]["discount_percent"] == "2.50"


def test_br_sec_03_api_update_needs_the_current_version(company, api, clock):
    discount = create(api, company.rep)
    api.as_(company.rep)
    missing = api.patch(url(discount), {"unit_label": "3-1503"}, format="json")
    assert "version" in api_error(missing, 422)["fields"]
    nothing = api.patch(url(discount), {"version": discount["version"]}, format="json")
    api_error(nothing, 422)
    first = api.patch(
        url(discount), {"version": discount["version"], "unit_label": "3-1503"}, format="json"
    )
    assert first.status_code == 200, first.content
    assert first.json()["unit_label"] == "3-1503" and first.json()["customer_name"] == "赵先生"
    stale = api.patch(
        url(discount), {"version": discount["version"], "unit_label": "3-1504"}, format="json"
    )
    assert api_error(stale, 409, "BR-SEC-03")["code"] == "stale_version"
    # The supervisor sees the rep's discount but only the requester changes it.
    other = api.as_(company.supervisor1).patch(
        url(discount), {"version": first.json()["version"], "unit_label": "X"}, format="json"
    )
    api_error(other, 403, "BR-APR-02")
    api_error(api.post(url(discount, "submit")), 403, "BR-APR-02")


# --- scope and bad ids -----------------------------------------------------------------------


def test_br_apr_02_api_outsiders_get_404(company, api, clock):
    discount = create(api, company.rep)
    outsider = company.reps2[0]  # a rep of the other department
    api.as_(outsider)
    api_error(api.get(url(discount)), 404, "BR-APR-02")
    api_error(api.patch(url(discount), {"version": 1, "unit_label": "X"}, format="json"), 404)
    api_error(api.post(url(discount, "submit")), 404)
    assert api.get(DISCOUNTS).json()["count"] == 0
    for insider in (company.rep, company.supervisor1, company.manager1, company.gm):
        assert api.as_(insider).get(url(discount)).status_code == 200
    for outsider in (company.reps1[1], company.supervisor2, company.manager2):
        assert api.as_(outsider).get(url(discount)).status_code == 404


def test_api_huge_and_unknown_discount_ids_are_404_not_500(company, api, clock):
    api.as_(company.gm)
    for pk in (999999, HUGE, 2**63):
        api_error(api.get(url(pk)), 404)
        api_error(api.patch(url(pk), {"version": 1, "unit_label": "X"}, format="json"), 404)
        api_error(api.post(url(pk, "submit")), 404)


def test_api_discounts_list_is_filtered_by_status(company, api, clock):
    draft = make_document(company.rep)
    sent = discount_request_submit(actor=company.rep.user, discount=make_document(company.rep))
    api.as_(company.supervisor1)
    everything = api.get(DISCOUNTS).json()
    assert [d["id"] for d in everything["results"]] == [sent.pk, draft.pk]
    request = approval_selectors.approval_for_object(sent, kind="discount")
    assert everything["results"][0]["approval_request"] == request.pk
    assert everything["results"][1]["approval_request"] is None
    assert [d["id"] for d in api.get(f"{DISCOUNTS}?status=draft").json()["results"]] == [draft.pk]
    assert "status" in api_error(api.get(f"{DISCOUNTS}?status=nonsense"), 422)["fields"]


def _discounts(company, n: int) -> None:
    owners = [company.rep, company.reps1[1], company.supervisor1]
    for i in range(n):
        doc = make_document(owners[i % 3], discount_percent=str(1 + i % 4))
        if i % 2:
            discount_request_submit(actor=owners[i % 3].user, discount=doc)


@pytest.mark.parametrize("who", ["gm", "manager1", "supervisor1", "rep"])
def test_api_discounts_list_runs_the_same_queries_for_2_and_12_rows(company, api, clock, who):
    _discounts(company, 2)
    client = api.as_(getattr(company, who))
    few, small = queries_of(client, DISCOUNTS)
    _discounts(company, 10)
    many, large = queries_of(client, DISCOUNTS)
    assert few == many, (few, many)
    assert len(large["results"]) > len(small["results"]) >= 1
