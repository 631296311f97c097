"""Follow-ups (跟进/回访) and the supervisor's review of the A/B tracking table (客户追踪表)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.core.models import BaseModel, OwnedRecord
from l2c.core.scope import Scope


class FollowUpKind(models.TextChoices):
    CALL = "call", _("电话")
    VISIT = "visit", _("拜访")
    MEETING = "meeting", _("面谈")
    MESSAGE = "message", _("短信/微信")


class FollowUp(OwnedRecord):
    """One contact with a customer. Only a *real* contact — a call, a visit, a meeting or
    an answered message — restarts the owner's follow-up clock (BR-CUS-04, 05)."""

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("客户"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("跟进人"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    owner = None  # the rep who followed up
    #: the rep's team and department when they followed up (the data scope, BR-ORG-02)
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("方式"), max_length=20, choices=FollowUpKind.choices)
    answered = models.BooleanField(_("客户已回复"), default=False)
    at = models.DateTimeField(_("跟进时间"))
    outcome = models.TextField(_("跟进内容与结果"))
    next_date = models.DateField(_("下次跟进日期"), null=True, blank=True)
    #: a real contact (BR-CUS-05): not a message-only one
    real = models.BooleanField(_("有效回访"), default=True)
    #: recorded by the owner of a valid card, so it went to the ownership clock (BR-CUS-04);
    #: a leader's note or an after-sales contact on a deal does not
    counted = models.BooleanField(_("计入保护期"), default=False)
    #: BR-CUS-04a (policy switch): waiting for the supervisor, then confirmed at
    awaiting_confirmation = models.BooleanField(_("待主管确认"), default=False)
    confirmed_at = models.DateTimeField(_("主管确认时间"), null=True, blank=True)

    scope = Scope(owner="rep")

    class Meta:
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["call", "visit", "meeting", "message"]),
                name="activities_follow_up_kind",
            ),
            models.CheckConstraint(
                condition=Q(answered=False) | Q(kind="message"),
                name="activities_follow_up_answered_only_messages",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "-at"]),
            models.Index(fields=["rep", "-at"]),
            models.Index(fields=["rep", "next_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.get_kind_display()}"


class TrackingReview(BaseModel):
    """The supervisor reviewed an A/B customer's tracking table (BR-CUS-02)."""

    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("客户"),
        on_delete=models.PROTECT,
        related_name="tracking_reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审阅人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("审阅时间"))
    comment = models.TextField(_("审阅意见"), blank=True)

    scope = Scope(owner="customer__owner", team="customer__team", department="customer__department")

    class Meta:
        verbose_name = _("追踪表审阅")
        verbose_name_plural = _("追踪表审阅")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["customer", "-at"])]

    def __str__(self) -> str:
        return f"{self.customer} · {self.at:%Y-%m-%d}"
