"""The catalog's rules as pure functions of data and policy values (BR-CAT-01…04).

The state a unit is *in* is derived from time: a hold past ``held_until`` counts as
available whether or not the tick has run (architecture: time-derived state first).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.catalog.models import UnitState
from l2c.core.money import percent_of, to_yuan
from l2c.core.roles import LEADER_ROLES, Role

#: who works the sales-control board (hold, release): every sales role
SALES_ROLES = frozenset(
    {Role.REP, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM, Role.ASSISTANT}
)
#: who may release another rep's hold or set a hold's length (leaders, BR-CAT-03)
HOLD_LEADERS = LEADER_ROLES
#: who may ask for a price change (BR-CAT-04): managers and above, and the sales assistant
PRICE_REQUESTERS = frozenset(
    {Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM, Role.ASSISTANT, Role.SUPERVISOR}
)
#: the longest hold a leader may give (hours)
MAX_HOLD_HOURS = 24 * 30

#: Bootstrap-free colour classes of each state on the board (see catalog/board.css)
STATE_CSS = {
    UnitState.AVAILABLE: "st-available",
    UnitState.HELD: "st-held",
    UnitState.RESERVED: "st-reserved",
    UnitState.CONTRACTED: "st-contracted",
    UnitState.DELIVERED: "st-delivered",
}
STATE_BADGE = {
    UnitState.AVAILABLE: "success",
    UnitState.HELD: "warning text-dark",
    UnitState.RESERVED: "danger",
    UnitState.CONTRACTED: "primary",
    UnitState.DELIVERED: "dark",
}
#: the order of the legend
STATE_ORDER = [
    UnitState.AVAILABLE,
    UnitState.HELD,
    UnitState.RESERVED,
    UnitState.CONTRACTED,
    UnitState.DELIVERED,
]


def effective_state(state: str, held_until: dt.datetime | None, now: dt.datetime) -> str:
    """BR-CAT-03: a hold whose expiry has passed is available, with or without a job."""
    if state == UnitState.HELD and (held_until is None or held_until <= now):
        return UnitState.AVAILABLE
    return state


def hold_hours(at: dt.datetime | None = None) -> int:
    return int(policy.value("catalog.hold_hours", at=at))


def max_deposit(price: Decimal, *, at: dt.datetime | None = None) -> Decimal:
    """The largest deposit (定金) a unit of ``price`` may take: policy
    ``catalog.max_deposit_percent`` of the price (民法典 第586条), in 元, half-up."""
    percent = Decimal(str(policy.value("catalog.max_deposit_percent", at=at)))
    return to_yuan(percent_of(price, percent))


def short_time(moment: dt.datetime) -> str:
    """11月23日 10:00 (Shanghai time)."""
    local = timezone.localtime(moment)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


def refusal(code: str, state: str, holder: str, held_until: dt.datetime | None, doing: str) -> str:
    """The refusal a rep reads when the unit is not free (BR-CAT-03): it names the holder
    and, for a hold, its expiry — "3-1502 已被 李娜 销控保留至 11月23日 10:00，不能认购。"."""
    who = holder or _("他人")
    if state == UnitState.HELD and held_until is not None:
        return _("%(code)s 已被 %(who)s 销控保留至 %(until)s，不能%(doing)s。") % {
            "code": code,
            "who": who,
            "until": short_time(held_until),
            "doing": doing,
        }
    label = {
        UnitState.RESERVED: _("已认购"),
        UnitState.CONTRACTED: _("已签约"),
        UnitState.DELIVERED: _("已交付"),
    }.get(state, str(UnitState(state).label) if state in UnitState.values else state)
    if state == UnitState.RESERVED and doing == _("认购"):
        return _("%(code)s 已认购（经办人 %(who)s），不能重复认购。") % {"code": code, "who": who}
    return _("%(code)s %(label)s（经办人 %(who)s），不能%(doing)s。") % {
        "code": code,
        "label": label,
        "who": who,
        "doing": doing,
    }


def mask_name(name: str) -> str:
    """赵先生 → 赵**: a customer's name as a non-owner sees it on the board (BR-CUS-10)."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, min(len(name) - 1, 3))
