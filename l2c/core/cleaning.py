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
    """A date from a date, a moment (its local day) or ``YYYY-MM-DD``; empty → None."""
    if raw in (None, ""):
        if required:
            raise BusinessRuleError(rule, _("请填写日期。"), field=field)
        return None
    if isinstance(raw, dt.datetime):
        return timezone.localdate(raw) if timezone.is_aware(raw) else raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError as exc:
        raise BusinessRuleError(rule, _("日期格式应为 YYYY-MM-DD。"), field=field) from exc


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
