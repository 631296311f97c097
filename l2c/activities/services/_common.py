"""Helpers shared by the activity services: who the actor is and what they may do. The input
cleaning (``text``, ``as_date``, ``as_moment``), the acting person and ``is_leader_over`` are
the kernel's and org's, named here for the modules of this package."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from l2c.core.cleaning import as_date, as_moment, text
from l2c.core.errors import BusinessRuleError
from l2c.core.roles import Role
from l2c.core.scope import is_leader_over
from l2c.org.selectors import acting_person as person_of

__all__ = [
    "LEADER_ROLES",
    "SALES_ROLES",
    "as_date",
    "as_moment",
    "is_leader_over",
    "not_in_future",
    "person_of",
    "text",
]

#: who may review (a tracking table, a visit report) and note a follow-up that does not count
LEADER_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})
#: who visits customers and plans visits (BR-ACT-01)
SALES_ROLES = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER})


def not_in_future(moment: dt.datetime, now: dt.datetime, *, rule: str, field: str) -> None:
    if moment > now:
        raise BusinessRuleError(rule, _("时间不能晚于当前时间。"), field=field, code="future")
