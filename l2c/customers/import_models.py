"""Excel import jobs of customers (BR-RPT-06): what was uploaded, how far it got, and one
report row for every row that was not simply created (updated, duplicate, failed) with
its reason. Imported from the end of ``models.py`` so Django registers the models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from l2c.core.scope import Scope


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("导入中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class RowOutcome(models.TextChoices):
    CREATED = "created", _("新建")
    UPDATED = "updated", _("已更新")
    DUPLICATE = "duplicate", _("重复（未导入）")
    FAILED = "failed", _("失败")


class ImportJob(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    update_existing = models.BooleanField(_("更新已有客户"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理"), default=0)
    created_count = models.PositiveIntegerField(_("新建"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    duplicate_count = models.PositiveIntegerField(_("重复"), default=0)
    failed_count = models.PositiveIntegerField(_("失败"), default=0)
    error = models.CharField(_("错误"), max_length=300, blank=True)

    scope = Scope(owner="created_by", team=None, department=None)

    class Meta:
        verbose_name = _("客户导入")
        verbose_name_plural = _("客户导入")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"客户导入 #{self.pk} {self.file_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status != ImportStatus.RUNNING else 0
        return min(100, round(self.processed_rows * 100 / self.total_rows))


class ImportRow(models.Model):
    """A row of the report: its number in the sheet (the header is row 1), what happened
    and why. Rows simply created are counted on the job, not listed."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    row_no = models.PositiveIntegerField(_("行号"))
    outcome = models.CharField(_("结果"), max_length=10, choices=RowOutcome.choices)
    name = models.CharField(_("姓名"), max_length=60, blank=True)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.CharField(_("原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("导入明细")
        verbose_name_plural = _("导入明细")
        ordering = ["row_no", "id"]
        indexes = [models.Index(fields=["job", "outcome", "row_no"])]

    def __str__(self) -> str:
        return f"#{self.row_no} {self.get_outcome_display()}"
