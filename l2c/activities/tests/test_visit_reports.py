"""BR-ACT-02: a visit report is due within 2 days of the visit, reviewed by the supervisor;
promises made in a visit become tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from l2c.activities import selectors, services
from l2c.activities.models import FollowUp, ReportState, Task
from l2c.activities.tasks import remind_reports_due
from l2c.activities.tests.conftest import follow, register
from l2c.activities.tests.test_visit_plans import plan_with_items, request_of
from l2c.approvals import services as approvals
from l2c.core.errors import (
    BusinessRuleError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from l2c.core.testing import at
from l2c.notifications.models import Notification
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db


def approved_plan(company, customer=None, month="2026-11", n=1):
    plan = plan_with_items(company.rep, month=month, n=n, customer=customer)
    services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    approvals.approval_decide(
        actor=company.supervisor1.user, request_id=request_of(plan).pk, decision="approve"
    )
    return plan


def report(person, **data):
    return services.visit_report_create(
        actor=person.user, data={"content": "介绍了二期户型，客户有意向", **data}
    )


def test_br_act_02_report_due_within_2_days_of_the_visit(company, clock):
    visit = follow(company.rep, register(company.rep, klass="A"), "visit")
    clock.move_to(at(2026, 11, 25, 17))
    r = report(company.rep, follow_up_id=visit.pk)
    assert r.due_on == dt.date(2026, 11, 25) and not r.late
    assert r.state == ReportState.SUBMITTED


def test_br_act_02_a_report_after_2_days_is_flagged_late(company, clock):
    visit = follow(company.rep, register(company.rep, klass="A"), "visit")
    clock.move_to(at(2026, 11, 26, 9))
    assert report(company.rep, follow_up_id=visit.pk).late


def test_br_act_02_the_due_days_are_policy(company, clock):
    policy_change(
        actor=company.gm.user,
        key="activities.visit_report_due_days",
        value=1,
        reason="测试",
    )
    visit = follow(company.rep, register(company.rep), "visit")
    assert report(company.rep, follow_up_id=visit.pk).due_on == dt.date(2026, 11, 24)


def test_br_act_02_reports_due_from_plans_and_visits(company, clock):
    customer = register(company.rep, klass="B")
    plan = approved_plan(company, customer=customer, n=1)  # planned 2026-11-02
    visit = follow(company.rep, customer, "visit")
    due = selectors.reports_due(user=company.rep.user)
    assert [(d.source, d.overdue) for d in due] == [("plan_item", True), ("follow_up", False)]
    item = plan.items.get()
    report(company.rep, plan_item_id=item.pk, visited_at=at(2026, 11, 2, 10))
    report(company.rep, follow_up_id=visit.pk)
    assert selectors.reports_due(user=company.rep.user) == []


def test_br_act_02_a_planned_visit_that_did_not_happen_is_cancelled(company, clock):
    plan = approved_plan(company)
    item = plan.items.get()
    services.visit_plan_item_cancel(
        actor=company.rep.user, plan_id=plan.pk, item_id=item.pk, reason="客户出差"
    )
    assert selectors.reports_due(user=company.rep.user) == []
    with pytest.raises(ConflictError):
        report(company.rep, plan_item_id=item.pk, visited_at=at(2026, 11, 2))


def test_br_act_02_a_report_records_the_visit_as_a_follow_up(company, clock):
    customer = register(company.rep, klass="A")
    clock.move_to(at(2026, 11, 24, 18))
    r = report(company.rep, customer_id=customer.pk, visited_at=at(2026, 11, 24, 15))
    assert r.follow_up.kind == "visit" and r.follow_up.counted
    customer.refresh_from_db()
    assert customer.last_contact_at == at(2026, 11, 24, 15)
    assert FollowUp.objects.count() == 1


def test_br_act_02_a_visit_to_a_target_outside_the_archive(company, clock):
    r = report(company.rep, target="同行：万科城销售中心", visited_at=at(2026, 11, 23, 9))
    assert r.customer is None and r.follow_up is None and r.label == "同行：万科城销售中心"


def test_br_act_02_promises_become_tasks(company, clock):
    customer = register(company.rep, klass="A")
    r = report(
        company.rep,
        customer_id=customer.pk,
        visited_at=at(2026, 11, 23, 9),
        promises=[
            {"title": "周五前发送二期价格表", "due_on": "2026-11-27"},
            {"title": "", "due_on": ""},
            {"title": "安排看房车", "due_on": "2026-11-28"},
        ],
    )
    tasks = list(Task.objects.order_by("due_on"))
    assert [t.title for t in tasks] == ["周五前发送二期价格表", "安排看房车"]
    assert all(
        t.report == r and t.customer == customer and t.owner == company.rep.user for t in tasks
    )
    clock.move_to(at(2026, 11, 28, 9))
    done = services.task_complete(actor=company.rep.user, task_id=tasks[0].pk, note="已发")
    assert done.done_at == at(2026, 11, 28, 9)
    with pytest.raises(ConflictError):
        services.task_complete(actor=company.rep.user, task_id=tasks[0].pk)
    with pytest.raises(PermissionDeniedError):
        services.task_complete(actor=company.supervisor1.user, task_id=tasks[1].pk)


def test_br_act_02_promise_without_a_due_date_is_refused(company, clock):
    with pytest.raises(BusinessRuleError) as exc:
        report(
            company.rep,
            target="万科",
            visited_at=at(2026, 11, 23, 9),
            promises=[{"title": "寄资料", "due_on": ""}],
        )
    assert exc.value.field == "promises.0"


def test_br_act_02_the_supervisor_reviews(company, clock):
    r = report(company.rep, target="万科", visited_at=at(2026, 11, 23, 9))
    assert Notification.objects.filter(
        recipient=company.supervisor1.user, kind="activities.visit_report"
    ).exists()
    with pytest.raises(BusinessRuleError):  # returning needs a comment
        services.visit_report_review(
            actor=company.supervisor1.user, report_id=r.pk, decision="return"
        )
    r = services.visit_report_review(
        actor=company.supervisor1.user, report_id=r.pk, decision="return", comment="请补充客户预算"
    )
    assert r.state == ReportState.RETURNED
    r = services.visit_report_update(
        actor=company.rep.user, report_id=r.pk, data={"content": "预算 200 万"}
    )
    assert r.state == ReportState.SUBMITTED
    r = services.visit_report_review(
        actor=company.supervisor1.user, report_id=r.pk, decision="approve", comment="好"
    )
    assert r.state == ReportState.REVIEWED and r.reviewer == company.supervisor1.user
    with pytest.raises(ConflictError):
        services.visit_report_update(actor=company.rep.user, report_id=r.pk, data={"content": "x"})


def test_br_act_02_nobody_reviews_their_own_report_or_another_team(company, clock):
    own = report(company.supervisor1, target="万科", visited_at=at(2026, 11, 23, 9))
    with pytest.raises(PermissionDeniedError):
        services.visit_report_review(
            actor=company.supervisor1.user, report_id=own.pk, decision="approve"
        )
    r = report(company.rep, target="万科", visited_at=at(2026, 11, 23, 9))
    for outsider in (company.supervisor2, company.reps1[1]):
        with pytest.raises(NotFoundError):
            services.visit_report_review(actor=outsider.user, report_id=r.pk, decision="approve")
    # the manager above may review
    services.visit_report_review(actor=company.manager1.user, report_id=r.pk, decision="approve")


def test_br_act_02_the_tick_reminds_on_the_due_day_and_tells_the_supervisor_when_late(
    company, clock
):
    visit = follow(company.rep, register(company.rep), "visit")  # due 2026-11-25
    assert remind_reports_due(at(2026, 11, 24, 9)) == {"reminded": 0, "escalated": 0}
    assert remind_reports_due(at(2026, 11, 25, 9)) == {"reminded": 1, "escalated": 0}
    assert remind_reports_due(at(2026, 11, 25, 15)) == {"reminded": 0, "escalated": 0}
    assert remind_reports_due(at(2026, 11, 26, 9)) == {"reminded": 0, "escalated": 1}
    assert remind_reports_due(at(2026, 11, 27, 9)) == {"reminded": 0, "escalated": 0}
    kinds = set(Notification.objects.values_list("recipient__username", "kind"))
    assert kinds == {
        (company.rep.user.username, "activities.report_due"),
        (company.supervisor1.user.username, "activities.report_overdue"),
    }
    report(company.rep, follow_up_id=visit.pk)


def test_br_act_02_a_planned_visit_recorded_as_a_follow_up_is_one_visit(company, clock):
    customer = register(company.rep, klass="A")
    clock.move_to(at(2026, 11, 24, 9))
    plan = services.visit_plan_create(actor=company.rep.user, month="2026-11")
    services.visit_plan_item_add(
        actor=company.rep.user,
        plan_id=plan.pk,
        data={"customer_id": customer.pk, "planned_on": "2026-11-24"},
    )
    services.visit_plan_submit(actor=company.rep.user, plan_id=plan.pk)
    approvals.approval_decide(
        actor=company.supervisor1.user, request_id=request_of(plan).pk, decision="approve"
    )
    clock.move_to(at(2026, 11, 24, 16))
    visit = follow(company.rep, customer, "visit", when=at(2026, 11, 24, 15))
    assert len(selectors.reports_due(user=company.rep.user)) == 2
    r = report(company.rep, follow_up_id=visit.pk)
    assert r.plan_item == plan.items.get() and r.follow_up == visit
    assert selectors.reports_due(user=company.rep.user) == []
