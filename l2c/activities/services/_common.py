"""Helpers shared by the activity services: who the actor is and what they may do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import can_see, viewer_of
from l2c.org.models import Person

#: who may review (a tracking table, a visit report) and note a follow-up that does not count
LEADER_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})
#: who visits customers and plans visits (BR-ACT-01)
SALES_ROLES = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER})

TEXT_LIMIT = 4000


def person_of(actor, *, rule: str, roles: frozenset[str] | None = None) -> Person:
    person = (
        Person.objects.filter(user=actor, left_on__isnull=True)
        .select_related("team", "department")
        .first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if person is None or (roles is not None and not set(person.role_codes) & roles):
        raise PermissionDeniedError(rule, _("您没有执行此操作的权限。"))
    return person


def is_leader_over(actor, obj) -> bool:
    """A leader (supervisor and above) whose data scope includes ``obj``."""
    return bool(viewer_of(actor).roles & LEADER_ROLES) and can_see(actor, obj)


def text(
    data: dict[str, Any],
    key: str,
    *,
    rule: str,
    required: bool = False,
    limit: int = TEXT_LIMIT,
    label: str = "",
) -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        raise BusinessRuleError(rule, _("请填写%(f)s。") % {"f": label or key}, field=key)
    if len(value) > limit:
        raise BusinessRuleError(
            rule, _("%(f)s不能超过 %(n)s 字。") % {"f": label or key, "n": limit}, field=key
        )
    return value


def as_date(raw, *, rule: str, field: str) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.datetime):
        return timezone.localdate(raw) if timezone.is_aware(raw) else raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError as exc:
        raise BusinessRuleError(rule, _("日期格式应为 YYYY-MM-DD。"), field=field) from exc


def as_moment(raw, *, rule: str, field: str) -> dt.datetime | None:
    if raw in (None, ""):
        return None
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


def not_in_future(moment: dt.datetime, now: dt.datetime, *, rule: str, field: str) -> None:
    if moment > now:
        raise BusinessRuleError(rule, _("时间不能晚于当前时间。"), field=field, code="future")
