"""Orders and delivery (BR-FUL-01…03): the sales order from a signed contract (or a
reservation, for units delivered before a contract), its production/delivery notice to the
departments, the demand request (需货申请单) through its chain, the numbered outbound order
(销售出库单) the warehouse ships, and the customer's confirmation (客户确认单)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.approvals.documents import ApprovableDocument
from l2c.core.models import BaseModel, OwnedRecord
from l2c.core.scope import Scope

MONEY = {"max_digits": 14, "decimal_places": 2}
#: an order belongs to the contract's rep, team and department; finance sees every one
ORDER_SCOPE = Scope(money=True)
#: the records under an order are seen by whoever sees the order
UNDER_ORDER = Scope(
    owner="order__owner", team="order__team", department="order__department", money=True
)


class OrderStatus(models.TextChoices):
    OPEN = "open", _("待发货")
    SHIPPED = "shipped", _("已发货")


class SalesOrder(OwnedRecord):
    """销售订单: what the customer bought and by when it ships (BR-FUL-03)."""

    number = models.CharField(_("订单编号"), max_length=40, unique=True)
    contract = models.OneToOneField(
        "contracts.Contract",
        verbose_name=_("合同"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reservation = models.OneToOneField(
        "contracts.Reservation",
        verbose_name=_("认购书"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    ordered_at = models.DateTimeField(_("下单时间"))
    #: the contract's (or reservation's) signing date + N working days, or the contract's own date
    ship_by = models.DateField(_("发货期限"))
    ship_by_agreed = models.BooleanField(_("发货期限由合同约定"), default=False)
    shipped_at = models.DateTimeField(_("发货完成时间"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope = ORDER_SCOPE

    class Meta:
        verbose_name = _("销售订单")
        ordering = ["ship_by", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OrderStatus.values), name="fulfillment_order_status"
            ),
            models.CheckConstraint(
                condition=Q(contract__isnull=False) | Q(reservation__isnull=False),
                name="fulfillment_order_has_source",
            ),
        ]
        indexes = [
            models.Index(
                fields=["ship_by"], name="fulfillment_open_by_date", condition=Q(status="open")
            )
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """One line of an order: a unique unit (quantity 1) or a stock product with a quantity."""

    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("产品"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "catalog.Unit",
        verbose_name=_("房号/车架号/序列号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    quantity = models.PositiveIntegerField(_("数量"))
    price = models.DecimalField(_("单价"), **MONEY)

    class Meta:
        verbose_name = _("订单明细")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & (Q(unit__isnull=True) | Q(quantity=1)),
                name="fulfillment_line_quantity",
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="fulfillment_line_price"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.unit_id or self.product_id} × {self.quantity}"

    @property
    def label(self) -> str:
        return f"{self.product.name} {self.unit.code}" if self.unit_id else self.product.name


class NoticeDepartment(models.TextChoices):
    """The departments the production/delivery notice goes to (BR-FUL-01)."""

    PRODUCTION = "production", _("生产部")
    PURCHASING = "purchasing", _("采购部")
    TECHNICAL = "technical", _("技术部")
    GENERAL_AFFAIRS = "general_affairs", _("综合部")
    FINANCE = "finance", _("财务部")
    TRANSPORT = "transport", _("运输部")
    WAREHOUSE = "warehouse", _("仓库")


class DeliveryNotice(models.Model):
    """生产通知单/发货通知单 of an order, sent when the order is made (BR-FUL-01)."""

    order = models.OneToOneField(SalesOrder, on_delete=models.CASCADE, related_name="notice")
    sent_at = models.DateTimeField(_("发出时间"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    scope = UNDER_ORDER

    class Meta:
        verbose_name = _("生产/发货通知单")

    def __str__(self) -> str:
        return f"{self.order_id}@{self.sent_at:%Y-%m-%d}"


class NoticeAcknowledgement(models.Model):
    """One department's acknowledgement of the notice: who, when (empty until then)."""

    notice = models.ForeignKey(
        DeliveryNotice, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    department = models.CharField(_("部门"), max_length=20, choices=NoticeDepartment.choices)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知签收")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "department"], name="fulfillment_ack_one_per_department"
            ),
            models.CheckConstraint(
                condition=Q(department__in=NoticeDepartment.values),
                name="fulfillment_ack_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id}/{self.department}"


class DemandRequest(ApprovableDocument):
    """需货申请单 (BR-FUL-02): branch manager → sales manager checks it against the contract."""

    order = models.ForeignKey(
        SalesOrder, verbose_name=_("订单"), on_delete=models.PROTECT, related_name="demand_requests"
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    approval_kind = "demand_request"

    class Meta(ApprovableDocument.Meta):
        verbose_name = _("需货申请单")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.order_id}/{self.pk}"


class DemandLine(models.Model):
    request = models.ForeignKey(DemandRequest, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("申请数量"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="fulfillment_demand_qty"),
            models.UniqueConstraint(
                fields=["request", "order_line"], name="fulfillment_demand_line_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.order_line_id} × {self.quantity}"


class OutboundStatus(models.TextChoices):
    ISSUED = "issued", _("待出库")
    SHIPPED = "shipped", _("已出库")


class OutboundOrder(BaseModel):
    """销售出库单: issued by the assistant from an approved demand request, shipped by the
    warehouse (stock decremented, units delivered)."""

    number = models.CharField(_("出库单号"), max_length=40, unique=True)
    order = models.ForeignKey(
        SalesOrder, verbose_name=_("订单"), on_delete=models.PROTECT, related_name="outbounds"
    )
    demand_request = models.OneToOneField(
        DemandRequest, on_delete=models.PROTECT, related_name="outbound"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.ISSUED
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开单人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("开单时间"))
    warehouse = models.CharField(_("出库仓库"), max_length=40, blank=True)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发货人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    shipped_at = models.DateTimeField(_("发货时间"), null=True, blank=True)

    scope = UNDER_ORDER

    class Meta:
        verbose_name = _("销售出库单")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OutboundStatus.values), name="fulfillment_outbound_status"
            ),
            models.CheckConstraint(
                condition=~Q(status="shipped") | Q(shipped_at__isnull=False),
                name="fulfillment_outbound_shipped_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class OutboundLine(models.Model):
    outbound = models.ForeignKey(OutboundOrder, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("出库数量"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="fulfillment_outbound_qty")
        ]

    def __str__(self) -> str:
        return f"{self.outbound_id}: {self.order_line_id} × {self.quantity}"


def confirmation_path(instance: CustomerConfirmation, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"fulfillment/confirmations/{instance.outbound_id}.{suffix}"


class CustomerConfirmation(models.Model):
    """客户确认单: the customer signed for the goods — who, when, the scan (BR-FUL-02)."""

    outbound = models.OneToOneField(
        OutboundOrder, on_delete=models.PROTECT, related_name="confirmation"
    )
    signed_by = models.CharField(_("签收人"), max_length=60)
    signed_at = models.DateTimeField(_("签收时间"))
    scan = models.FileField(_("确认单扫描件"), upload_to=confirmation_path, max_length=200)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("归档人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("归档时间"))

    class Meta:
        verbose_name = _("客户确认单")

    def __str__(self) -> str:
        return f"{self.outbound_id}: {self.signed_by}"
