"""Visit reports (客户拜访报告, BR-ACT-02): due within 2 days of the visit, reviewed by the
supervisor; the promises made in a visit become tasks."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.activities.models import (
    FollowUp,
    FollowUpKind,
    PlanStatus,
    ReportState,
    Task,
    VisitPlanItem,
    VisitReport,
)
from l2c.activities.policies import report_due_on, setting
from l2c.activities.services._common import (
    as_date,
    as_moment,
    is_leader_over,
    not_in_future,
    person_of,
    text,
)
from l2c.activities.services.followups import record_follow_up
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.scope import can_see
from l2c.customers import selectors as customer_selectors
from l2c.customers import services as customer_services

RULE = "BR-ACT-02"
MAX_PROMISES = 20


def _locked(model, pk, message):
    try:
        return model.objects.select_for_update().get(pk=int(pk))
    except (model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(RULE, message) from exc


def _source(actor, data: dict[str, Any]):
    """What the report is about: a planned visit, a visit follow-up, or a customer / target
    named directly. Returns (plan_item, follow_up, customer, target)."""
    if data.get("plan_item_id"):
        item = _locked(VisitPlanItem, data["plan_item_id"], _("未找到该计划拜访。"))
        if item.plan.rep_id != actor.pk:
            raise NotFoundError(RULE, _("未找到该计划拜访。"))
        if item.plan.status != PlanStatus.APPROVED:
            raise ConflictError(RULE, _("拜访计划尚未批准。"), code="plan_not_approved")
        if item.cancelled_at is not None:
            raise ConflictError(RULE, _("该计划拜访已取消。"), code="cancelled")
        if VisitReport.objects.filter(plan_item=item).exists():
            raise ConflictError(RULE, _("该拜访已提交报告。"), code="reported")
        return item, None, item.customer, item.target
    if data.get("follow_up_id"):
        follow_up = _locked(FollowUp, data["follow_up_id"], _("未找到该跟进记录。"))
        if follow_up.rep_id != actor.pk or follow_up.kind != FollowUpKind.VISIT:
            raise NotFoundError(RULE, _("未找到该拜访记录。"))
        if VisitReport.objects.filter(follow_up=follow_up).exists():
            raise ConflictError(RULE, _("该拜访已提交报告。"), code="reported")
        return None, follow_up, follow_up.customer, ""
    customer = None
    if data.get("customer_id"):
        customer = customer_selectors.customer_get(viewer=actor, customer_id=data["customer_id"])
    target = text(data, "target", rule=RULE, limit=100, label=_("拜访对象"))
    if customer is None and not target:
        raise BusinessRuleError(RULE, _("请选择客户或填写拜访对象。"), field="target")
    return None, None, customer, target


def _pair(actor, item, follow_up, customer, visited_on):
    """One visit, one report: a planned visit and the visit follow-up of the same customer
    on the same day are the same visit."""
    if customer is None:
        return item, follow_up
    if item is not None and follow_up is None:
        follow_up = (
            FollowUp.objects.filter(
                rep=actor,
                customer=customer,
                kind=FollowUpKind.VISIT,
                at__date=visited_on,
                visit_report__isnull=True,
            )
            .order_by("at", "id")
            .first()
        )
    elif follow_up is not None and item is None:
        item = (
            VisitPlanItem.objects.filter(
                plan__rep=actor,
                plan__status=PlanStatus.APPROVED,
                customer=customer,
                planned_on=visited_on,
                cancelled_at__isnull=True,
                report__isnull=True,
            )
            .order_by("id")
            .first()
        )
    return item, follow_up


def _promises(data: dict[str, Any], visited_on) -> list[tuple[str, Any]]:
    rows = []
    for index, row in enumerate(data.get("promises") or []):
        title = str(row.get("title") or "").strip()
        if not title:
            continue
        if len(title) > 200:
            raise BusinessRuleError(RULE, _("事项不能超过 200 字。"), field=f"promises.{index}")
        due = as_date(row.get("due_on"), rule=RULE, field=f"promises.{index}")
        if due is None or due < visited_on:
            raise BusinessRuleError(
                RULE, _("请为答应的事项填写不早于拜访日的完成期限。"), field=f"promises.{index}"
            )
        rows.append((title, due))
    if len(rows) > MAX_PROMISES:
        raise BusinessRuleError(RULE, _("事项过多。"), field="promises")
    return rows


@transaction.atomic
def _task(actor, person, *, customer, report, title: str, due) -> Task:
    """A task of the actor's (unsaved), in the actor's team and department."""
    return Task(
        owner=actor,
        team_id=person.team_id,
        department_id=person.department_id,
        customer=customer,
        report=report,
        title=title,
        due_on=due,
        created_by=actor,
    )


def visit_report_create(*, actor, data: dict[str, Any]) -> VisitReport:
    """Report a visit (BR-ACT-02). A visit to a customer one owns, not yet recorded as a
    follow-up, is recorded as one (a real contact, BR-CUS-04); each promise becomes a task;
    the superior is asked to review."""
    from l2c.notifications.services import notify

    person = person_of(actor, rule=RULE)
    now = timezone.now()
    item, follow_up, customer, target = _source(actor, data)
    visited_at = (
        follow_up.at
        if follow_up
        else as_moment(data.get("visited_at"), rule=RULE, field="visited_at")
    )
    if visited_at is None:
        raise BusinessRuleError(RULE, _("请填写拜访时间。"), field="visited_at")
    not_in_future(visited_at, now, rule=RULE, field="visited_at")
    content = text(data, "content", rule=RULE, required=True, label=_("拜访情况"))
    feedback = text(data, "feedback", rule=RULE, label=_("客户意见"))
    visited_on = timezone.localdate(visited_at)
    promises = _promises(data, visited_on)
    item, follow_up = _pair(actor, item, follow_up, customer, visited_on)
    if (
        follow_up is None
        and customer is not None
        and customer.owner_id == actor.pk
        and customer_services.is_effectively_owned(customer, now)
        and visited_at >= (customer.owned_since or customer.registered_at)
    ):
        follow_up = record_follow_up(
            actor=actor,
            customer=customer,
            kind=FollowUpKind.VISIT,
            at=visited_at,
            outcome=content[:2000],
            next_date=None,
            answered=False,
            now=now,
        )
    days = setting("activities.visit_report_due_days", at=visited_at)
    report = VisitReport.objects.create(
        rep=actor,
        team_id=person.team_id,
        department_id=person.department_id,
        customer=customer,
        target=target,
        plan_item=item,
        follow_up=follow_up,
        visited_at=visited_at,
        content=content,
        feedback=feedback,
        due_on=report_due_on(visited_on, days),
        submitted_at=now,
    )
    Task.objects.bulk_create(
        [
            _task(actor, person, customer=customer, report=report, title=t, due=d)
            for t, d in promises
        ]
    )
    if person.superior is not None:
        notify(
            recipients=[person.superior.user],
            kind="activities.visit_report",
            title=_("待审核拜访报告：%(who)s · %(what)s")
            % {"who": person.name, "what": report.label},
            url=reverse("activities:report", args=[report.pk]),
            obj=report,
            key=f"visit-report-{report.pk}-submitted",
        )
    audit_record(
        actor=actor,
        action="visit_report.create",
        obj=report,
        rule=RULE,
        extra={
            "visited_at": visited_at.isoformat(),
            "due_on": report.due_on.isoformat(),
            "late": report.late,
            "plan_item": item.pk if item else None,
            "follow_up": follow_up.pk if follow_up else None,
            "tasks": len(promises),
        },
    )
    return report


@transaction.atomic
def visit_report_update(
    *, actor, report_id: int, data: dict[str, Any], expected_version: int | None = None
) -> VisitReport:
    """The author corrects a report not yet reviewed, or one returned (which resubmits it)."""
    report = _locked(VisitReport, report_id, _("未找到该拜访报告。"))
    if report.rep_id != actor.pk:
        raise PermissionDeniedError(RULE, _("只有拜访人可以修改拜访报告。"))
    if report.state == ReportState.REVIEWED:
        raise ConflictError(RULE, _("已审核的拜访报告不能修改。"), code="reviewed")
    report.check_version(expected_version)
    before = {"content": report.content, "feedback": report.feedback, "state": report.state}
    if "content" in data:
        report.content = text(data, "content", rule=RULE, required=True, label=_("拜访情况"))
    if "feedback" in data:
        report.feedback = text(data, "feedback", rule=RULE, label=_("客户意见"))
    report.state = ReportState.SUBMITTED
    report.save_versioned(update_fields=["content", "feedback", "state"])
    after = {"content": report.content, "feedback": report.feedback, "state": report.state}
    audit_record(
        actor=actor,
        action="visit_report.update",
        obj=report,
        rule=RULE,
        changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
    )
    return report


@transaction.atomic
def visit_report_review(*, actor, report_id: int, decision: str, comment: str = "") -> VisitReport:
    """The supervisor reviews a report (BR-ACT-02): ``approve`` (审核通过) or ``return`` it
    for changes, with a comment."""
    from l2c.notifications.services import notify

    report = _locked(VisitReport, report_id, _("未找到该拜访报告。"))
    if not can_see(actor, report):
        raise NotFoundError(RULE, _("未找到该拜访报告。"))
    if report.rep_id == actor.pk or not is_leader_over(actor, report):
        raise PermissionDeniedError(RULE, _("拜访报告由拜访人的主管审核。"))
    if decision not in {"approve", "return"}:
        raise BusinessRuleError(RULE, _("请选择审核结果。"), field="decision")
    if report.state != ReportState.SUBMITTED:
        raise ConflictError(
            RULE,
            _("该报告%(s)s，不能审核。") % {"s": report.get_state_display()},
            code="not_submitted",
        )
    comment = text(
        {"comment": comment},
        "comment",
        rule=RULE,
        required=decision == "return",
        limit=2000,
        label=_("审核意见"),
    )
    now = timezone.now()
    report.state = ReportState.REVIEWED if decision == "approve" else ReportState.RETURNED
    report.reviewer = actor
    report.reviewed_at = now
    report.review_comment = comment
    report.save_versioned(update_fields=["state", "reviewer", "reviewed_at", "review_comment"])
    notify(
        recipients=[report.rep],
        kind="activities.visit_report",
        title=(
            _("拜访报告已审核：%(what)s")
            if decision == "approve"
            else _("拜访报告被退回：%(what)s")
        )
        % {"what": report.label},
        body=comment,
        url=reverse("activities:report", args=[report.pk]),
        obj=report,
        key=f"visit-report-{report.pk}-{report.version}-{decision}",
    )
    audit_record(
        actor=actor,
        action=f"visit_report.{decision}",
        obj=report,
        rule=RULE,
        extra={"comment": comment},
    )
    return report


@transaction.atomic
def task_create(
    *, actor, title: str, due_on, customer_id: int | None = None, report_id: int | None = None
) -> Task:
    """A promise or follow-through item of one's own (BR-ACT-02)."""
    person = person_of(actor, rule=RULE)
    title = text({"title": title}, "title", rule=RULE, required=True, limit=200, label=_("事项"))
    due = as_date(due_on, rule=RULE, field="due_on")
    if due is None:
        raise BusinessRuleError(RULE, _("请填写完成期限。"), field="due_on")
    customer = (
        customer_selectors.customer_get(viewer=actor, customer_id=customer_id)
        if customer_id
        else None
    )
    report = None
    if report_id:
        report = VisitReport.objects.filter(pk=report_id, rep=actor).first()
        if report is None:
            raise NotFoundError(RULE, _("未找到该拜访报告。"))
        customer = customer or report.customer
    task = _task(actor, person, customer=customer, report=report, title=title, due=due)
    task.save(force_insert=True)
    audit_record(
        actor=actor, action="task.create", obj=task, rule=RULE, extra={"due_on": due.isoformat()}
    )
    return task


@transaction.atomic
def task_complete(*, actor, task_id: int, note: str = "") -> Task:
    task = _locked(Task, task_id, _("未找到该事项。"))
    if task.owner_id != actor.pk:
        if can_see(actor, task):
            raise PermissionDeniedError(RULE, _("只有负责人可以完成该事项。"))
        raise NotFoundError(RULE, _("未找到该事项。"))
    if task.done_at is not None:
        raise ConflictError(RULE, _("该事项已完成。"), code="done")
    task.done_at = timezone.now()
    task.done_note = text({"note": note}, "note", rule=RULE, limit=200, label=_("完成情况"))
    task.save_versioned(update_fields=["done_at", "done_note"])
    audit_record(
        actor=actor,
        action="task.complete",
        obj=task,
        rule=RULE,
        extra={"late": timezone.localdate(task.done_at) > task.due_on},
    )
    return task
