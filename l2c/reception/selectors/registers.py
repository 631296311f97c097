"""Reads of the visitor and call registers (BR-REC-01, BR-RPT-01), scoped (BR-ORG-02): a rep
sees the entries they received, a supervisor the team's, a manager or the assistant the
department's, the GM everyone's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import NotFoundError
from l2c.core.scope import viewer_of, visible_to
from l2c.customers.models import Stage
from l2c.customers.policies import mask_mobile
from l2c.reception.models import Reception, ReceptionKind, Source

#: stages that count as "converted to an intent customer" (BR-RPT-01)
INTENT_STAGES = (Stage.INTENT, Stage.DEAL, Stage.AFTER_SALES)


def _base() -> QuerySet[Reception]:
    return Reception.objects.select_related(
        "rep__person", "recorded_by__person", "customer", "team", "department"
    )


def reception_list(
    *,
    viewer,
    day: dt.date | None = None,
    kind: str | None = None,
    rep_id: int | None = None,
    first_visit: bool | None = None,
) -> QuerySet[Reception]:
    qs = visible_to(viewer, _base())
    if day is not None:
        qs = qs.filter(received_at__date=day)
    if kind:
        qs = qs.filter(kind=kind)
    if rep_id:
        qs = qs.filter(rep_id=rep_id)
    if first_visit is not None:
        qs = qs.filter(is_first_visit=first_visit)
    return qs.order_by("-received_at", "-id")


def reception_get(*, viewer, reception_id) -> Reception:
    try:
        return visible_to(viewer, _base()).get(pk=int(reception_id))
    except (Reception.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ORG-02", _("未找到该登记。")) from exc


def shown_mobile(viewer, entry: Reception) -> str:
    """BR-CUS-10: the receiving rep sees the number they took; everyone else masked."""
    if not entry.mobile:
        return ""
    return entry.mobile if entry.rep_id == viewer_of(viewer).user_id else mask_mobile(entry.mobile)


@dataclass
class DayStats:
    """来人来电统计表 of one day (BR-RPT-01)."""

    day: dt.date
    total: int = 0
    walk_ins: int = 0
    calls: int = 0
    first_visits: int = 0
    returning: int = 0
    with_mobile: int = 0
    messages_sent: int = 0
    registered: int = 0
    intent: int = 0
    by_source: list[tuple[str, str, int]] = field(default_factory=list)
    by_rep: list[tuple[str, int, int, int]] = field(
        default_factory=list
    )  # name, visits, calls, intent

    @property
    def intent_rate(self) -> str:
        return f"{self.intent * 100 / self.total:.0f}%" if self.total else "—"


def reception_stats(*, viewer, day: dt.date) -> DayStats:
    """Counts by kind, channel and rep, first visits vs returning, numbers left, first
    messages sent, customers registered and converted to intent that day (three queries)."""
    qs = visible_to(viewer, Reception.objects.filter(received_at__date=day))
    intent = Q(customer__stage__in=INTENT_STAGES)
    totals = qs.aggregate(
        total=Count("id"),
        walk_ins=Count("id", filter=Q(kind=ReceptionKind.WALK_IN)),
        calls=Count("id", filter=Q(kind=ReceptionKind.CALL)),
        first_visits=Count("id", filter=Q(is_first_visit=True)),
        with_mobile=Count("id", filter=~Q(mobile="")),
        messages_sent=Count("id", filter=Q(first_message_sent_at__isnull=False)),
        registered=Count("id", filter=Q(customer__isnull=False)),
        intent=Count("id", filter=intent),
    )
    stats = DayStats(day=day, **totals)
    stats.returning = stats.total - stats.first_visits
    by_source = dict(qs.values_list("source").annotate(n=Count("id")).order_by())
    stats.by_source = [(code, str(label), by_source.get(code, 0)) for code, label in Source.choices]
    rows = (
        qs.values("rep_id", "rep__person__name")
        .annotate(
            visits=Count("id", filter=Q(kind=ReceptionKind.WALK_IN)),
            calls=Count("id", filter=Q(kind=ReceptionKind.CALL)),
            intent=Count("id", filter=intent),
        )
        .order_by("rep__person__name")
    )
    stats.by_rep = [
        (r["rep__person__name"] or "?", r["visits"], r["calls"], r["intent"]) for r in rows
    ]
    return stats


def first_message_todo(user):
    """Home to-do "今日首次回访短信" (BR-REC-07): the entries the rep received that left a
    number and have no first message yet; due at the end of the day of the visit (two
    queries)."""
    from l2c.core.todo import TodoItem, TodoSection

    if not getattr(user, "is_authenticated", False):
        return None
    now = timezone.now()
    waiting = (
        Reception.objects.filter(rep=user, first_message_sent_at__isnull=True)
        .exclude(mobile="")
        .order_by("received_at", "id")
    )
    total = waiting.count()
    if not total:
        return None
    today = timezone.localdate(now)
    items = []
    for entry in waiting[:5]:
        day = timezone.localdate(entry.received_at)
        due = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))
        items.append(
            TodoItem(
                title=_("给 %(name)s 发首次回访短信") % {"name": entry.name},
                url=reverse("reception:entry", args=[entry.pk]),
                due=due,
                overdue=day < today,
                note=f"{entry.get_kind_display()} {timezone.localtime(entry.received_at):%H:%M}"
                f" · {mask_mobile(entry.mobile)}",
            )
        )
    return TodoSection(
        key="reception.first_message",
        label=_("今日首次回访短信"),
        icon="chat-dots",
        order=15,
        items=items,
        total=total,
        more_url=reverse("reception:registers"),
    )
