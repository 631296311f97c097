"""Deals. For now only the discount request of BR-APR-02 (S1 step 6), kept minimal: the
Deals issue attaches it to real quotes and reservations."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from l2c.core.models import BaseModel
from l2c.core.scope import Scope


class DiscountStatus(models.TextChoices):
    DRAFT = "draft", _("未提交")
    IN_APPROVAL = "in_approval", _("审批中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")
    CANCELLED = "cancelled", _("已取消")


class DiscountRequest(BaseModel):
    """优惠申请: a discount off the list price for one customer and one unit (000 D9)."""

    customer_name = models.CharField(_("客户"), max_length=60)
    unit_label = models.CharField(_("房号/产品"), max_length=60)
    list_price = models.DecimalField(_("标价（元）"), max_digits=14, decimal_places=2)
    discount_percent = models.DecimalField(_("优惠（%）"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("申请理由"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="discount_requests",
    )
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=DiscountStatus.choices, default=DiscountStatus.DRAFT
    )

    scope = Scope(owner="owner", team="team", department="department")

    class Meta:
        verbose_name = _("优惠申请")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.customer_name} · {self.unit_label} · {self.discount_percent}%"

    @property
    def discount_amount(self) -> Decimal:
        return (self.list_price * self.discount_percent / 100).quantize(Decimal("0.01"))

    @property
    def final_price(self) -> Decimal:
        return self.list_price - self.discount_amount
