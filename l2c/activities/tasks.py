"""What ``l2c_tick`` does for activities (BR-ACT-02, 04): remind the rep on the day a
visit report falls due, and tell the rep's superior once when it is overdue. Idempotent:
each notification carries a key naming the visit and the day, so running the tick again,
late or twice sends nothing new. Whether a report is due never depends on this job."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.activities.models import FollowUp, FollowUpKind, PlanStatus, VisitPlanItem
from l2c.activities.policies import report_due_on, setting
from l2c.org.models import Person

BATCH = 2000


def remind_reports_due(now: dt.datetime) -> dict[str, int]:
    from django.urls import reverse

    from l2c.notifications.services import notify

    today = timezone.localdate(now)
    days = setting("activities.visit_report_due_days", at=now)
    oldest = today - dt.timedelta(days=days + 30)  # a month of overdue reports is enough
    items = (
        VisitPlanItem.objects.filter(
            plan__status=PlanStatus.APPROVED,
            planned_on__gte=oldest,
            planned_on__lte=today,
            cancelled_at__isnull=True,
            report__isnull=True,
        )
        .select_related("plan__rep", "customer")
        .order_by("planned_on", "id")[:BATCH]
    )
    visits = (
        FollowUp.objects.filter(
            kind=FollowUpKind.VISIT, visit_report__isnull=True, at__date__gte=oldest
        )
        .select_related("rep", "customer")
        .order_by("at", "id")[:BATCH]
    )
    due: list[tuple[str, object, str, dt.date, str]] = [
        (f"item-{i.pk}", i.plan.rep, i.label, i.planned_on, f"?plan_item={i.pk}") for i in items
    ]
    due += [
        (f"fu-{f.pk}", f.rep, f.customer.name, timezone.localdate(f.at), f"?follow_up={f.pk}")
        for f in visits
    ]
    superiors = {
        p.user_id: p.superior.user
        for p in Person.objects.filter(
            user_id__in={rep.pk for _k, rep, *_rest in due}, superior__isnull=False
        ).select_related("superior__user")
    }
    base = reverse("activities:report_new")
    reminded = escalated = 0
    for key, rep, label, visited_on, query in due:
        due_on = report_due_on(visited_on, days)
        if due_on == today:
            reminded += len(
                notify(
                    recipients=[rep],
                    kind="activities.report_due",
                    title=_("今天须提交拜访报告：%(what)s") % {"what": label},
                    body=_("拜访日 %(d)s，报告须在拜访后 %(n)s 天内提交（BR-ACT-02）。")
                    % {"d": visited_on.strftime("%m-%d"), "n": days},
                    url=base + query,
                    key=f"report-due-{key}-{due_on.isoformat()}",
                )
            )
        elif today > due_on and rep.pk in superiors:
            escalated += len(
                notify(
                    recipients=[superiors[rep.pk]],
                    kind="activities.report_overdue",
                    title=_("拜访报告逾期未交：%(what)s") % {"what": label},
                    body=_("拜访日 %(d)s，报告期限 %(due)s。")
                    % {"d": visited_on.strftime("%m-%d"), "due": due_on.strftime("%m-%d")},
                    url=reverse("activities:reports"),
                    key=f"report-overdue-{key}",
                )
            )
    return {"reminded": reminded, "escalated": escalated}
