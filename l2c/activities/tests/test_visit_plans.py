"""BR-ACT-01: the monthly visit plan, due by the last day of the month before, approved by
the supervisor through the approval engine, read-only while in approval."""

from __future__ import annotations

import datetime as dt

import pytest

from l2c.activities import services
from l2c.activities.models import PlanStatus, VisitPlan
from l2c.activities.tests.conftest import register
from l2c.approvals import selectors as approval_selectors
from l2c.approvals import services as approvals
from l2c.approvals.models import RequestState
from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.testing import at

pytestmark = pytest.mark.django_db


def plan_with_items(person, month="2026-12", n=2, customer=None):
    plan = services.visit_plan_create(actor=person.user, month=month)
    for day in range(1, n + 1):
        services.visit_plan_item_add(
            actor=person.user,
            plan_id=plan.pk,
            data={
                "customer_id": customer.pk if customer else None,
                "target": "" if customer else f"华润置地采购部 {day}",
                "planned_on": f"{month}-{day + 1:02d}",
                "purpose": "relationship",
            },
        )
    return plan


def request_of(plan):
    return approval_selectors.approval_for_object(plan, kind="visit_plan")


def test_br_act_01_next_months_plan_is_due_on_the_last_day_of_this_month(company, clock):
    plan = services.visit_plan_create(actor=company.rep.user, month="2026-12")
    assert plan.month == dt.date(2026, 12, 1) and plan.due_on == dt.date(2026, 11, 30)
    assert plan.status == PlanStatus.DRAFT


def test_br_act_01_the_supervisor_approves_the_plan(company, clock):
    customer = register(company.rep, klass="A")
    plan = plan_with_items(company.rep, customer=customer)
    plan = services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    assert plan.status == PlanStatus.IN_APPROVAL and not plan.submitted_late
    request = request_of(plan)
    assert request.state == RequestState.IN_APPROVAL
    assert request.facts["items"] == 2 and request.facts["late"] is False
    task = request.tasks.get()
    assert task.approver == company.supervisor1.user  # the rep's superior (chain: SUPERIOR)
    approvals.approval_decide(
        actor=company.supervisor1.user, request_id=request.pk, decision="approve", opinion="同意"
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_br_act_01_a_plan_submitted_after_the_due_day_is_late(company, clock):
    clock.move_to(at(2026, 12, 1, 9))
    plan = plan_with_items(company.rep, month="2026-12")
    plan = services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    assert plan.submitted_late and request_of(plan).facts["late"] is True


def test_br_act_01_read_only_while_in_approval(company, clock):
    plan = plan_with_items(company.rep)
    services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    item = plan.items.first()
    data = {"target": "万科", "planned_on": "2026-12-20"}
    for attempt in (
        lambda: services.visit_plan_item_add(actor=company.rep.user, plan_id=plan.pk, data=data),
        lambda: services.visit_plan_item_remove(
            actor=company.rep.user, plan_id=plan.pk, item_id=item.pk
        ),
        lambda: services.visit_plan_update(actor=company.rep.user, plan_id=plan.pk, note="改"),
    ):
        with pytest.raises(BusinessRuleError) as exc:
            attempt()
        assert exc.value.rule == "BR-APR-06" and exc.value.code == "in_approval"


def test_br_act_01_rejected_plan_is_edited_and_resubmitted(company, clock):
    plan = plan_with_items(company.rep)
    services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    approvals.approval_decide(
        actor=company.supervisor1.user,
        request_id=request_of(plan).pk,
        decision="reject",
        opinion="请增加 A 类客户的拜访",
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REJECTED
    services.visit_plan_item_add(
        actor=company.rep.user,
        plan_id=plan.pk,
        data={"target": "万科", "planned_on": "2026-12-20", "purpose": "develop"},
    )
    plan = services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    assert plan.status == PlanStatus.IN_APPROVAL and request_of(plan).round == 2


def test_br_act_01_withdrawn_plan_is_editable_again(company, clock):
    plan = plan_with_items(company.rep)
    services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    approvals.approval_withdraw(actor=company.rep.user, request_id=request_of(plan).pk)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.WITHDRAWN
    services.visit_plan_update(actor=company.rep.user, plan_id=plan.pk, note="调整")


def test_br_act_01_an_approved_plan_cannot_be_changed(company, clock):
    plan = plan_with_items(company.rep)
    services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    approvals.approval_decide(
        actor=company.supervisor1.user, request_id=request_of(plan).pk, decision="approve"
    )
    with pytest.raises(ConflictError):
        services.visit_plan_item_add(
            actor=company.rep.user,
            plan_id=plan.pk,
            data={"target": "万科", "planned_on": "2026-12-20"},
        )
    with pytest.raises(ConflictError):
        services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)


def test_br_act_01_one_plan_a_month(company, clock):
    services.visit_plan_create(actor=company.rep.user, month="2026-12")
    with pytest.raises(ConflictError) as exc:
        services.visit_plan_create(actor=company.rep.user, month="2026-12-01")
    assert exc.value.code == "exists"


@pytest.mark.parametrize("month", ["2026-10", "bad", "2028-01"])
def test_br_act_01_months_refused(company, clock, month):
    with pytest.raises(BusinessRuleError):
        services.visit_plan_create(actor=company.rep.user, month=month)


def test_br_act_01_items_within_the_month_with_a_target(company, clock):
    plan = services.visit_plan_create(actor=company.rep.user, month="2026-12")
    with pytest.raises(BusinessRuleError) as exc:
        services.visit_plan_item_add(
            actor=company.rep.user,
            plan_id=plan.pk,
            data={"target": "万科", "planned_on": "2027-01-02"},
        )
    assert exc.value.field == "planned_on"
    with pytest.raises(BusinessRuleError) as exc:
        services.visit_plan_item_add(
            actor=company.rep.user, plan_id=plan.pk, data={"planned_on": "2026-12-02"}
        )
    assert exc.value.field == "target"
    with pytest.raises(BusinessRuleError) as exc:
        services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    assert exc.value.code == "no_items"


def test_br_act_01_items_only_for_customers_one_may_see(company, clock):
    other = register(company.reps2[0])
    plan = services.visit_plan_create(actor=company.rep.user, month="2026-12")
    with pytest.raises(NotFoundError):
        services.visit_plan_item_add(
            actor=company.rep.user,
            plan_id=plan.pk,
            data={"customer_id": other.pk, "planned_on": "2026-12-02"},
        )


def test_br_act_01_only_the_author_changes_the_plan(company, clock):
    plan = plan_with_items(company.rep)
    with pytest.raises(PermissionDeniedError):  # the supervisor sees it, but may not edit
        services.visit_plan_submit(actor=company.supervisor1.user, plan_id=plan.pk)
    with pytest.raises(NotFoundError):  # another rep does not even see it
        services.visit_plan_submit(actor=company.reps1[1].user, plan_id=plan.pk)


def test_br_act_01_assistants_do_not_plan_visits(company, clock):
    with pytest.raises(PermissionDeniedError):
        services.visit_plan_create(actor=company.assistant1.user, month="2026-12")


def test_br_act_01_each_action_is_audited(company, clock):
    plan = plan_with_items(company.rep, n=1)
    services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    actions = list(AuditLog.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["visit_plan.create", "visit_plan.item_add", "approval.submit"]
    assert VisitPlan.objects.get().version >= 3
