"""What a user typed, cleaned into what a service works with: a text within its limit, a
date, a moment. Each refusal is a ``BusinessRuleError`` on the field, under the caller's
rule."""

from __future__ import annotations

import datetime as dt
from typing import Any, overload

from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError

TEXT_LIMIT = 4000
#: a business date (a deadline, a visit, a close) lies within this many years of today
DATE_SPAN_YEARS = 10
#: no one alive was born, or hired, before this day
EARLIEST_BIRTHDAY = dt.date(1900, 1, 1)


def text(
    data: dict[str, Any],
    key: str,
    *,
    rule: str,
    required: bool = False,
    limit: int = TEXT_LIMIT,
    label: str = "",
) -> str:
    """``data[key]`` stripped (empty when missing), at most ``limit`` characters."""
    value = str(data.get(key) or "").strip()
    if required and not value:
        raise BusinessRuleError(rule, _("请填写%(f)s。") % {"f": label or key}, field=key)
    if len(value) > limit:
        raise BusinessRuleError(
            rule, _("%(f)s不能超过 %(n)s 字。") % {"f": label or key, "n": limit}, field=key
        )
    return value


def as_date(raw: Any, *, rule: str, field: str, required: bool = False) -> dt.date | None:
    """A date from a date, a moment (its local day) or ``YYYY-MM-DD``, within
    ``DATE_SPAN_YEARS`` of today (a deadline in 1900 is a typing error); empty → None."""
    if raw in (None, ""):
        if required:
            raise BusinessRuleError(rule, _("请填写日期。"), field=field)
        return None
    if isinstance(raw, dt.datetime):
        value = timezone.localdate(raw) if timezone.is_aware(raw) else raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    else:
        try:
            value = dt.date.fromisoformat(str(raw).strip())
        except ValueError as exc:
            raise BusinessRuleError(rule, _("日期格式应为 YYYY-MM-DD。"), field=field) from exc
    today = timezone.localdate()
    span = dt.timedelta(days=round(365.25 * DATE_SPAN_YEARS))
    return date_within(value, earliest=today - span, latest=today + span, rule=rule, field=field)


def date_within(
    value: dt.date | None, *, earliest: dt.date, latest: dt.date, rule: str | None, field: str
) -> dt.date | None:
    """``value`` when it lies between ``earliest`` and ``latest`` (inclusive); refused
    naming the range otherwise."""
    if isinstance(value, dt.date) and not earliest <= value <= latest:
        raise BusinessRuleError(
            rule,
            _("日期应在 %(a)s 到 %(b)s 之间。") % {"a": earliest, "b": latest},
            field=field,
        )
    return value


def hire_date_within(value: dt.date | None, *, field: str = "hired_on") -> dt.date | None:
    """A hire date: not before 1900, at most a year ahead (someone joining soon)."""
    latest = timezone.localdate() + dt.timedelta(days=365)
    return date_within(value, earliest=EARLIEST_BIRTHDAY, latest=latest, rule=None, field=field)


def birthday_within(value: dt.date | None, *, rule: str | None, field: str) -> dt.date | None:
    """A birthday (or a hire date): not before 1900, not in the future."""
    return date_within(
        value, earliest=EARLIEST_BIRTHDAY, latest=timezone.localdate(), rule=rule, field=field
    )


@overload
def as_moment(raw: Any, *, rule: str, field: str, default: dt.datetime) -> dt.datetime: ...
@overload
def as_moment(raw: Any, *, rule: str, field: str, default: None = None) -> dt.datetime | None: ...
def as_moment(
    raw: Any, *, rule: str, field: str, default: dt.datetime | None = None
) -> dt.datetime | None:
    """An aware moment (a naive one is read in the local time zone); empty → ``default``."""
    if raw in (None, ""):
        return default
    if isinstance(raw, dt.datetime):
        value = raw
    else:
        try:
            value = dt.datetime.fromisoformat(str(raw).strip())
        except ValueError as exc:
            raise BusinessRuleError(
                rule, _("时间格式应为 YYYY-MM-DD HH:MM。"), field=field
            ) from exc
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value
