"""Monthly visit plans (BR-ACT-01), visit reports (BR-ACT-02) and the tasks that promises
made during a visit become."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.approvals.documents import ApprovableDocument, ApprovalStatus
from l2c.core.models import OwnedRecord
from l2c.core.scope import Scope

#: a visit plan's status follows its approval request (BR-ACT-01, BR-APR-06)
PlanStatus = ApprovalStatus


class VisitPurpose(models.TextChoices):
    """拜访目的 (002 art. 3, 1.2 (1))."""

    RELATIONSHIP = "relationship", _("联络感情")
    DEVELOP = "develop", _("开发新客户")
    PROMOTE = "promote", _("新产品推广")
    COLLECT = "collect", _("结清货款")
    RESEARCH = "research", _("市场调查")
    COMPETITOR = "competitor", _("了解竞争对手")
    OTHER = "other", _("其他")


class VisitPlan(ApprovableDocument):
    """拜访计划书: a rep's visits for one month, submitted by the last day of the month
    before and approved by the supervisor (BR-ACT-01)."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销售人员"),
        on_delete=models.PROTECT,
        related_name="visit_plans",
    )
    owner = None  # the rep's plan
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: the first day of the month planned
    month = models.DateField(_("计划月份"))
    note = models.TextField(_("说明"), blank=True)

    scope = Scope(owner="rep")
    approval_kind = "visit_plan"

    class Meta(ApprovableDocument.Meta):
        verbose_name = _("拜访计划")
        verbose_name_plural = _("拜访计划")
        ordering = ["-month", "-id"]
        constraints = [
            *ApprovableDocument.Meta.constraints,
            models.UniqueConstraint(fields=["rep", "month"], name="activities_one_plan_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def due_on(self) -> dt.date:
        """The last day of the month before (每月底提出次月拜访计划书)."""
        return self.month - dt.timedelta(days=1)

    @property
    def submitted_late(self) -> bool:
        from django.utils import timezone

        return self.submitted_at is not None and (
            timezone.localdate(self.submitted_at) > self.due_on
        )


class VisitPlanItem(models.Model):
    """One planned visit: a customer of the archive, or another target (a prospect company,
    a peer) named in words."""

    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="items")
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("客户"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target = models.CharField(_("拜访对象"), max_length=100, blank=True)
    planned_on = models.DateField(_("计划日期"))
    purpose = models.CharField(
        _("拜访目的"), max_length=20, choices=VisitPurpose.choices, default=VisitPurpose.OTHER
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    #: a planned visit that did not take place, with the reason (no report is due)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("计划拜访")
        verbose_name_plural = _("计划拜访")
        ordering = ["planned_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(customer__isnull=False) | ~Q(target=""),
                name="activities_plan_item_has_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.planned_on} {self.label}"

    @property
    def label(self) -> str:
        return self.target or (self.customer.name if self.customer is not None else "")


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    REVIEWED = "reviewed", _("已审核")
    RETURNED = "returned", _("退回修改")


class VisitReport(OwnedRecord):
    """客户拜访报告: due within 2 days of the visit, reviewed by the supervisor (BR-ACT-02)."""

    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拜访人"),
        on_delete=models.PROTECT,
        related_name="visit_reports",
    )
    owner = None  # the rep's report
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("客户"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_reports",
    )
    target = models.CharField(_("拜访对象"), max_length=100, blank=True)
    plan_item = models.OneToOneField(
        VisitPlanItem,
        verbose_name=_("计划拜访"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
    )
    follow_up = models.OneToOneField(
        "activities.FollowUp",
        verbose_name=_("跟进记录"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_report",
    )
    visited_at = models.DateTimeField(_("拜访时间"))
    content = models.TextField(_("拜访情况"))
    feedback = models.TextField(_("客户意见"), blank=True)
    due_on = models.DateField(_("报告期限"))
    submitted_at = models.DateTimeField(_("提交时间"))
    state = models.CharField(
        _("状态"), max_length=20, choices=ReportState.choices, default=ReportState.SUBMITTED
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    scope = Scope(owner="rep")

    class Meta:
        verbose_name = _("拜访报告")
        verbose_name_plural = _("拜访报告")
        ordering = ["-visited_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in ReportState]),
                name="activities_visit_report_state",
            ),
        ]
        indexes = [models.Index(fields=["rep", "-visited_at"])]

    def __str__(self) -> str:
        return f"{self.label} · {self.visited_at:%Y-%m-%d}"

    @property
    def label(self) -> str:
        return self.target or (self.customer.name if self.customer is not None else "")

    @property
    def late(self) -> bool:
        from django.utils import timezone

        return timezone.localdate(self.submitted_at) > self.due_on


class Task(OwnedRecord):
    """A promise made to a customer (拜访过程中答应的事项), to follow through (BR-ACT-02)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        on_delete=models.PROTECT,
        related_name="activity_tasks",
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("客户"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity_tasks",
    )
    report = models.ForeignKey(
        VisitReport,
        verbose_name=_("拜访报告"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    title = models.CharField(_("事项"), max_length=200)
    due_on = models.DateField(_("完成期限"))
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    done_note = models.CharField(_("完成情况"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        ordering = ["done_at", "due_on", "id"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"])]

    def __str__(self) -> str:
        return self.title
