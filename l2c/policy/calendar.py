"""The company's working calendar (BR-POL-03): data in policy, arithmetic in core.workdays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from l2c.core.workdays import WorkingCalendar
from l2c.policy.models import CalendarDay, CalendarDayKind, CalendarYear


def working_calendar(years: Iterable[int] | None = None) -> WorkingCalendar:
    """The calendar for ``years`` (default: last year to two years ahead). Two queries."""
    if years is None:
        this = timezone.localdate().year
        years = range(this - 1, this + 3)
    years = sorted(set(years))
    days = CalendarDay.objects.filter(date__year__in=years).values_list("date", "kind")
    off = frozenset(
        d for d, k in days if k in {CalendarDayKind.HOLIDAY, CalendarDayKind.COMPANY_OFF}
    )
    extra = frozenset(d for d, k in days if k == CalendarDayKind.WORKDAY)
    known = frozenset(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    return WorkingCalendar(days_off=off, extra_workdays=extra, known_years=known)


def calendar_for_dates(*days: dt.date) -> WorkingCalendar:
    """A calendar covering ``days`` and the year after the last (deadlines run forward)."""
    years = {d.year for d in days} | {max(d.year for d in days) + 1}
    return working_calendar(years)


def years_needing_data(*, today: dt.date | None = None) -> list[int]:
    """Years the administrator must enter (BR-POL-03): this year, and from November on the
    next one (the State Council publishes it each autumn). One query."""
    today = today or timezone.localdate()
    wanted = {today.year} | ({today.year + 1} if today.month >= 11 else set())
    known = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return sorted(wanted - known)
