"""Catalog and sales control (BR-CAT-01…04): projects, products, sellable units, stock,
the three-tier price list and its approved changes, and every unit state change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.approvals.documents import ApprovableDocument, ApprovalStatus
from l2c.core.models import BaseModel

MONEY = {"max_digits": 14, "decimal_places": 2}


class ProjectKind(models.TextChoices):
    REAL_ESTATE = "real_estate", _("楼盘")
    VEHICLE = "vehicle", _("车辆")
    MACHINE = "machine", _("设备")
    GOODS = "goods", _("商品")


class Project(BaseModel):
    """A project / product line a sales office sells: a 楼盘, a car model range, a machine
    line. The sales-control board is drawn per project and building."""

    code = models.CharField(_("编码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=ProjectKind.choices)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("销售部门"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    active = models.BooleanField(_("在售"), default=True)

    class Meta:
        verbose_name = _("项目")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ProductKind(models.TextChoices):
    UNIQUE = "unique", _("唯一单位（房号/车架号/序列号）")
    STOCK = "stock", _("库存商品（按数量）")


class Product(BaseModel):
    """A product (户型, 车型, 机型 or a stock article) with its price list (BR-CAT-02):
    market price, lowest factory price, lowest dealer price."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="products"
    )
    code = models.CharField(_("编码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=10, choices=ProductKind.choices)
    unit_name = models.CharField(_("计量单位"), max_length=10, default="套")
    market_price = models.DecimalField(_("市场价"), **MONEY)
    factory_floor_price = models.DecimalField(_("最低出厂价"), **MONEY)
    dealer_floor_price = models.DecimalField(_("最低经销价"), **MONEY)
    active = models.BooleanField(_("在售"), default=True)

    class Meta:
        verbose_name = _("产品")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(market_price__gte=models.F("dealer_floor_price"))
                & Q(dealer_floor_price__gte=models.F("factory_floor_price"))
                & Q(factory_floor_price__gte=0),
                name="catalog_product_price_tiers",
            )
        ]

    def __str__(self) -> str:
        return self.name


class UnitState(models.TextChoices):
    AVAILABLE = "available", _("可售")
    HELD = "held", _("销控保留")
    RESERVED = "reserved", _("已认购")
    CONTRACTED = "contracted", _("已签约")
    DELIVERED = "delivered", _("已交付")


class Unit(BaseModel):
    """One unique sellable unit (BR-CAT-01): a flat (building-floor-room), a car (VIN), a
    machine (serial). Its state follows BR-CAT-03; a hold past ``held_until`` counts as
    available without any job running."""

    product = models.ForeignKey(
        Product, verbose_name=_("产品"), on_delete=models.PROTECT, related_name="units"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.CharField(_("房号/车架号/序列号"), max_length=40)
    building = models.CharField(_("楼栋"), max_length=20, blank=True)
    floor = models.IntegerField(_("楼层"), null=True, blank=True)
    room = models.CharField(_("房间"), max_length=20, blank=True)
    area = models.DecimalField(
        _("面积（㎡）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    market_price = models.DecimalField(_("市场价"), **MONEY)
    factory_floor_price = models.DecimalField(_("最低出厂价"), **MONEY)
    dealer_floor_price = models.DecimalField(_("最低经销价"), **MONEY)
    state = models.CharField(
        _("销控状态"), max_length=12, choices=UnitState.choices, default=UnitState.AVAILABLE
    )
    state_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    #: who holds / reserved / contracted it (the handling rep), for whom, and until when
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("客户"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    held_until = models.DateTimeField(_("保留至"), null=True, blank=True)

    class Meta:
        verbose_name = _("销售单位")
        ordering = ["project_id", "building", "-floor", "room", "code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="catalog_unit_code_unique"),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in UnitState]), name="catalog_unit_state"
            ),
            models.CheckConstraint(
                condition=~Q(state="held") | Q(held_until__isnull=False),
                name="catalog_unit_hold_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(market_price__gte=models.F("dealer_floor_price"))
                & Q(dealer_floor_price__gte=models.F("factory_floor_price"))
                & Q(factory_floor_price__gte=0),
                name="catalog_unit_price_tiers",
            ),
        ]
        indexes = [models.Index(fields=["project", "building"], name="catalog_unit_board")]

    def __str__(self) -> str:
        return self.code


class UnitEvent(models.Model):
    """Every state change of a unit, with who, when, why and the document behind it."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, choices=UnitState.choices)
    to_state = models.CharField(max_length=12, choices=UnitState.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)
    rule = models.CharField(max_length=20, blank=True)
    document = models.CharField(max_length=60, blank=True)  # e.g. "reservation:12"

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.from_state} → {self.to_state}"


class StockItem(BaseModel):
    """Stock of a quantity product (BR-CAT-01) in one warehouse: on hand and reserved."""

    product = models.ForeignKey(
        Product, verbose_name=_("产品"), on_delete=models.PROTECT, related_name="stock"
    )
    warehouse = models.CharField(_("仓库"), max_length=40)
    quantity = models.IntegerField(_("库存数量"), default=0)
    reserved = models.IntegerField(_("已预留"), default=0)

    class Meta:
        verbose_name = _("库存")
        constraints = [
            models.UniqueConstraint(fields=["product", "warehouse"], name="catalog_stock_unique"),
            models.CheckConstraint(
                condition=Q(reserved__gte=0) & Q(reserved__lte=models.F("quantity")),
                name="catalog_stock_reserved_within_quantity",
            ),
        ]

    @property
    def available(self) -> int:
        return self.quantity - self.reserved


#: a price change request's status is its approval's (BR-APR-06)
RequestStatus = ApprovalStatus


class PriceChangeRequest(ApprovableDocument):
    """A change of the published price list (BR-CAT-04): applied only when approved."""

    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="price_changes"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="price_changes"
    )
    old_market_price = models.DecimalField(_("原市场价"), **MONEY)
    old_factory_floor_price = models.DecimalField(_("原最低出厂价"), **MONEY)
    old_dealer_floor_price = models.DecimalField(_("原最低经销价"), **MONEY)
    market_price = models.DecimalField(_("新市场价"), **MONEY)
    factory_floor_price = models.DecimalField(_("新最低出厂价"), **MONEY)
    dealer_floor_price = models.DecimalField(_("新最低经销价"), **MONEY)
    reason = models.TextField(_("变更理由"))
    applied_at = models.DateTimeField(_("生效时间"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    approval_kind = "price_change"

    class Meta(ApprovableDocument.Meta):
        verbose_name = _("价格变更申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            *ApprovableDocument.Meta.constraints,
            models.CheckConstraint(
                condition=Q(product__isnull=False) ^ Q(unit__isnull=False),
                name="catalog_price_change_one_target",
            ),
        ]
