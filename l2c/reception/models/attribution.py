"""Attribution decisions (客户区分, BR-ATT-01…13): whose customer a returning visitor is, and
how the credit and the commission are split. Shares are rows that always sum to exactly
100% (BR-ATT-12); the commission module reads them later."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.core.models import OwnedRecord
from l2c.core.scope import Scope


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DISPUTED = "disputed", _("有争议")
    RESOLVED = "resolved", _("已裁定")


class Pending(models.TextChoices):
    """Who must act before a proposed decision holds."""

    NONE = "", _("无")
    SUPERVISOR = "supervisor", _("待主管核实投诉")  # BR-ATT-04
    MANAGER = "manager", _("待经理确定")  # BR-ATT-10


class Resolution(models.TextChoices):
    AGREED = "agreed", _("双方协商一致")
    MANAGER = "manager", _("经理裁定")
    DEPARTMENT = "department", _("争吵不休，业绩归部门")
    VERIFIED = "verified", _("主管核实")
    SET_BY_MANAGER = "set_by_manager", _("经理按活动规则确定")


class Condition(models.TextChoices):
    """A share that holds only if the deal closes the same day (BR-ATT-13) or later."""

    ALWAYS = "", _("无条件")
    SAME_DAY = "same_day", _("当日成交")
    LATER = "later", _("非当日成交")


class AttributionDecision(OwnedRecord):
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="+"
    )
    reception = models.ForeignKey(
        "reception.Reception",
        verbose_name=_("接待登记"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    rule = models.CharField(_("适用规则"), max_length=20)
    answers = models.JSONField(_("接待问答"), default=dict)
    #: what the system knew when deciding: the earlier rep, card validity, who was present
    facts = models.JSONField(default=dict)
    receiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("本次接待"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    #: 业绩所属 — also who follows up and serves after sales (BR-ATT-09); empty when the
    #: department holds the credit (BR-ATT-11)
    deal_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("业绩归属"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: who should own the card after the decision (empty: unchanged)
    owner_after = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner = None  # the receiving rep's decision
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("决定时间"))
    status = models.CharField(
        _("状态"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.CONFIRMED
    )
    pending = models.CharField(max_length=20, choices=Pending.choices, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    disputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dispute_reason = models.CharField(_("争议理由"), max_length=300, blank=True)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, blank=True)
    resolution_note = models.CharField(_("裁定说明"), max_length=300, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    #: when the deal closed (BR-ATT-13 settles the conditional shares against it)
    deal_at = models.DateTimeField(_("成交时间"), null=True, blank=True)

    scope = Scope(owner="receiver")

    class Meta:
        verbose_name = _("客户区分决定")
        verbose_name_plural = _("客户区分决定")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "confirmed", "disputed", "resolved"]),
                name="reception_decision_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status", "-decided_at"]),
            models.Index(fields=["customer", "-decided_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.rule}"

    @property
    def follow_up_by(self):
        """BR-ATT-09: follow-up and after-sales belong to the rep who owns the deal."""
        return self.deal_owner

    @property
    def settled(self) -> bool:
        return self.deal_at is not None


class AttributionShare(models.Model):
    """One person's (or the department's) part of the credit and commission."""

    decision = models.ForeignKey(
        AttributionDecision, on_delete=models.CASCADE, related_name="shares"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: the letter of the rulebook: A (receiving now), B (earlier), C (helping), earlier, dept
    role = models.CharField(max_length=10)
    percent = models.DecimalField(_("比例（%）"), max_digits=5, decimal_places=2)
    condition = models.CharField(max_length=10, choices=Condition.choices, blank=True)
    #: the deal owner's share takes the remainder cent (BR-ATT-12)
    is_deal_owner = models.BooleanField(default=False)
    #: superseded by a resolution, or its condition failed at settlement
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["decision_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(department__isnull=True))
                | (Q(user__isnull=True) & Q(department__isnull=False)),
                name="reception_share_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=100),
                name="reception_share_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.percent}%"
