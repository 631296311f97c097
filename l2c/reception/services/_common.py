"""Helpers shared by the reception services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.org.models import Person
from l2c.reception.models import DutyRoster


def person_of(user) -> Person | None:
    if user is None:
        return None
    return getattr(user, "person", None) if hasattr(user, "person") else None


def people_by_user(user_ids) -> dict[int, Person]:
    """Active people by their login id (one query)."""
    ids = [int(u) for u in user_ids if isinstance(u, int)]
    return {
        p.user_id: p
        for p in Person.objects.filter(
            user_id__in=ids, left_on__isnull=True, user__is_active=True
        ).select_related("user", "team", "department")
    }


def local_day(at: dt.datetime) -> dt.date:
    return timezone.localdate(at)


def end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def lock_roster(roster_id) -> DutyRoster:
    """The roster row, locked for the rest of the transaction: two desk users assigning at
    the same moment are served one after the other (BR-REC-02)."""
    try:
        return (
            DutyRoster.objects.select_for_update(of=("self",))
            .select_related("department", "team")
            .get(pk=int(roster_id))
        )
    except (DutyRoster.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-REC-02", _("未找到该轮值表。")) from exc


def require_today(roster: DutyRoster, now: dt.datetime) -> None:
    if roster.day != local_day(now):
        raise BusinessRuleError(
            "BR-REC-02", _("只能操作今天的轮值表。"), code="not_today", field="roster"
        )
