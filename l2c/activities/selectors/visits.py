"""Reads of visit plans, visit reports and tasks (BR-ACT-01, 02), scoped; the visits whose
report is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.activities.models import (
    FollowUp,
    FollowUpKind,
    PlanStatus,
    ReportState,
    Task,
    VisitPlan,
    VisitPlanItem,
    VisitReport,
)
from l2c.activities.policies import report_due_on, setting
from l2c.activities.selectors._scope import narrow
from l2c.approvals import selectors as approval_selectors
from l2c.core.errors import NotFoundError

APPROVAL_KIND = "visit_plan"


def visit_plan_list(
    *, viewer, scope: str = "mine", status: str | None = None, month: dt.date | None = None
) -> QuerySet[VisitPlan]:
    qs = VisitPlan.objects.select_related("rep__person", "team", "department").annotate(
        item_count=Count("items")
    )
    qs = narrow(qs, viewer, scope)
    if status:
        qs = qs.filter(status=status)
    if month:
        qs = qs.filter(month=month)
    qs = approval_selectors.with_approval_request_id(qs, APPROVAL_KIND)
    return qs.order_by("-month", "rep_id", "-id")


def visit_plan_get(*, viewer, plan_id) -> VisitPlan:
    try:
        return visit_plan_list(viewer=viewer, scope="all").get(pk=int(plan_id))
    except (VisitPlan.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ACT-01", _("未找到该拜访计划。")) from exc


def plan_items(plan: VisitPlan) -> QuerySet[VisitPlanItem]:
    return (
        plan.items.select_related("customer")
        .annotate(has_report=Exists(VisitReport.objects.filter(plan_item=OuterRef("pk"))))
        .order_by("planned_on", "id")
    )


def visit_report_list(
    *, viewer, scope: str = "mine", state: str | None = None
) -> QuerySet[VisitReport]:
    qs = VisitReport.objects.select_related(
        "rep__person", "customer", "reviewer__person", "plan_item"
    )
    qs = narrow(qs, viewer, scope)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-visited_at", "-id")


def visit_report_get(*, viewer, report_id) -> VisitReport:
    try:
        return visit_report_list(viewer=viewer, scope="all").get(pk=int(report_id))
    except (VisitReport.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ACT-02", _("未找到该拜访报告。")) from exc


def reports_to_review(*, viewer) -> QuerySet[VisitReport]:
    """Submitted reports of the people the viewer leads (not their own)."""
    return visit_report_list(viewer=viewer, scope="all", state=ReportState.SUBMITTED).exclude(
        rep=viewer
    )


@dataclass(frozen=True)
class DueVisit:
    """A visit whose report is not written yet (BR-ACT-02)."""

    source: str  # "plan_item" | "follow_up"
    pk: int
    label: str
    visited_on: dt.date
    due_on: dt.date
    overdue: bool
    new_url: str


def reports_due(*, user, today: dt.date | None = None) -> list[DueVisit]:
    """The user's visits without a report: planned visits of approved plans up to today
    (not cancelled) and visits recorded as follow-ups. Three queries."""
    today = today or timezone.localdate()
    days = setting("activities.visit_report_due_days")
    items = (
        VisitPlanItem.objects.filter(
            plan__rep=user,
            plan__status=PlanStatus.APPROVED,
            planned_on__lte=today,
            cancelled_at__isnull=True,
            report__isnull=True,
        )
        .select_related("customer")
        .order_by("planned_on", "id")[:100]
    )
    visits = (
        FollowUp.objects.filter(rep=user, kind=FollowUpKind.VISIT, visit_report__isnull=True)
        .select_related("customer")
        .order_by("at", "id")[:100]
    )
    base = reverse("activities:report_new")
    out = [
        DueVisit(
            "plan_item",
            i.pk,
            i.label,
            i.planned_on,
            report_due_on(i.planned_on, days),
            today > report_due_on(i.planned_on, days),
            f"{base}?plan_item={i.pk}",
        )
        for i in items
    ]
    for f in visits:
        on = timezone.localdate(f.at)
        due = report_due_on(on, days)
        out.append(
            DueVisit(
                "follow_up", f.pk, f.customer.name, on, due, today > due, f"{base}?follow_up={f.pk}"
            )
        )
    return sorted(out, key=lambda d: (d.due_on, d.label))


def task_list(*, viewer, scope: str = "mine", open_only: bool = True) -> QuerySet[Task]:
    qs = Task.objects.select_related("owner__person", "customer", "report")
    qs = narrow(qs, viewer, scope, owner="owner")
    if open_only:
        qs = qs.filter(done_at__isnull=True)
    return qs.order_by(F("done_at").asc(nulls_first=True), "due_on", "id")


def task_get(*, viewer, task_id) -> Task:
    try:
        return task_list(viewer=viewer, scope="all", open_only=False).get(pk=int(task_id))
    except (Task.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ACT-02", _("未找到该事项。")) from exc


def report_tasks(report: VisitReport) -> QuerySet[Task]:
    return report.tasks.select_related("owner__person").order_by("due_on", "id")
