"""Receivables rules as pure functions of dates and amounts (BR-FIN-03, 04, 05): when a
milestone falls due, its state on a day, the ageing bucket of an overdue amount and whether
a contract is in default. No database, no clock: the callers hand ``as_of`` in."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from l2c.finance.models import DueBy, MilestoneKind

ZERO = Decimal("0.00")
#: the ageing buckets of BR-FIN-04: (key, label, first day, last day or None)
BUCKETS: tuple[tuple[str, str, int, int | None], ...] = (
    ("d0_30", "0–30天", 0, 30),
    ("d31_60", "31–60天", 31, 60),
    ("d61_90", "61–90天", 61, 90),
    ("d90_plus", ">90天", 91, None),
)
#: the event a milestone of each kind waits for when the contract says no date
EVENT_OF_KIND: dict[str, str] = {
    MilestoneKind.ADVANCE: DueBy.ON_SIGNING,
    MilestoneKind.ARRIVAL: DueBy.ON_ARRIVAL,
    MilestoneKind.ACCEPTANCE: DueBy.ON_ACCEPTANCE,
    MilestoneKind.RETENTION: DueBy.AT_WARRANTY_EXPIRY,
    MilestoneKind.OTHER: DueBy.ON_SIGNING,
}
#: words of a payment term's name and the milestone kind they mean
KIND_WORDS = (
    (("质保", "保证金", "尾款"), MilestoneKind.RETENTION),
    (("验收",), MilestoneKind.ACCEPTANCE),
    (("到货", "发货", "交货"), MilestoneKind.ARRIVAL),
    (("预付", "首付", "定金", "签约"), MilestoneKind.ADVANCE),
)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (31 January + 1 month → 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def kind_from_name(name: str) -> str:
    for words, kind in KIND_WORDS:
        if any(w in name for w in words):
            return kind
    return MilestoneKind.OTHER


def event_dates(
    *,
    signed_on: dt.date | None,
    arrival_on: dt.date | None,
    accepted_on: dt.date | None,
    warranty_expires_on: dt.date | None,
) -> dict[str, dt.date | None]:
    return {
        DueBy.ON_SIGNING: signed_on,
        DueBy.ON_ARRIVAL: arrival_on,
        DueBy.ON_ACCEPTANCE: accepted_on,
        DueBy.AT_WARRANTY_EXPIRY: warranty_expires_on,
    }


def due_date(
    due_by: str, agreed_due_on: dt.date | None, offset_days: int, events: dict
) -> dt.date | None:
    """The day a milestone falls due, or ``None`` while its event has not happened."""
    if due_by == DueBy.DATE:
        return agreed_due_on
    happened = events.get(due_by)
    if happened is None:
        return None
    return happened + dt.timedelta(days=offset_days or 0)


def overdue_days(due_on: dt.date | None, as_of: dt.date) -> int:
    """Days past the due date (0 on the due date itself and before it)."""
    if due_on is None:
        return 0
    return max((as_of - due_on).days, 0)


def bucket_of(days: int) -> str:
    """The ageing bucket of an amount ``days`` past due (BR-FIN-04)."""
    for key, _label, first, last in BUCKETS:
        if days >= first and (last is None or days <= last):
            return key
    return BUCKETS[0][0]


def is_default(days: int, default_days: int) -> bool:
    """BR-FIN-05: overdue *more than* the policy's days (61 with 60) is a default."""
    return days > default_days


def milestone_state(
    *, amount: Decimal, paid: Decimal, due_on: dt.date | None, as_of: dt.date
) -> tuple[str, str]:
    """(code, label): paid / partly paid / not yet due / due / overdue N days."""
    if paid >= amount:
        return "paid", _("已付清")
    days = overdue_days(due_on, as_of)
    if due_on is not None and days > 0:
        label = _("逾期 %(n)s 天") % {"n": days}
        if paid > 0:
            label = _("部分付款，") + label
        return "overdue", label
    if paid > 0:
        return "partly_paid", _("部分付款")
    if due_on is None or due_on > as_of:
        return "not_due", _("未到期")
    return "due", _("今日到期")
