"""The duty roster and who is at the desk (BR-REC-02/03)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.org.models import Team
from l2c.reception.models import DeskEvent, DeskEventKind, DutyRoster, OutReason, RosterSlot
from l2c.reception.permissions import (
    DESK_ROLES,
    ON_DUTY_ROLES,
    ROSTER_ROLES,
    company_wide,
    require,
    require_desk_of,
)
from l2c.reception.selectors.desk import rotation_now
from l2c.reception.services._common import (
    local_day,
    lock_roster,
    people_by_user,
    require_today,
)

MAX_ON_DUTY = 20


@transaction.atomic
def roster_set(
    *,
    actor,
    rep_ids: list[int],
    team_id: int | None = None,
    department_id: int | None = None,
    day: dt.date | None = None,
) -> DutyRoster:
    """Set the order of the reps on duty for a day (today by default), for the actor's
    department or one team (BR-REC-02). Setting it again replaces the order; the day's
    register keeps what happened, and the rotation continues from the last rep served."""
    now = timezone.now()
    viewer = require(actor, ROSTER_ROLES, _("只有销售内勤、主管或经理可以安排轮值。"), "BR-REC-02")
    day = day or local_day(now)
    if day < local_day(now):
        raise BusinessRuleError("BR-REC-02", _("不能修改以往日期的轮值表。"), field="day")
    team = None
    if team_id:
        team = Team.objects.select_related("department").filter(pk=team_id).first()
        if team is None:
            raise BusinessRuleError("BR-REC-02", _("未找到该小组。"), field="team")
        department_id = team.department_id
    elif department_id is None or not company_wide(viewer):
        department_id = viewer.department_id
    if department_id is None:
        raise BusinessRuleError("BR-REC-02", _("请选择部门。"), field="department")
    if not company_wide(viewer) and department_id != viewer.department_id:
        raise PermissionDeniedError("BR-ORG-02", _("只能安排本部门的轮值。"))
    only_supervisor = Role.SUPERVISOR in viewer.roles and not viewer.roles & (
        ROSTER_ROLES - {Role.SUPERVISOR}
    )
    if only_supervisor and (team is None or team.pk not in viewer.team_ids):
        raise PermissionDeniedError("BR-ORG-02", _("主管只能安排本组的轮值。"))
    ids = [int(r) for r in rep_ids if r not in (None, "")]
    if not ids:
        raise BusinessRuleError("BR-REC-02", _("请至少安排一位值班置业顾问。"), field="reps")
    if len(set(ids)) != len(ids):
        raise BusinessRuleError("BR-REC-02", _("同一人不能在轮值表中出现两次。"), field="reps")
    if len(ids) > MAX_ON_DUTY:
        raise BusinessRuleError("BR-REC-02", _("值班人数过多。"), field="reps")
    people = people_by_user(ids)
    for uid in ids:
        person = people.get(uid)
        if person is None or not set(person.role_codes) & ON_DUTY_ROLES:
            raise BusinessRuleError(
                "BR-REC-02", _("轮值表只能安排在职的置业顾问或主管。"), field="reps"
            )
        if person.department_id != department_id or (team and person.team_id != team.pk):
            raise BusinessRuleError(
                "BR-REC-02",
                _("%(name)s 不属于该部门/小组。") % {"name": person.name},
                field="reps",
            )
    filters = {"day": day, "department_id": department_id, "team": team}
    roster = DutyRoster.objects.select_for_update().filter(**filters).first()
    created = roster is None
    if created:
        try:
            with transaction.atomic():
                roster = DutyRoster.objects.create(**filters, set_by=actor)
        except IntegrityError:  # set at the same moment by another desk user
            roster = DutyRoster.objects.select_for_update().get(**filters)
    before = list(roster.slots.order_by("position").values_list("person__name", flat=True))
    roster.slots.all().delete()
    RosterSlot.objects.bulk_create(
        RosterSlot(roster=roster, position=i, person=people[uid]) for i, uid in enumerate(ids, 1)
    )
    if not created:
        roster.set_by = actor
        roster.save_versioned(update_fields=["set_by"])
    audit_record(
        actor=actor,
        action="reception.roster_set",
        obj=roster,
        rule="BR-REC-02",
        changes={"order": [before, [people[u].name for u in ids]]},
    )
    return roster


def _desk_event(*, actor, roster_id, rep_id: int, kind: str, reason: str = "", note: str = ""):
    now = timezone.now()
    roster = lock_roster(roster_id)
    viewer = require_desk_of(actor, roster)
    require_today(roster, now)
    if not viewer.roles & DESK_ROLES and not viewer.is_superuser and rep_id != actor.pk:
        raise PermissionDeniedError("BR-REC-03", _("置业顾问只能登记自己的外出和返回。"))
    rot = rotation_now(roster, now)
    person = rot.person(rep_id)
    if person is None:
        raise BusinessRuleError("BR-REC-03", _("此人不在今天的轮值表中。"), field="rep")
    out_at_desk = rot.away.get(rep_id) is not None and rot.away[rep_id].kind == "desk"
    if kind == DeskEventKind.OUT and out_at_desk:
        raise ConflictError("BR-REC-03", _("%(n)s 已标记为外出。") % {"n": person.name})
    if kind == DeskEventKind.BACK and not out_at_desk:
        raise ConflictError("BR-REC-03", _("%(n)s 没有标记外出。") % {"n": person.name})
    if kind == DeskEventKind.OUT and reason not in OutReason.values:
        raise BusinessRuleError("BR-REC-03", _("请选择外出原因。"), field="reason")
    event = DeskEvent.objects.create(
        roster=roster,
        person=person,
        kind=kind,
        reason=reason if kind == DeskEventKind.OUT else "",
        note=(note or "").strip()[:100],
        at=now,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=f"reception.desk_{kind}",
        obj=roster,
        rule="BR-REC-03",
        extra={"person": person.name, "reason": reason, "owed": rot.state.owed_by(rep_id)},
    )
    return event


@transaction.atomic
def desk_mark_out(*, actor, roster_id, rep_id: int, reason: str, note: str = "") -> DeskEvent:
    """A rep leaves the desk (with a customer, out on business): while away their turns are
    skipped and owed (BR-REC-03)."""
    return _desk_event(
        actor=actor,
        roster_id=roster_id,
        rep_id=rep_id,
        kind=DeskEventKind.OUT,
        reason=reason,
        note=note,
    )


@transaction.atomic
def desk_mark_back(*, actor, roster_id, rep_id: int) -> DeskEvent:
    """The rep is back: they receive the new customers they are owed first (BR-REC-03)."""
    return _desk_event(actor=actor, roster_id=roster_id, rep_id=rep_id, kind=DeskEventKind.BACK)


__all__ = ["desk_mark_back", "desk_mark_out", "roster_set"]
