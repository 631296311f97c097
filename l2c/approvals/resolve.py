"""Who approves a step (BR-APR-01, 05): approver selectors → active users.

Pure queries over the organisation; no writes. The engine plans a round's steps from the
chain when the request is submitted (``plan_steps``), and resolves each step's approvers
when the step starts (``resolve_step``), so the person holding a role *then* decides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from l2c import policy
from l2c.approvals.chains import ApproverSpec, Chain, DeadlineSpec
from l2c.core.roles import Role
from l2c.org.models import Person

User = get_user_model()


@dataclass
class PlannedStep:
    name: str
    mode: str
    specs: list[dict[str, Any]]
    deadline_spec: dict[str, Any]
    skipped_note: str = ""
    approvers_text: str = ""


def _spec_dict(spec: ApproverSpec) -> dict[str, Any]:
    return {
        "type": spec.type,
        "role": spec.role,
        "within": spec.within,
        "username": spec.username,
        "department_kind": spec.department_kind,
    }


def _person_of(user) -> Person | None:
    return Person.objects.select_related("superior__user").filter(user=user).first()


def _active(qs):
    return qs.filter(left_on__isnull=True, user__is_active=True)


def plan_steps(chain: Chain, requester, facts: dict[str, Any]) -> list[PlannedStep]:
    """The steps of one round, in order; conditions evaluated against ``facts``;
    连续多级主管 expanded into one step per level."""
    person = _person_of(requester)
    planned: list[PlannedStep] = []
    for step in chain.steps:
        deadline = (
            {"type": step.deadline.type, "value": step.deadline.value} if step.deadline else {}
        )
        if not step.applies(facts):
            reasons = "；".join(c.describe() for c in step.when)
            planned.append(
                PlannedStep(
                    step.name,
                    step.mode,
                    [_spec_dict(s) for s in step.approvers],
                    deadline,
                    skipped_note=_("条件不满足（%(c)s）") % {"c": reasons},
                )
            )
            continue
        first = step.approvers[0]
        if first.type == "superiors_up_to":
            levels = _superiors_up_to(person, first.role)
            if not levels:
                planned.append(PlannedStep(step.name, step.mode, [], deadline))
                continue
            for number, superior in enumerate(levels, start=1):
                planned.append(
                    PlannedStep(
                        _("%(name)s（第 %(n)s 级）") % {"name": step.name, "n": number},
                        "any",
                        [{"type": "person", "username": superior.user.username}],
                        deadline,
                    )
                )
            continue
        planned.append(
            PlannedStep(step.name, step.mode, [_spec_dict(s) for s in step.approvers], deadline)
        )
    for p in planned:
        p.approvers_text = "、".join(
            ApproverSpec(
                **{k: v for k, v in s.items() if k in ApproverSpec.__dataclass_fields__}
            ).describe()
            for s in p.specs
        )[:200]
    return planned


def _superiors_up_to(person: Person | None, role: str) -> list[Person]:
    levels: list[Person] = []
    seen: set[int] = set()
    current = person.superior if person else None
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        levels.append(current)
        if role in current.role_codes:
            break
        current = (
            Person.objects.select_related("user", "superior").filter(pk=current.superior_id).first()
            if current.superior_id
            else None
        )
    return levels


def resolve_spec(spec: dict[str, Any], requester_person: Person | None) -> list:
    """The active users a selector names (may include the requester)."""
    kind = spec.get("type")
    people = Person.objects.none()
    if kind == "person":
        people = Person.objects.filter(user__username=spec.get("username", ""))
    elif kind == "superior":
        if requester_person is not None and requester_person.superior_id:
            people = Person.objects.filter(pk=requester_person.superior_id)
    elif kind == "role":
        people = Person.objects.filter(roles__role=spec.get("role"))
        within = spec.get("within", "company")
        if within == "department":
            dept = requester_person.department_id if requester_person else None
            people = people.filter(department_id=dept)
        elif within == "team":
            team = requester_person.team_id if requester_person else None
            people = people.filter(team_id=team) if team else Person.objects.none()
        if spec.get("department_kind"):
            people = people.filter(department__kind=spec["department_kind"])
    return [p.user for p in _active(people).select_related("user").order_by("id")]


def administrators(*, exclude=None) -> list:
    """Where a step with no approver goes (BR-APR-01): the administrators; if there are
    none (other than the requester), the GM; failing both, the superusers."""
    skip = getattr(exclude, "pk", None)
    for role in (Role.ADMIN, Role.GM):
        users = [
            p.user
            for p in _active(Person.objects.filter(roles__role=role))
            .select_related("user")
            .order_by("id")
            if p.user_id != skip
        ]
        if users:
            return users
    return list(
        User.objects.filter(is_superuser=True, is_active=True).exclude(pk=skip).order_by("id")
    )


@dataclass
class Resolved:
    approvers: list  # without the requester (BR-APR-05)
    anyone: bool  # whether any selector found anybody at all (the requester included)
    missing: list[str]  # the selectors that found nobody at all


def resolve_step(specs: list[dict[str, Any]], requester) -> Resolved:
    person = _person_of(requester)
    found: list = []
    missing: list[str] = []
    for spec in specs:
        users = resolve_spec(spec, person)
        if not users:
            fields = {k: v for k, v in spec.items() if k in ApproverSpec.__dataclass_fields__}
            missing.append(str(ApproverSpec(**fields).describe()))
        for user in users:
            if user not in found:
                found.append(user)
    return Resolved([u for u in found if u.pk != requester.pk], bool(found), missing)


def escalation_target(approver, requester):
    """The approver's superior (BR-APR-03); the requester is passed over (BR-APR-05)."""
    person = _person_of(approver)
    seen: set[int] = set()
    current = person.superior if person else None
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        if current.user_id != requester.pk and current.left_on is None and current.user.is_active:
            return current.user
        current = (
            Person.objects.select_related("user", "superior").filter(pk=current.superior_id).first()
            if current.superior_id
            else None
        )
    return None


def step_deadline(deadline_spec: dict[str, Any], started: dt.datetime) -> dt.datetime | None:
    """The deadline of a step started at ``started`` on the company's working calendar
    (BR-APR-03, BR-POL-03); a year without calendar data counts Monday–Friday."""
    if not deadline_spec:
        return None
    from django.utils import timezone

    from l2c.policy.calendar import calendar_for_dates

    local = timezone.localtime(started)
    calendar = calendar_for_dates(local.date())
    start_hour = policy.value("calendar.day_start_hour", at=started)
    end_hour = policy.value("calendar.day_end_hour", at=started)
    if not 0 <= start_hour < end_hour <= 24:
        start_hour, end_hour = 9, 18  # an impossible working day: the defaults, never a crash
    day_start = dt.time(start_hour)
    day_end = dt.time(23, 59, 59) if end_hour >= 24 else dt.time(end_hour)
    spec = DeadlineSpec(deadline_spec["type"], int(deadline_spec.get("value") or 0))
    return spec.due(local, calendar, day_start=day_start, day_end=day_end)


def escalation_moment(deadline: dt.datetime | None, started: dt.datetime) -> dt.datetime | None:
    """When the approver's superior takes over: N working days after the deadline."""
    if deadline is None:
        return None
    from django.utils import timezone

    from l2c.policy.calendar import calendar_for_dates

    days = policy.value("approvals.escalate_after_working_days", at=started)
    local = timezone.localtime(deadline)
    calendar = calendar_for_dates(local.date())
    return calendar.add_working_days_at(local, days)
