"""Absences registered by the person, a superior or the administrator, and cancelled."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record, diff, snapshot
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.org.models import Absence, Person


def _may_register_absence(actor, person: Person) -> bool:
    viewer = viewer_of(actor)
    if viewer.is_superuser or viewer.roles & {Role.ADMIN, Role.GM}:
        return True
    if viewer.user_id == person.user_id:
        return True
    node = person.superior
    while node is not None:
        if node.user_id == viewer.user_id:
            return True
        node = node.superior
    return False


@transaction.atomic
def absence_create(
    *,
    actor,
    person: Person,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str = "",
) -> Absence:
    """Leave or out on business (BR-ORG-03): by the person, a superior or the administrator."""
    if not _may_register_absence(actor, person):
        raise PermissionDeniedError("BR-ORG-03", _("只有本人、其上级或系统管理员可以登记缺勤。"))
    if ends_at <= starts_at:
        raise BusinessRuleError("BR-ORG-03", _("结束时间必须晚于开始时间。"), field="ends_at")
    if not (2000 <= starts_at.year <= 2100 and 2000 <= ends_at.year <= 2100):
        raise BusinessRuleError(
            "BR-ORG-03", _("请输入 2000 年至 2100 年之间的日期。"), field="starts_at"
        )
    overlapping = Absence.objects.filter(
        person=person, cancelled=False, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()
    if overlapping:
        raise BusinessRuleError("BR-ORG-03", _("该时间段已有缺勤登记。"), field="starts_at")
    absence = Absence(
        person=person,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason,
        created_by=actor,
    )
    absence.full_clean()
    absence.save()
    audit_record(
        actor=actor,
        action="org.absence.create",
        obj=absence,
        rule="BR-ORG-03",
        changes=diff({}, snapshot(absence, ["person", "kind", "starts_at", "ends_at"])),
    )
    return absence


@transaction.atomic
def absence_cancel(*, actor, absence: Absence) -> Absence:
    if not _may_register_absence(actor, absence.person):
        raise PermissionDeniedError("BR-ORG-03", _("只有本人、其上级或系统管理员可以取消缺勤。"))
    if absence.cancelled:
        return absence
    absence.cancelled = True
    absence.save_versioned(update_fields=["cancelled"])
    audit_record(
        actor=actor, action="org.absence.cancel", obj=absence, changes={"cancelled": [False, True]}
    )
    return absence
