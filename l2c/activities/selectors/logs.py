"""Reads of work logs and daily summaries (BR-ACT-03), scoped."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from l2c.activities.models import DailySummary, FollowUp, WorkLog
from l2c.activities.selectors._scope import narrow
from l2c.core.errors import NotFoundError
from l2c.core.scope import visible_to


def work_log_list(*, viewer, scope: str = "mine", day: dt.date | None = None) -> QuerySet[WorkLog]:
    qs = WorkLog.objects.select_related("author__person", "team", "department")
    qs = narrow(qs, viewer, scope, owner="author")
    if day:
        qs = qs.filter(day=day)
    return qs.order_by("-day", "author_id", "-id")


def work_log_get(*, viewer, log_id) -> WorkLog:
    try:
        return work_log_list(viewer=viewer, scope="all").get(pk=int(log_id))
    except (WorkLog.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ACT-03", _("未找到该工作日志。")) from exc


def my_log(*, user, day: dt.date) -> WorkLog | None:
    return WorkLog.objects.filter(author=user, day=day).first()


def day_counts(*, user, day: dt.date) -> dict[str, int]:
    """What the system already knows of the user's day, shown beside the log (one query)."""
    rows = FollowUp.objects.filter(rep=user, at__date=day).values_list("kind", flat=True)
    counts: dict[str, int] = {}
    for kind in rows:
        counts[kind] = counts.get(kind, 0) + 1
    counts["total"] = sum(counts.values())
    return counts


def department_logs(*, viewer, department_id: int, day: dt.date) -> QuerySet[WorkLog]:
    """The day's logs of a department, for the assistant's summary."""
    return (
        visible_to(viewer, WorkLog.objects.select_related("author__person"))
        .filter(department_id=department_id, day=day)
        .order_by("team_id", "author__person__name")
    )


def daily_summary_list(*, viewer) -> QuerySet[DailySummary]:
    qs = DailySummary.objects.select_related("author__person", "department")
    return visible_to(viewer, qs).order_by("-day", "department_id")


def daily_summary_get(*, viewer, summary_id) -> DailySummary:
    try:
        return daily_summary_list(viewer=viewer).get(pk=int(summary_id))
    except (DailySummary.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ACT-03", _("未找到该日报。")) from exc


def summary_today(*, department_id: int | None, day: dt.date) -> DailySummary | None:
    if department_id is None:
        return None
    return DailySummary.objects.filter(department_id=department_id, day=day).first()
