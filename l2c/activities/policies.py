"""The activity rules as pure functions of data and policy values (no database).

BR-CUS-05 what counts as a real contact; BR-ACT-01 when a month's plan is due; BR-ACT-02
when a visit report is due; BR-ACT-04 which birthdays and holidays to remind of.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from l2c import policy
from l2c.core.errors import BusinessRuleError


#: Settings this app reads that ``l2c.policy.defaults`` does not define yet (asked of
#: the lead); until then ``setting`` answers these defaults, after that the policy value.
def setting(key: str, *, at: dt.datetime | None = None):
    return policy.value(key, at=at)


def is_real_contact(kind: str, answered: bool) -> bool:
    """BR-CUS-05: a call, a visit, a meeting, or a message the customer answered."""
    return kind != "message" or bool(answered)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    first = month_start(day)
    return (first + dt.timedelta(days=32)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return next_month(day) - dt.timedelta(days=1)


def parse_month(raw) -> dt.date:
    """ "2026-12", "2026-12-01" or a date → the first day of that month."""
    if isinstance(raw, dt.datetime):
        return month_start(raw.date())
    if isinstance(raw, dt.date):
        return month_start(raw)
    text = str(raw or "").strip()
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(f"{text}-01")
        return month_start(dt.date.fromisoformat(text))
    except ValueError as exc:
        raise BusinessRuleError(
            "BR-ACT-01", _("月份格式应为 YYYY-MM。"), field="month", code="bad_month"
        ) from exc


def plan_due_on(month: dt.date) -> dt.date:
    """BR-ACT-01: next month's plan is due on the last day of this month."""
    return month_start(month) - dt.timedelta(days=1)


def report_due_on(visited_on: dt.date, days: int) -> dt.date:
    """BR-ACT-02: a visit report is due within ``days`` calendar days of the visit."""
    return visited_on + dt.timedelta(days=days)


def birthday_days(today: dt.date, ahead: int) -> list[tuple[int, int]]:
    """(month, day) pairs of the birthdays to remind of from ``today`` to ``today + ahead``;
    in a year without 29 February, those born on it are remembered on the 28th."""
    out: list[tuple[int, int]] = []
    for offset in range(ahead + 1):
        day = today + dt.timedelta(days=offset)
        out.append((day.month, day.day))
        if day.month == 2 and day.day == 28:
            try:
                dt.date(day.year, 2, 29)
            except ValueError:
                out.append((2, 29))
    return out


def next_birthday(birthday: dt.date, today: dt.date) -> dt.date:
    for year in (today.year, today.year + 1):
        try:
            day = birthday.replace(year=year)
        except ValueError:  # 29 February in a common year
            day = dt.date(year, 2, 28)
        if day >= today:
            return day
    return today


def holidays_starting(
    days: Iterable[tuple[dt.date, str]], today: dt.date
) -> list[tuple[dt.date, str]]:
    """The holidays that *start* on or after ``today``, from the holiday days of a window
    that begins the day before ``today`` (a holiday already under way is not coming)."""
    first: dict[str, dt.date] = {}
    for day, name in sorted(days):
        first.setdefault(name or "", day)
    return sorted((day, name) for name, day in first.items() if day >= today)
