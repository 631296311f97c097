"""BR-APR-04: the chains the product ships with route to the right people, out of the box."""

from __future__ import annotations

import pytest

from l2c.approvals import registry
from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalStep, ApprovalTask, RequestState, TaskState
from l2c.approvals.tests.conftest import make_document
from l2c.deals.models import DiscountRequest

pytestmark = pytest.mark.django_db

#: chain → (requester, the approvers of each step in order), in the company of
#: ``make_company``: rep → supervisor1 → manager1 → director → vp → gm; finance; admin
EXPECTED = {
    "annual_plan": ("rep", [["supervisor1"], ["gm"]]),
    "quote": ("rep", [["supervisor1"], ["manager1"]]),
    "special_contract": ("rep", [["manager1"], ["gm"]]),
    "sales_report": ("supervisor1", [["manager1"], ["gm"]]),
    "complaint": ("rep", [["supervisor1"]]),
    "monthly_assessment": ("rep", [["supervisor1"], ["gm"]]),
    "process_change": ("supervisor1", [["manager1", "manager2"], ["gm"]]),
    "expense_claim": ("rep", [["manager1"], ["finance"]]),
    "price_change": ("supervisor1", [["manager1"], ["gm"]]),
    "return_exchange": ("rep", [["manager1"], ["manager1", "manager2"]]),
    "visit_plan": ("rep", [["supervisor1"]]),
}


#: the facts a kind's service passes (a chain's conditions read them)
FACTS = {"quote": {"requester_role": "rep"}}


@pytest.fixture
def shipped_kind():
    added = []

    def _register(key):
        if registry.get(key) is None:
            registry.register(
                registry.ApprovalKind(key=key, label=key, model=DiscountRequest, url=lambda o: "/")
            )
            added.append(key)

    yield _register
    for key in added:
        registry._kinds.pop(key, None)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_br_apr_04_shipped_chain_routes_to_the_right_people(company, clock, shipped_kind, kind):
    shipped_kind(kind)
    requester_attr, expected_steps = EXPECTED[kind]
    requester = getattr(company, requester_attr)
    doc = make_document(requester)
    request = engine.approval_submit(
        actor=requester.user, kind=kind, obj=doc, title=f"{kind} 申请", facts=FACTS.get(kind, {})
    )
    for index, names in enumerate(expected_steps):
        request.refresh_from_db()
        assert request.current_step == index, kind
        step = ApprovalStep.objects.get(request=request, round=1, index=index)
        approvers = list(
            ApprovalTask.objects.filter(step=step, state=TaskState.PENDING).select_related(
                "approver"
            )
        )
        assert sorted(t.approver.username for t in approvers) == sorted(
            getattr(company, n).user.username for n in names
        ), (kind, step.name)
        assert step.deadline_at is not None, (kind, step.name)
        # 会签 steps need everybody, 或签 steps one
        deciders = approvers if step.mode == "all" else approvers[:1]
        for task in deciders:
            engine.approval_decide(
                actor=task.approver, request_id=request.pk, decision="approve", opinion="同意"
            )
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
