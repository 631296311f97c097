"""Helpers shared by the deals services: who the actor is, what they may do, clean input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError, NotFoundError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.core.roles import LEADER_ROLES, Role
from l2c.core.scope import can_see, viewer_of
from l2c.org.models import Person

#: who sells: reports tenders, opens opportunities, quotes
SALES_ROLES = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})
MAX_MONEY = Decimal("999999999999.99")


def person_of(actor, *, rule: str, roles: frozenset[str] | None = None) -> Person:
    """The actor's person (with department and team); 403 without one of ``roles``."""
    person = (
        Person.objects.filter(user=actor, left_on__isnull=True)
        .select_related("department", "team")
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


def locked(model, pk, *, rule: str, message: str):
    """The row locked for the rest of the transaction (404 when it does not exist)."""
    try:
        return model.objects.select_for_update().get(pk=int(pk))
    except (model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(rule, message) from exc


def money(
    raw: Any,
    field: str,
    *,
    rule: str,
    low: Decimal = Decimal("0.01"),
    high: Decimal = MAX_MONEY,
) -> Decimal:
    """An amount in 元 with at most two decimals, between ``low`` and ``high``."""
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise BusinessRuleError(rule, _("请输入金额。"), field=field) from exc
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise BusinessRuleError(rule, _("金额最多两位小数。"), field=field)
    if not low <= value <= high:
        raise BusinessRuleError(
            rule,
            _("金额应在 %(low)s 到 %(high)s 元之间。") % {"low": yuan(low), "high": yuan(high)},
            field=field,
        )
    return value


def money_or_none(raw: Any, field: str, *, rule: str) -> Decimal | None:
    """An optional amount: empty → None."""
    return None if raw in (None, "") else money(raw, field, rule=rule)


def integer(raw: Any, field: str, *, rule: str, low: int, high: int, required: bool = True):
    if raw in (None, "") and not required:
        return None
    try:
        value = int(str(raw).strip())
    except (ValueError, TypeError) as exc:
        raise BusinessRuleError(rule, _("请输入整数。"), field=field) from exc
    if not low <= value <= high:
        raise BusinessRuleError(
            rule, _("取值应在 %(low)s 到 %(high)s 之间。") % {"low": low, "high": high}, field=field
        )
    return value


def text(
    data: dict[str, Any], key: str, *, rule: str, limit: int, label: str, required: bool = False
) -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        raise BusinessRuleError(rule, _("请填写%(f)s。") % {"f": label}, field=key)
    if len(value) > limit:
        raise BusinessRuleError(
            rule, _("%(f)s不能超过 %(n)s 字。") % {"f": label, "n": limit}, field=key
        )
    return value


def as_date(raw: Any, *, rule: str, field: str, required: bool = False) -> dt.date | None:
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


def as_moment(raw: Any, *, rule: str, field: str, default: dt.datetime) -> dt.datetime:
    """An aware moment (a naive one is read in the local time zone)."""
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


def not_in_future(moment: dt.datetime, now: dt.datetime, *, rule: str, field: str) -> None:
    if moment > now + dt.timedelta(minutes=5):
        raise BusinessRuleError(rule, _("不能登记将来发生的事。"), field=field)


def department_managers(department_id: int) -> list:
    """The users who manage ``department_id`` (BR-DEAL-02: the manager hears at once)."""
    return [
        p.user
        for p in Person.objects.filter(
            department_id=department_id, roles__role=Role.MANAGER, left_on__isnull=True
        ).select_related("user")
    ]
