"""The rep's daily work log (工作日志) and the assistant's daily summary to the GM and the
manager (BR-ACT-03, 002 art. 7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from l2c.core.models import OwnedRecord
from l2c.core.scope import Scope


class WorkLog(OwnedRecord):
    """One per person and day; editable on that day only."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        on_delete=models.PROTECT,
        related_name="work_logs",
    )
    owner = None  # the author's log
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    day = models.DateField(_("日期"))
    work_done = models.TextField(_("今日工作"))
    customer_feedback = models.TextField(_("客户意见"), blank=True)
    suggestions = models.TextField(_("问题与建议"), blank=True)
    plan_next = models.TextField(_("明日计划"), blank=True)

    scope = Scope(owner="author")

    class Meta:
        verbose_name = _("工作日志")
        verbose_name_plural = _("工作日志")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["author", "day"], name="activities_one_log_a_day"),
        ]
        indexes = [models.Index(fields=["department", "-day"])]

    def __str__(self) -> str:
        return f"{self.day}"


class DailySummary(OwnedRecord):
    """销售日志汇总: the assistant's summary of the department's day — orders, the reps' and
    the customers' opinions — sent to the GM and the sales manager (BR-ACT-03)."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("汇总人"),
        on_delete=models.PROTECT,
        related_name="daily_summaries",
    )
    owner = None  # the assistant who summarised the department's day
    team = None  # a department's summary
    department = models.ForeignKey(
        "org.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(_("日期"))
    orders = models.TextField(_("当日定单情况"), blank=True)
    rep_feedback = models.TextField(_("销售代表意见"), blank=True)
    customer_feedback = models.TextField(_("客户意见"), blank=True)
    summary = models.TextField(_("工作日志汇总"))
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    scope = Scope(owner="author", team=None, department="department")

    class Meta:
        verbose_name = _("销售日报汇总")
        verbose_name_plural = _("销售日报汇总")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "day"], name="activities_one_summary_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.day}"
