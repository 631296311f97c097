"""Working-day arithmetic (BR-POL-03): China's public holidays and make-up workdays (调休),
plus company days off. Pure functions over a :class:`WorkingCalendar`; the data comes from
``policy`` (``l2c.policy.calendar.working_calendar``).

A year with no data falls back to Monday–Friday: a deadline is never refused for lack of
data; the calendar reports the year as missing so the administrator is warned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

#: When "the end of the working day" is, for same-day deadlines (审核后当日上报).
DEFAULT_DAY_END = dt.time(18, 0)
DEFAULT_DAY_START = dt.time(9, 0)


@dataclass(frozen=True)
class WorkingCalendar:
    days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_workdays: frozenset[dt.date] = field(default_factory=frozenset)
    known_years: frozenset[int] = field(default_factory=frozenset)

    def has_data_for(self, year: int) -> bool:
        return year in self.known_years

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.days_off:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        current = day + dt.timedelta(days=1)
        while not self.is_working_day(current):
            current += dt.timedelta(days=1)
        return current

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """``n`` working days after ``day`` (``n`` = 0: ``day`` itself if working, else the
        next working day)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        current = day if self.is_working_day(day) else self.next_working_day(day)
        for _ in range(n):
            current = self.next_working_day(current)
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end] — how many working days have passed."""
        count, current = 0, start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count

    def end_of_working_day(
        self, moment: dt.datetime, *, day_end: dt.time = DEFAULT_DAY_END
    ) -> dt.datetime:
        """The end of the working day ``moment`` falls in; after hours or on a day off, the end
        of the next working day. ``moment`` must be aware; the result is in its time zone."""
        day = moment.date()
        if not self.is_working_day(day) or moment.timetz().replace(tzinfo=None) >= day_end:
            day = self.next_working_day(day)
        return dt.datetime.combine(day, day_end, tzinfo=moment.tzinfo)

    def add_working_days_at(
        self, moment: dt.datetime, n: int, *, day_end: dt.time = DEFAULT_DAY_END
    ) -> dt.datetime:
        """The same time of day, ``n`` working days later (for "within 1 working day")."""
        day = self.add_working_days(moment.date(), n)
        return dt.datetime.combine(day, moment.timetz())

    def add_working_hours(
        self,
        moment: dt.datetime,
        hours: float,
        *,
        day_start: dt.time = DEFAULT_DAY_START,
        day_end: dt.time = DEFAULT_DAY_END,
    ) -> dt.datetime:
        """``hours`` of working time after ``moment``, counting only working days between
        ``day_start`` and ``day_end`` (a request at 17:00 with 4 working hours is due at
        12:00 the next working day; one sent on a holiday starts counting the next
        working morning)."""
        tz = moment.tzinfo
        if day_end <= day_start:
            raise ValueError("the working day must start before it ends")
        remaining = dt.timedelta(hours=hours)
        current = moment
        for _ in range(100_000):  # bounded: an absurd input fails fast, never spins
            day = current.date()
            start = dt.datetime.combine(day, day_start, tzinfo=tz)
            end = dt.datetime.combine(day, day_end, tzinfo=tz)
            if not self.is_working_day(day) or current >= end:
                current = dt.datetime.combine(self.next_working_day(day), day_start, tzinfo=tz)
                continue
            current = max(current, start)
            available = end - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = dt.datetime.combine(self.next_working_day(day), day_start, tzinfo=tz)
        raise ValueError("working hours out of range")
