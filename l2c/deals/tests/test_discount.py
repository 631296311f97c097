"""The discount chain end to end (BR-APR-02, scenario S1 step 6) under a fixed clock."""

from __future__ import annotations

import pytest

from l2c.approvals import selectors
from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalEvent, ApprovalStep, RequestState, StepState
from l2c.approvals.tests.conftest import at, make_document
from l2c.deals.models import DiscountStatus
from l2c.deals.services import discount_request_submit
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db


def approve(person, request, opinion="同意"):
    return engine.approval_decide(
        actor=person.user, request_id=request.pk, decision="approve", opinion=opinion
    )


def test_br_apr_02_s1_supervisor_proposes_3_percent_manager_and_vp_then_gm(company, clock):
    doc = make_document(company.supervisor1, discount_percent="3")
    doc = discount_request_submit(actor=company.supervisor1.user, discount=doc)
    assert doc.status == DiscountStatus.IN_APPROVAL
    request = selectors.approval_for_object(doc, kind="discount")
    steps = list(ApprovalStep.objects.filter(request=request).order_by("index"))
    # the supervisor's own step is skipped: the supervisor is the one proposing
    assert [s.state for s in steps] == [StepState.SKIPPED, StepState.PENDING, StepState.WAITING]
    assert steps[1].mode == "all"
    # every step has a same-day deadline: Monday 18:00
    assert steps[1].deadline_at == at(2026, 11, 23, 18)
    inbox = {
        p.name: selectors.approval_inbox(user=p.user, box="waiting").count()
        for p in (company.manager1, company.vp, company.gm)
    }
    assert inbox == {company.manager1.name: 1, company.vp.name: 1, company.gm.name: 0}

    clock.move_to(at(2026, 11, 23, 11))
    approve(company.manager1, request, "客户诚意足，同意")
    clock.move_to(at(2026, 11, 23, 14))
    approve(company.vp, request, "同意上报")
    step = ApprovalStep.objects.get(request=request, index=2)
    assert step.state == StepState.PENDING and step.deadline_at == at(2026, 11, 23, 18)
    clock.move_to(at(2026, 11, 23, 16))
    approve(company.gm, request, "同意，当日下发")
    request.refresh_from_db()
    doc.refresh_from_db()
    assert request.state == RequestState.APPROVED and doc.status == DiscountStatus.APPROVED
    opinions = list(
        ApprovalEvent.objects.filter(request=request, action="approved").values_list(
            "actor_name", "comment"
        )
    )
    assert opinions == [
        (company.manager1.name, "客户诚意足，同意"),
        (company.vp.name, "同意上报"),
        (company.gm.name, "同意，当日下发"),
    ]


def test_br_apr_02_a_rep_asking_goes_to_the_supervisor_first(company, clock):
    doc = make_document(company.rep, discount_percent="3")
    doc = discount_request_submit(actor=company.rep.user, discount=doc)
    request = selectors.approval_for_object(doc, kind="discount")
    assert selectors.approval_inbox(user=company.supervisor1.user, box="waiting").count() == 1
    approve(company.supervisor1, request)
    approve(company.manager1, request)
    approve(company.vp, request)
    approve(company.gm, request)
    doc.refresh_from_db()
    assert doc.status == DiscountStatus.APPROVED


def test_br_apr_02_within_the_supervisors_authority_the_supervisor_alone_decides(company, clock):
    doc = make_document(company.rep, discount_percent="1.5")
    doc = discount_request_submit(actor=company.rep.user, discount=doc)
    request = selectors.approval_for_object(doc, kind="discount")
    states = list(
        ApprovalStep.objects.filter(request=request)
        .order_by("index")
        .values_list("state", flat=True)
    )
    assert states == [StepState.PENDING, StepState.SKIPPED, StepState.SKIPPED]
    approve(company.supervisor1, request)
    doc.refresh_from_db()
    assert doc.status == DiscountStatus.APPROVED


@pytest.mark.parametrize(
    ("who", "percent"), [("supervisor1", "2"), ("manager1", "5"), ("gm", "12")]
)
def test_br_apr_02_within_own_authority_no_approval_is_needed(company, clock, who, percent):
    person = getattr(company, who)
    doc = make_document(person, discount_percent=percent)
    doc = discount_request_submit(actor=person.user, discount=doc)
    assert doc.status == DiscountStatus.APPROVED
    request = selectors.approval_for_object(doc, kind="discount")
    event = ApprovalEvent.objects.get(request=request)
    assert event.action == "not_required" and "无需审批" in event.comment


def test_br_apr_02_authorities_are_policy(company, clock):
    policy_change(
        actor=company.gm.user,
        key="approvals.discount_authority",
        value={"rep": "0", "supervisor": "3", "manager": "5"},
        reason="主管权限提高到 3%",
    )
    doc = make_document(company.supervisor1, discount_percent="3")
    doc = discount_request_submit(actor=company.supervisor1.user, discount=doc)
    assert doc.status == DiscountStatus.APPROVED


def test_br_apr_02_rejected_discount_can_be_changed_and_resubmitted(company, clock):
    from l2c.deals.services import discount_request_update

    doc = make_document(company.supervisor1, discount_percent="4")
    doc = discount_request_submit(actor=company.supervisor1.user, discount=doc)
    request = selectors.approval_for_object(doc, kind="discount")
    engine.approval_decide(
        actor=company.vp.user, request_id=request.pk, decision="reject", opinion="超出常规"
    )
    doc.refresh_from_db()
    assert doc.status == DiscountStatus.REJECTED
    doc = discount_request_update(
        actor=company.supervisor1.user,
        discount=doc,
        data={
            "customer_name": "赵先生",
            "unit_label": "3-1502",
            "list_price": "1000000",
            "discount_percent": "3",
        },
        expected_version=doc.version,
    )
    doc = discount_request_submit(actor=company.supervisor1.user, discount=doc)
    request.refresh_from_db()
    assert doc.status == DiscountStatus.IN_APPROVAL and request.round == 2
    assert request.facts["discount_percent"] == "3.00"
