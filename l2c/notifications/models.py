"""Notifications (BR-RPT-07): the in-app inbox and the queue of group-webhook deliveries.

Neither is a business record: an inbox row tells one person that something happened
elsewhere (an approval task, a reminder, an escalation); a webhook delivery carries the
same event to a 企业微信 or 钉钉 group robot and is retried until it succeeds or gives up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from l2c.core.scope import Scope

#: Labels of the kinds the product sends; a kind not listed shows without a label.
KIND_LABELS = {
    "approval.task": _("待审批"),
    "approval.reminder": _("催办提醒"),
    "approval.escalation": _("超时升级"),
    "approval.outcome": _("审批结果"),
    "approval.copy": _("抄送"),
    "customer.drop_reminder": _("即将掉入公海"),
    "activities.tracking_review": _("追踪表审阅"),
    "activities.visit_report": _("拜访报告"),
    "activities.report_due": _("拜访报告到期"),
    "activities.report_overdue": _("拜访报告逾期"),
    "activities.daily_summary": _("销售日报"),
}


class Notification(models.Model):
    """One message in one person's inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(
        _("类型"), max_length=40, help_text=_("如 approval.task、approval.reminder")
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    key = models.CharField(
        _("去重键"), max_length=200, blank=True, help_text=_("同一接收人同一键只通知一次")
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    #: Everyone's inbox is their own (selectors also filter by recipient explicitly, since
    #: company-wide roles see everything under a scope).
    scope = Scope(owner="recipient", team=None, department=None)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=~Q(key=""),
                name="notifications_once_per_recipient_and_key",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notifications_inbox_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def kind_label(self) -> str:
        label = KIND_LABELS.get(self.kind)
        return str(label) if label else ""


class WebhookChannel(models.TextChoices):
    WECOM = "wecom", _("企业微信")
    DINGTALK = "dingtalk", _("钉钉")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")  # gave up after the maximum number of attempts


class WebhookDelivery(models.Model):
    """One event queued for one group webhook; sent by the tick, retried with back-off."""

    channel = models.CharField(_("渠道"), max_length=20, choices=WebhookChannel.choices)
    url = models.CharField(_("Webhook 地址"), max_length=500)
    name = models.CharField(_("群名称"), max_length=60, blank=True)
    kind = models.CharField(_("通知类型"), max_length=40, blank=True)
    payload = models.JSONField(_("消息内容"))
    notification_key = models.CharField(_("去重键"), max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), default=timezone.now)
    last_error = models.TextField(_("最近错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Webhook 推送")
        verbose_name_plural = _("Webhook 推送")
        constraints = [
            # The same event is never queued twice to one webhook.
            models.UniqueConstraint(
                fields=["url", "notification_key"],
                condition=~Q(notification_key=""),
                name="notifications_delivery_once_per_url_and_key",
            ),
            models.CheckConstraint(
                condition=Q(state__in=DeliveryState.values),
                name="notifications_delivery_state_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="notifications_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.name or self.url[:40]} · {self.state}"
