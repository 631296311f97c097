"""The rules of fulfillment as pure functions of data and policy values."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError
from l2c.core.roles import Role
from l2c.core.workdays import WorkingCalendar

#: who prepares orders and demand requests (the contract's rep, the 内勤, their leaders)
ORDER_ROLES = frozenset(
    {Role.REP, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM, Role.ASSISTANT}
)
#: who issues the outbound order (销售出库单): the assistant, or the manager in their stead
ISSUE_ROLES = frozenset({Role.ASSISTANT, Role.MANAGER})
#: who ships: the warehouse
SHIP_ROLES = frozenset({Role.WAREHOUSE})
#: who files the customer's confirmation: the assistant or the warehouse that delivered
CONFIRM_ROLES = frozenset({Role.ASSISTANT, Role.WAREHOUSE, Role.MANAGER})
#: whose to-do shows the shipments due (BR-FUL-03)
SHIPMENT_TODO_ROLES = frozenset({Role.ASSISTANT, Role.WAREHOUSE})
#: the roles told of a new order's production/delivery notice (BR-FUL-01); departments
#: without a role of their own in L2C (production, purchasing, general affairs, transport)
#: are acknowledged on their behalf by the assistant who phoned them
NOTICE_ROLES = (Role.WAREHOUSE, Role.FINANCE, Role.TECH)
#: who may acknowledge the notice for a department
ACK_ROLES = {
    "finance": frozenset({Role.FINANCE}),
    "warehouse": frozenset({Role.WAREHOUSE}),
    "technical": frozenset({Role.TECH}),
    "transport": frozenset({Role.WAREHOUSE, Role.ASSISTANT}),
    "production": frozenset({Role.ASSISTANT, Role.MANAGER}),
    "purchasing": frozenset({Role.ASSISTANT, Role.MANAGER}),
    "general_affairs": frozenset({Role.ASSISTANT, Role.MANAGER}),
}
#: the largest quantity a line may carry (bad input is refused, never a 500)
MAX_QUANTITY = 1_000_000


def ship_by(signed_on: dt.date, working_days: int, calendar: WorkingCalendar) -> dt.date:
    """BR-FUL-03: ``working_days`` working days after the signing date, on the calendar
    (holidays skipped, make-up workdays counted)."""
    return calendar.add_working_days(signed_on, max(int(working_days), 0))


def quantity(raw, *, rule: str, field: str = "quantity") -> int:
    """A positive whole quantity, within bounds; a clear message otherwise."""
    text = str(raw).strip() if raw is not None else ""
    if isinstance(raw, bool) or not text.isdigit() or int(text) <= 0:
        raise BusinessRuleError(rule, _("数量必须是正整数。"), field=field)
    value = int(text)
    if value > MAX_QUANTITY:
        raise BusinessRuleError(rule, _("数量过大。"), field=field)
    return value
