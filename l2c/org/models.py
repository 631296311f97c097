"""People and structure (BR-ORG-01…03): departments, teams, people, roles, absences."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.core.models import BaseModel
from l2c.core.roles import Role
from l2c.core.scope import Scope


class DepartmentKind(models.TextChoices):
    HEAD_OFFICE = "head_office", _("总部")
    SALES = "sales", _("销售部")
    FINANCE = "finance", _("财务部")
    SERVICE = "service", _("客服部")
    WAREHOUSE = "warehouse", _("仓库")
    TECH = "tech", _("技术部")


class Department(BaseModel):
    name = models.CharField(_("名称"), max_length=60, unique=True)
    code = models.CharField(
        _("代码"), max_length=10, unique=True, help_text=_("用于单据编号，如 S1")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self) -> str:
        return self.name


class Team(BaseModel):
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="teams"
    )
    name = models.CharField(_("名称"), max_length=60)
    leader = models.ForeignKey(
        "Person",
        verbose_name=_("组长/主管"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_teams",
    )

    class Meta:
        ordering = ["department_id", "id"]
        verbose_name = _("销售小组")
        verbose_name_plural = _("销售小组")
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="org_team_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.department.name} · {self.name}"


class Person(BaseModel):
    """An employee: a Django user plus the place in the organisation."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        on_delete=models.PROTECT,
        related_name="person",
    )
    name = models.CharField(_("姓名"), max_length=40)
    employee_no = models.CharField(_("工号"), max_length=20, unique=True)
    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="people"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("小组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    superior = models.ForeignKey(
        "self",
        verbose_name=_("直接上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
    )
    title = models.CharField(_("职务"), max_length=40, blank=True)
    mobile = models.CharField(_("手机"), max_length=20, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    hired_on = models.DateField(_("入职日期"), null=True, blank=True)
    left_on = models.DateField(_("离职日期"), null=True, blank=True)

    scope = Scope(owner="user", team="team", department="department")

    class Meta:
        ordering = ["department__sort_order", "department_id", "employee_no"]
        verbose_name = _("员工")
        verbose_name_plural = _("员工")
        constraints = [
            models.CheckConstraint(
                condition=Q(superior__isnull=True) | ~Q(superior=models.F("id")),
                name="org_person_not_own_superior",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def role_codes(self) -> list[str]:
        return [a.role for a in self.roles.all()]

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(code).label) for code in self.role_codes]

    @property
    def role_pairs(self) -> list[tuple[str, str]]:
        return [(code, str(Role(code).label)) for code in self.role_codes]

    def has_role(self, *roles: str) -> bool:
        return any(r in self.role_codes for r in roles)

    @cached_property
    def scope_team_ids(self) -> set[int]:
        ids = {self.team_id} if self.team_id else set()
        if Role.SUPERVISOR in self.role_codes:
            ids |= set(self.led_teams.values_list("id", flat=True))
        return ids

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class RoleAssignment(BaseModel):
    person = models.ForeignKey(
        Person, verbose_name=_("员工"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="org_role_once_per_person"),
            # BR-ORG-01: exactly one GM — the database refuses a second one.
            models.UniqueConstraint(
                fields=["role"], condition=Q(role="gm"), name="org_only_one_gm"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"


class AbsenceKind(models.TextChoices):
    LEAVE = "leave", _("请假")
    BUSINESS = "business", _("出差")
    OUT = "out", _("外出")


class Absence(BaseModel):
    """A period when a person is not at the desk (BR-ORG-03, BR-REC-03)."""

    person = models.ForeignKey(
        Person, verbose_name=_("员工"), on_delete=models.PROTECT, related_name="absences"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=AbsenceKind.choices)
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    cancelled = models.BooleanField(_("已取消"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )

    scope = Scope(owner="person__user", team="person__team", department="person__department")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("缺勤")
        verbose_name_plural = _("缺勤")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="org_absence_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["person", "starts_at", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()}"


class LoginThrottle(models.Model):
    """Failed logins per user name, for the lock-out of BR-SEC-02."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("登录限制")
        verbose_name_plural = _("登录限制")

    def __str__(self) -> str:
        return f"{self.username} ({self.failures})"
