"""Every write to the organisation (BR-ORG-01…03) and the login lock-out (BR-SEC-02)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record, diff, snapshot
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import require_roles, viewer_of
from l2c.org.models import (
    Absence,
    Department,
    LoginThrottle,
    Person,
    RoleAssignment,
    Team,
)

ORG_ADMINS = frozenset({Role.ADMIN, Role.GM})
#: Roles that open company-wide data or configuration: only the GM grants them, so the
#: administrator (configuration only, BR-ORG-02) cannot widen anyone's scope — their own least.
PRIVILEGED_ROLES = frozenset({Role.GM, Role.VP, Role.DIRECTOR, Role.FINANCE, Role.ADMIN})
#: BR-ORG-01: a department manager reports to the director or the VP.
MANAGER_SUPERIOR_ROLES = frozenset({Role.DIRECTOR, Role.VP})


def _require_org_admin(actor) -> None:
    if actor is None:  # the system itself (management commands: demo data, imports)
        return
    require_roles(
        actor, ORG_ADMINS, rule="BR-ORG-01", message=_("只有系统管理员或总经理可以维护组织架构。")
    )


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
def department_create(
    *, actor, name: str, code: str, kind: str, parent: Department | None = None, sort_order: int = 0
) -> Department:
    _require_org_admin(actor)
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
    _require_org_admin(actor)
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
    _require_org_admin(actor)
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
    _require_org_admin(actor)
    codes = _valid_roles(roles)
    if team is not None and team.department_id != department.pk:
        raise BusinessRuleError("BR-ORG-01", _("小组必须属于所选部门。"), field="team")
    _check_superior(codes, None, superior)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise BusinessRuleError(
            None, _("登录名“%(u)s”已被使用。") % {"u": username}, field="username"
        )
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
    _require_org_admin(actor)
    unknown = set(fields) - set(PERSON_EDITABLE)
    if unknown:
        raise BusinessRuleError(
            None, _("不能修改这些字段：%(f)s") % {"f": "、".join(sorted(unknown))}
        )
    person.check_version(expected_version)
    before = snapshot(person, list(fields))
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
    _require_org_admin(actor)
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
    _require_org_admin(actor)
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
    _require_org_admin(actor)
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


# --- login lock-out (BR-SEC-02) -------------------------------------------------------


def login_locked_until(username: str, *, at: dt.datetime | None = None) -> dt.datetime | None:
    when = at or timezone.now()
    row = LoginThrottle.objects.filter(username=username.lower()).first()
    if row and row.locked_until and row.locked_until > when:
        return row.locked_until
    return None


@transaction.atomic
def login_record_failure(*, username: str, user=None) -> dt.datetime | None:
    """Count a failed login; after ``security.lockout_failures`` in a row, lock the name for
    ``security.lockout_minutes``. Audited. Returns the lock expiry if now locked."""
    now = timezone.now()
    row, _created = LoginThrottle.objects.select_for_update().get_or_create(
        username=username.lower()
    )
    if row.locked_until and row.locked_until <= now:
        row.failures = 0
        row.locked_until = None
    row.failures += 1
    row.last_failure_at = now
    limit = policy.value("security.lockout_failures")
    if row.failures >= limit and row.locked_until is None:
        row.locked_until = now + dt.timedelta(minutes=policy.value("security.lockout_minutes"))
    row.save()
    audit_record(
        actor=None,
        action="auth.login_failed",
        obj=user,
        rule="BR-SEC-02",
        object_repr=username,
        extra={"username": username, "failures": row.failures, "locked_until": row.locked_until},
    )
    return row.locked_until


def login_record_locked_attempt(*, username: str, locked_until: dt.datetime) -> None:
    """A login tried while the name is locked (BR-SEC-01: every login attempt is recorded)."""
    audit_record(
        actor=None,
        action="auth.login_locked",
        rule="BR-SEC-02",
        object_repr=username,
        extra={"username": username, "locked_until": locked_until},
    )


@transaction.atomic
def login_record_success(*, user) -> None:
    LoginThrottle.objects.filter(username=user.get_username().lower()).delete()
    audit_record(actor=user, action="auth.login", obj=user, rule="BR-SEC-01")


@transaction.atomic
def api_token_issue(*, user) -> str:
    """A successful API login (BR-SEC-01, 02): recorded like a web login; returns the token."""
    from rest_framework.authtoken.models import Token

    login_record_success(user=user)
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def logout_record(*, user) -> None:
    if getattr(user, "is_authenticated", False):
        audit_record(actor=user, action="auth.logout", obj=user)
