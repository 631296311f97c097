"""Helpers shared by the deals services: who the actor is, what they may do, clean input. The
text and date cleaning, the acting person and ``is_leader_over`` are the kernel's and org's,
named here for the modules of this package."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from l2c.core.cleaning import as_date, as_moment, text
from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.core.money import yuan
from l2c.core.roles import Role
from l2c.core.scope import is_leader_over
from l2c.org.models import Person
from l2c.org.selectors import acting_person as person_of

__all__ = [
    "MAX_MONEY",
    "SALES_ROLES",
    "as_date",
    "as_moment",
    "department_managers",
    "integer",
    "is_leader_over",
    "locked",
    "money",
    "money_or_none",
    "not_in_future",
    "person_of",
    "text",
]

#: who sells: reports tenders, opens opportunities, quotes
SALES_ROLES = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})
MAX_MONEY = Decimal("999999999999.99")


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
