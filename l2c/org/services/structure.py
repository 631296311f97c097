"""Departments and teams, and who leads a team (BR-ORG-01)."""

from __future__ import annotations

from django.db import transaction

from l2c.audit.services import audit_record, diff, snapshot
from l2c.org.models import Department, Person, Team
from l2c.org.services.common import require_org_admin


@transaction.atomic
def department_create(
    *, actor, name: str, code: str, kind: str, parent: Department | None = None, sort_order: int = 0
) -> Department:
    require_org_admin(actor)
    dept = Department(name=name, code=code, kind=kind, parent=parent, sort_order=sort_order)
    dept.full_clean()
    dept.save()
    audit_record(
        actor=actor,
        action="org.department.create",
        obj=dept,
        changes=diff({}, snapshot(dept, ["name", "code", "kind", "parent"])),
    )
    return dept


@transaction.atomic
def team_create(*, actor, department: Department, name: str, leader: Person | None = None) -> Team:
    require_org_admin(actor)
    team = Team(department=department, name=name, leader=leader)
    team.full_clean()
    team.save()
    audit_record(
        actor=actor,
        action="org.team.create",
        obj=team,
        changes=diff({}, snapshot(team, ["department", "name", "leader"])),
    )
    return team


@transaction.atomic
def team_set_leader(*, actor, team: Team, leader: Person | None) -> Team:
    require_org_admin(actor)
    before = snapshot(team, ["leader"])
    team.leader = leader
    team.save_versioned(update_fields=["leader"])
    audit_record(
        actor=actor,
        action="org.team.set_leader",
        obj=team,
        changes=diff(before, snapshot(team, ["leader"])),
    )
    return team
