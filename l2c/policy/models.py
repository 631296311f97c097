"""Policy settings and their versions (BR-POL-01, BR-POL-02)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from l2c.core.models import BaseModel


class PolicyKind(models.TextChoices):
    DAYS = "days", _("天数")
    HOURS = "hours", _("小时数")
    MINUTES = "minutes", _("分钟数")
    INTEGER = "integer", _("整数")
    PERCENT = "percent", _("百分比")
    MONEY = "money", _("金额（元）")
    BOOLEAN = "boolean", _("开关")
    LIST = "list", _("列表")
    SPLIT = "split", _("分成比例")
    CHAIN = "chain", _("审批流")
    JSON = "json", _("结构化数据")


class PolicySetting(BaseModel):
    key = models.CharField(_("键"), max_length=80, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=PolicyKind.choices)
    group = models.CharField(_("分组"), max_length=40)
    label = models.CharField(_("名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)
    rule = models.CharField(_("规则"), max_length=40, blank=True)

    class Meta:
        ordering = ["group", "key"]
        verbose_name = _("制度设置")
        verbose_name_plural = _("制度设置")

    def __str__(self) -> str:
        return f"{self.label}（{self.key}）"


class PolicyVersion(models.Model):
    """One value of a setting, in force from ``effective_from`` until the next version."""

    setting = models.ForeignKey(
        PolicySetting, verbose_name=_("设置"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    value = models.JSONField(_("值"))
    effective_from = models.DateTimeField(_("生效时间"))
    reason = models.CharField(_("变更原因"), max_length=300)
    created_at = models.DateTimeField(_("修改时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["setting_id", "-effective_from", "-number"]
        verbose_name = _("设置版本")
        verbose_name_plural = _("设置版本")
        constraints = [
            models.UniqueConstraint(fields=["setting", "number"], name="policy_version_number"),
        ]
        indexes = [models.Index(fields=["setting", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.setting.key} v{self.number}"


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    WORKDAY = "workday", _("调休上班")
    COMPANY_OFF = "company_off", _("公司休息日")


#: Where a year's arrangement or a day came from, as pages name it (``source`` holds the code).
CALENDAR_SOURCES = {
    "chinese-calendar": _("国务院办公厅节假日安排（chinese-calendar 数据）"),
    "admin": _("管理员录入"),
}


#: the same, short, for a column repeated on every day
CALENDAR_SOURCES_SHORT = {"chinese-calendar": _("国务院安排"), "admin": _("管理员录入")}


def calendar_source_label(source: str, *, short: bool = False) -> str:
    labels = CALENDAR_SOURCES_SHORT if short else CALENDAR_SOURCES
    return str(labels.get(source, source))


class CalendarYear(models.Model):
    """A year whose arrangement is known (seeded from chinese-calendar, or entered by the
    administrator when the State Council publishes it) — BR-POL-03."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=40)
    confirmed_at = models.DateTimeField(_("确认时间"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("工作日历年份")
        verbose_name_plural = _("工作日历年份")

    def __str__(self) -> str:
        return str(self.year)

    @property
    def source_label(self) -> str:
        return calendar_source_label(self.source)


class CalendarDay(models.Model):
    """A day that differs from Monday–Friday: a holiday, a make-up workday, a company day off."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(_("名称"), max_length=60, blank=True)
    source = models.CharField(_("来源"), max_length=40, default="admin")
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    @property
    def source_label(self) -> str:
        return calendar_source_label(self.source)

    @property
    def source_short(self) -> str:
        return calendar_source_label(self.source, short=True)
