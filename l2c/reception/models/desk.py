"""The reception desk (BR-REC-01…07): the day's duty roster, who is out, and the visitor and
call registers.

Nothing here stores whose turn it is: the next in line is *derived* from the day's roster,
the register entries that consumed a rotation turn (with who they passed over) and who is
away now (see ``l2c.reception.rotation``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.core.models import BaseModel, OwnedRecord
from l2c.core.scope import Scope


class DutyRoster(BaseModel):
    """轮值表: the reps on duty at the desk on one day, in order (BR-REC-02). One per day per
    department (``team`` empty) or per team."""

    day = models.DateField(_("日期"))
    department = models.ForeignKey(
        "org.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        "org.Team",
        verbose_name=_("小组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    scope = Scope(owner=None, team="team", department="department")

    class Meta:
        verbose_name = _("轮值表")
        verbose_name_plural = _("轮值表")
        ordering = ["-day", "department_id", "team_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "department"],
                condition=Q(team__isnull=True),
                name="reception_one_department_roster_a_day",
            ),
            models.UniqueConstraint(
                fields=["day", "team"],
                condition=Q(team__isnull=False),
                name="reception_one_team_roster_a_day",
            ),
        ]

    def __str__(self) -> str:
        where = self.team.name if self.team_id else self.department.name
        return f"{self.day:%Y-%m-%d} {where}"


class RosterSlot(models.Model):
    """One rep's place in the day's order (1 = first)."""

    roster = models.ForeignKey(DutyRoster, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField(_("顺序"))
    person = models.ForeignKey(
        "org.Person", verbose_name=_("置业顾问"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["roster_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["roster", "position"], name="reception_slot_position"),
            models.UniqueConstraint(fields=["roster", "person"], name="reception_slot_person"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.person}"


class DeskEventKind(models.TextChoices):
    OUT = "out", _("离开接待台")
    BACK = "back", _("回到接待台")


class OutReason(models.TextChoices):
    WITH_CUSTOMER = "with_customer", _("接待客户中")
    BUSINESS = "business", _("因公外出")
    OTHER = "other", _("其他")


class DeskEvent(models.Model):
    """A rep marked out (with a customer, out on business) or back at the desk (BR-REC-03)."""

    roster = models.ForeignKey(DutyRoster, on_delete=models.CASCADE, related_name="events")
    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=DeskEventKind.choices)
    reason = models.CharField(max_length=20, choices=OutReason.choices, blank=True)
    note = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["roster", "person", "at"])]

    def __str__(self) -> str:
        return f"{self.person} {self.get_kind_display()}"


class ReceptionKind(models.TextChoices):
    WALK_IN = "walk_in", _("来访")
    CALL = "call", _("来电")


class Source(models.TextChoices):
    """How the visitor or caller heard of us (来人来电统计表's 渠道, BR-RPT-01)."""

    PASSING = "passing", _("路过/自然到访")
    ADVERT = "advert", _("广告")
    ONLINE = "online", _("网络")
    REFERRAL = "referral", _("朋友/老客户介绍")
    EVENT = "event", _("活动/展会")
    OTHER = "other", _("其他")


class Assignment(models.TextChoices):
    """How the receiving rep was chosen."""

    ROTATION = "rotation", _("轮流接待")
    MAKEUP = "makeup", _("补接")
    NAMED = "named", _("客户指定")
    RETURNING = "returning", _("老客户")
    CHOSEN = "chosen", _("指派")


class Reception(OwnedRecord):
    """One line of the visitor register (来人登记表) or the call register (来电登记表),
    created at first contact (BR-REC-01)."""

    kind = models.CharField(_("类型"), max_length=10, choices=ReceptionKind.choices)
    roster = models.ForeignKey(
        DutyRoster, on_delete=models.PROTECT, null=True, blank=True, related_name="receptions"
    )
    received_at = models.DateTimeField(_("来访/来电时间"), db_index=True)
    name = models.CharField(_("姓名"), max_length=60)
    #: normalised mainland mobile; empty when a walk-in would not leave one
    mobile = models.CharField(_("电话"), max_length=11, blank=True)
    source = models.CharField(_("渠道"), max_length=20, choices=Source.choices)
    inquiry = models.CharField(_("咨询内容"), max_length=500, blank=True)
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接待人"),
        on_delete=models.PROTECT,
        related_name="receptions",
    )
    owner = None  # the receiving rep's entry
    is_first_visit = models.BooleanField(_("首次来访"), default=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("客户"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assignment = models.CharField(_("分配方式"), max_length=20, choices=Assignment.choices)
    #: whether this entry took a rotation turn (BR-REC-02/03), and why (or why not)
    turn_consumed = models.BooleanField(_("占轮次"), default=False)
    turn_note = models.CharField(_("轮次说明"), max_length=200, blank=True)
    #: the user ids of the reps passed over because they were away (BR-REC-03)
    skipped = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    first_message_sent_at = models.DateTimeField(_("首次回访短信"), null=True, blank=True)

    scope = Scope(owner="rep")

    class Meta:
        verbose_name = _("来人来电登记")
        verbose_name_plural = _("来人来电登记")
        ordering = ["received_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["walk_in", "call"]), name="reception_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(turn_consumed=False) | Q(assignment__in=["rotation", "makeup"]),
                name="reception_turn_only_by_rotation",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "received_at"]),
            models.Index(fields=["rep", "received_at"]),
            models.Index(fields=["roster", "received_at"]),
            models.Index(fields=["rep", "first_message_sent_at"]),
            models.Index(fields=["customer", "received_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def wants_first_message(self) -> bool:
        """BR-REC-07: a visitor or caller who left a number gets a message the same day."""
        return bool(self.mobile) and self.first_message_sent_at is None
