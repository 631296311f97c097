"""People: hired, edited, their one superior (BR-ORG-01), their roles (BR-ORG-02) and
leaving the company (BR-ORG-03)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record, diff, snapshot
from l2c.core.cleaning import hire_date_within
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.org.models import Department, Person, RoleAssignment, Team
from l2c.org.services.common import MANAGER_SUPERIOR_ROLES, PRIVILEGED_ROLES, require_org_admin


def _valid_roles(roles: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(roles))
    if not codes:
        raise BusinessRuleError("BR-ORG-01", _("每位员工至少要有一个角色。"), field="roles")
    unknown = [c for c in codes if c not in Role.values]
    if unknown:
        raise BusinessRuleError(
            "BR-ORG-01", _("未知的角色：%(roles)s") % {"roles": "、".join(unknown)}, field="roles"
        )
    return codes


def _check_superior(
    person_roles: list[str], person: Person | None, superior: Person | None
) -> None:
    """BR-ORG-01: exactly one superior; the GM has none; no cycles; managers under
    the director or VP."""
    is_gm = Role.GM in person_roles
    if is_gm:
        if superior is not None:
            raise BusinessRuleError("BR-ORG-01", _("总经理没有上级。"), field="superior")
        return
    if superior is None:
        raise BusinessRuleError(
            "BR-ORG-01", _("每位员工必须有且只有一个直接上级（一个上级的原则）。"), field="superior"
        )
    if superior.left_on is not None:
        raise BusinessRuleError("BR-ORG-01", _("不能指定已离职人员为上级。"), field="superior")
    if person is not None:
        node: Person | None = superior
        seen: set[int] = set()
        while node is not None and node.pk not in seen:
            if node.pk == person.pk:
                raise BusinessRuleError(
                    "BR-ORG-01",
                    _("不能把%(person)s的下属（或其本人）设为其上级：汇报关系不能成环。")
                    % {"person": person.name},
                    field="superior",
                )
            seen.add(node.pk)
            node = node.superior
    if Role.MANAGER in person_roles and not (set(superior.role_codes) & MANAGER_SUPERIOR_ROLES):
        raise BusinessRuleError(
            "BR-ORG-01", _("销售部经理的上级必须是销售总监或营销副总。"), field="superior"
        )


def _next_employee_no() -> str:
    last = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return f"E{last + 1:05d}"


@transaction.atomic
def person_create(
    *,
    actor,
    username: str,
    name: str,
    department: Department,
    roles: Iterable[str],
    superior: Person | None = None,
    team: Team | None = None,
    password: str | None = None,
    title: str = "",
    mobile: str = "",
    email: str = "",
    employee_no: str | None = None,
    hired_on: dt.date | None = None,
) -> Person:
    require_org_admin(actor)
    codes = _valid_roles(roles)
    if team is not None and team.department_id != department.pk:
        raise BusinessRuleError("BR-ORG-01", _("小组必须属于所选部门。"), field="team")
    _check_superior(codes, None, superior)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise BusinessRuleError(
            None, _("登录名“%(u)s”已被使用。") % {"u": username}, field="username"
        )
    hire_date_within(hired_on)
    user = User(username=username, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    person = Person(
        user=user,
        name=name,
        employee_no=employee_no or _next_employee_no(),
        department=department,
        team=team,
        superior=superior,
        title=title,
        mobile=mobile,
        email=email,
        hired_on=hired_on,
    )
    person.full_clean(exclude=["user"])
    person.save()
    try:
        with transaction.atomic():
            RoleAssignment.objects.bulk_create(
                [RoleAssignment(person=person, role=code) for code in codes]
            )
    except IntegrityError as exc:
        raise BusinessRuleError("BR-ORG-01", _("公司只能有一位总经理。"), field="roles") from exc
    audit_record(
        actor=actor,
        action="org.person.create",
        obj=person,
        changes=diff(
            {},
            {
                **snapshot(
                    person, ["name", "employee_no", "department", "team", "superior", "title"]
                ),
                "roles": codes,
            },
        ),
    )
    return person


PERSON_EDITABLE = ("name", "title", "mobile", "email", "department", "team", "hired_on")


@transaction.atomic
def person_update(
    *, actor, person: Person, expected_version: int | None = None, **fields: Any
) -> Person:
    require_org_admin(actor)
    unknown = set(fields) - set(PERSON_EDITABLE)
    if unknown:
        raise BusinessRuleError(
            None, _("不能修改这些字段：%(f)s") % {"f": "、".join(sorted(unknown))}
        )
    person.check_version(expected_version)
    before = snapshot(person, list(fields))
    if "hired_on" in fields:
        hire_date_within(fields["hired_on"])
    for name, value in fields.items():
        setattr(person, name, value)
    if person.team is not None and person.team.department_id != person.department_id:
        raise BusinessRuleError("BR-ORG-01", _("小组必须属于所选部门。"), field="team")
    person.full_clean(exclude=["user"])
    person.save_versioned(update_fields=list(fields))
    audit_record(
        actor=actor,
        action="org.person.update",
        obj=person,
        changes=diff(before, snapshot(person, list(fields))),
    )
    return person


@transaction.atomic
def person_set_superior(
    *, actor, person: Person, superior: Person | None, expected_version: int | None = None
) -> Person:
    """BR-ORG-01: exactly one superior, no cycles, the GM has none."""
    require_org_admin(actor)
    person.check_version(expected_version)
    _check_superior(person.role_codes, person, superior)
    before = snapshot(person, ["superior"])
    person.superior = superior
    person.save_versioned(update_fields=["superior"])
    audit_record(
        actor=actor,
        action="org.person.set_superior",
        obj=person,
        rule="BR-ORG-01",
        changes=diff(before, snapshot(person, ["superior"])),
    )
    return person


@transaction.atomic
def person_set_roles(*, actor, person: Person, roles: Iterable[str]) -> Person:
    require_org_admin(actor)
    codes = _valid_roles(roles)
    before = list(person.role_codes)
    if Role.GM in codes and Role.GM not in before and person.superior_id is not None:
        raise BusinessRuleError(
            "BR-ORG-01", _("总经理没有上级：请先移除其上级再授予总经理角色。"), field="roles"
        )
    if Role.GM in before and Role.GM not in codes:
        raise BusinessRuleError(
            "BR-ORG-01", _("公司必须有一位总经理：请先把总经理角色授予他人。"), field="roles"
        )
    if actor is not None:
        viewer = viewer_of(actor)
        if viewer.user_id == person.user_id:
            raise PermissionDeniedError("BR-ORG-02", _("不能修改自己的角色。"))
        changed = (set(codes) ^ set(before)) & PRIVILEGED_ROLES
        if changed and Role.GM not in viewer.roles and not viewer.is_superuser:
            raise PermissionDeniedError(
                "BR-ORG-02", _("授予或收回总经理、副总、总监、财务、管理员角色须由总经理操作。")
            )
    _check_superior(codes, person, person.superior)
    if not set(codes) & MANAGER_SUPERIOR_ROLES:
        managed = [s.name for s in person.subordinates.filter(roles__role=Role.MANAGER)]
        if managed:
            raise BusinessRuleError(
                "BR-ORG-01",
                _("%(names)s 是销售部经理，其上级必须是销售总监或营销副总：请先调整汇报关系。")
                % {"names": "、".join(managed)},
                field="roles",
            )
    person.roles.exclude(role__in=codes).delete()
    try:
        with transaction.atomic():
            RoleAssignment.objects.bulk_create(
                [RoleAssignment(person=person, role=c) for c in codes if c not in before]
            )
    except IntegrityError as exc:
        raise BusinessRuleError("BR-ORG-01", _("公司只能有一位总经理。"), field="roles") from exc
    person.__dict__.pop("role_codes", None)
    getattr(person, "_prefetched_objects_cache", {}).pop("roles", None)
    person.__dict__.pop("scope_team_ids", None)
    person.save_versioned(update_fields=[])
    audit_record(
        actor=actor, action="org.person.set_roles", obj=person, changes={"roles": [before, codes]}
    )
    return person


@transaction.atomic
def person_leave_company(*, actor, person: Person, left_on: dt.date, reason: str = "") -> Person:
    """A person leaves: login disabled, absent from then on (BR-ORG-03). Their subordinates
    must first get another superior, so nobody is left without one (BR-ORG-01)."""
    require_org_admin(actor)
    if person.has_role(Role.GM):
        raise BusinessRuleError("BR-ORG-01", _("请先任命新的总经理。"))
    if person.subordinates.filter(left_on__isnull=True).exists():
        raise BusinessRuleError(
            "BR-ORG-01", _("%(p)s还有下属：请先为其下属指定新的上级。") % {"p": person.name}
        )
    person.left_on = left_on
    person.save_versioned(update_fields=["left_on"])
    person.user.is_active = False
    person.user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="org.person.leave",
        obj=person,
        rule="BR-ORG-03",
        changes={"left_on": [None, left_on]},
        extra={"reason": reason},
    )
    return person
