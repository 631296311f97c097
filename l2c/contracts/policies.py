"""The rules of reservations and contracts as pure functions of data and policy values
(BR-CON-01…07, BR-CAT-03). No database access: easy to test, used by the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from l2c.core.money import percent_of, to_yuan
from l2c.core.roles import Role
from l2c.core.scope import Viewer

#: the reasons that make a contract special (BR-CON-03; 002 art. 7 合同的管理 1.3)
DISCOUNT = "discount"
PAYMENT_EXTENSION = "payment_extension"
CLAUSE_CHANGE = "clause_change"
SPECIAL_REASON_LABELS = {
    DISCOUNT: _("价格优惠"),
    PAYMENT_EXTENSION: _("付款时间延长"),
    CLAUSE_CHANGE: _("条款修改或增加"),
}
#: the copies a reservation prints (002 art. 2 (九) 9: 一式四份, 客人1份财务部1份销售部2份)
RESERVATION_COPIES = (_("客户联"), _("财务联"), _("销售联（一）"), _("销售联（二）"))
#: the copies a contract prints (002 art. 7: 原则上合同一式三份)
CONTRACT_COPIES = (_("客户联"), _("财务联"), _("销售部存档联"))


def classify_contract(
    *,
    price: Decimal,
    list_price: Decimal,
    standard_payment_terms: bool,
    clause_changes: str,
) -> list[str]:
    """Why a contract is special (empty: it is standard). Standard means the unit price is
    the published one, the payment dates are the published ones and no clause was changed
    or added; any discount, payment extension, changed or added clause makes it special
    (BR-CON-03). A price *above* the list price is no discount."""
    reasons: list[str] = []
    if to_yuan(price) < to_yuan(list_price):
        reasons.append(DISCOUNT)
    if not standard_payment_terms:
        reasons.append(PAYMENT_EXTENSION)
    if (clause_changes or "").strip():
        reasons.append(CLAUSE_CHANGE)
    return reasons


def lowest_price(list_price: Decimal, discount_percent: Decimal) -> Decimal:
    """The lowest price an approved discount of ``discount_percent`` allows (half-up)."""
    return to_yuan(Decimal(list_price) - percent_of(Decimal(list_price), Decimal(discount_percent)))


def max_deposit(price: Decimal, max_percent: Decimal) -> Decimal:
    """The largest deposit (定金) on ``price``: ``max_percent`` % of it (民法典 第586条)."""
    return percent_of(Decimal(price), Decimal(max_percent))


#: where a contract was read from (the access log's note of a view or a print)
ACCESS_CHANNELS = {"page": _("页面"), "api": _("接口"), "change": _("变更申请")}


def access_basis_label(via: str) -> str:
    """The access log's basis in words (BR-CON-06): ``owner`` → 经办人, ``role:manager`` →
    销售部经理, ``approval:12`` → 经审批（#12）."""
    if via == "owner":
        return str(_("经办人"))
    kind, _sep, rest = (via or "").partition(":")
    if kind == "role" and rest in Role.values:
        return str(Role(rest).label)
    if kind == "approval" and rest:
        return str(_("经审批（#%(id)s）") % {"id": rest})
    return via or ""


def discount_percent_of(list_price: Decimal, price: Decimal) -> Decimal:
    if not list_price:
        return Decimal("0.00")
    return ((Decimal(list_price) - Decimal(price)) * 100 / Decimal(list_price)).quantize(
        Decimal("0.01")
    )


def access_basis(viewer: Viewer, *, owner_id: int, department_id: int, team_id: int | None) -> str:
    """Why ``viewer`` may see a contract without asking (BR-CON-06), or ``""``: company
    leaders, the department's manager, the team's supervisor and the handling rep."""
    roles = viewer.roles
    for role in (Role.GM, Role.VP, Role.DIRECTOR):
        if role in roles:
            return f"role:{role}"
    if Role.MANAGER in roles and viewer.department_id == department_id:
        return "role:manager"
    if Role.SUPERVISOR in roles and team_id is not None and team_id in viewer.team_ids:
        return "role:supervisor"
    if viewer.user_id is not None and viewer.user_id == owner_id:
        return "owner"
    return ""


def archive_deadline(signed_at: dt.datetime, by_day: int, tz) -> dt.datetime:
    """The moment the original of a contract signed at ``signed_at`` must be archived by:
    the end of day ``by_day`` of the following month (BR-CON-05, 002 art. 7 管理 ①: 每月5日前
    将上一月的所有合同原件编号整理成冊). ``by_day`` is clamped to the month's length."""
    local = signed_at.astimezone(tz)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    after = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    last_day = (after - dt.timedelta(days=1)).day
    day = max(1, min(int(by_day), last_day))
    return dt.datetime.combine(dt.date(year, month, day), dt.time(23, 59, 59), tzinfo=tz)


def archive_month_start(now: dt.datetime, by_day: int, tz) -> dt.datetime:
    """Contracts signed before this moment are past their archiving deadline at ``now``:
    the start of the month before the current one once ``by_day`` has passed, else the
    start of the month before that."""
    local = now.astimezone(tz)
    first_this = dt.datetime(local.year, local.month, 1, tzinfo=tz)
    # the previous month is due once its deadline (day by_day, end of day) has passed
    prev_due = archive_deadline(first_this - dt.timedelta(days=1), by_day, tz)
    if local > prev_due:
        return first_this
    # only the month before the previous one is overdue
    return (first_this - dt.timedelta(days=1)).replace(day=1, hour=0, minute=0, second=0)
