"""Reservations (预定书/认购书) and contracts (BR-CON-01…07)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.approvals.documents import Approvable, ApprovableDocument
from l2c.core.models import OwnedRecord
from l2c.core.scope import Scope

MONEY = {"max_digits": 14, "decimal_places": 2}
#: a sales document's owner is the rep who handles it; finance sees every one (BR-ORG-02)
MONEY_SCOPE = Scope(money=True)


def _handled_by():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )


class ReservationKind(models.TextChoices):
    SMALL_DEPOSIT = "small_deposit", _("小定")
    DEPOSIT = "deposit", _("定金")


class ReservationStatus(models.TextChoices):
    SIGNED = "signed", _("已签署待交款")
    PAID = "paid", _("已交款")
    CONTRACTED = "contracted", _("已转签约")
    SUPERSEDED = "superseded", _("已变更（新版本）")
    CANCELLED = "cancelled", _("已退订")


class Reservation(OwnedRecord):
    """预定书/认购书 (BR-CON-01/02). Signed on creation; never altered after — a change is a
    new version (``previous`` → this) with a reason. Four copies: customer, finance, sales ×2."""

    number = models.CharField(_("认购书编号"), max_length=40)
    version_no = models.PositiveIntegerField(_("版本"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version"
    )
    change_reason = models.CharField(_("变更原因"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=ReservationKind.choices)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "catalog.Unit", verbose_name=_("房号/单位"), on_delete=models.PROTECT, related_name="+"
    )
    quote = models.ForeignKey(
        "deals.Quote", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discount = models.ForeignKey(
        "deals.DiscountRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    list_price = models.DecimalField(_("标价"), **MONEY)
    agreed_price = models.DecimalField(_("成交价"), **MONEY)
    deposit_amount = models.DecimalField(_("定金金额"), **MONEY)
    deposit_due = models.DateField(_("交款期限"), null=True, blank=True)
    sign_by = models.DateField(_("签约期限"), null=True, blank=True)
    terms = models.TextField(_("约定条款"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ReservationStatus.choices,
        default=ReservationStatus.SIGNED,
    )
    signed_at = models.DateTimeField(_("签署时间"))
    #: what finance has recorded against the deposit so far (BR-FIN-01, via
    #: ``reservation_mark_paid``); the reservation is ``paid`` when it reaches the deposit
    paid_amount = models.DecimalField(_("已交定金"), default=0, **MONEY)
    paid_at = models.DateTimeField(_("交清定金时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("退订时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("退订原因"), max_length=200, blank=True)
    #: the retention attempt (挽留) recorded before a cancellation (BR-CON-07)
    retention_note = models.CharField(_("挽留记录"), max_length=500, blank=True)
    owner = _handled_by()

    scope = MONEY_SCOPE

    class Meta:
        verbose_name = _("认购书")
        ordering = ["-signed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "version_no"], name="contracts_reservation_number_version"
            ),
            models.CheckConstraint(
                condition=Q(deposit_amount__gt=0) & Q(agreed_price__gt=0),
                name="contracts_reservation_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0) & Q(paid_amount__lte=models.F("deposit_amount")),
                name="contracts_reservation_paid_within_deposit",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ReservationStatus]),
                name="contracts_reservation_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} v{self.version_no}"


class ContractClass(models.TextChoices):
    STANDARD = "standard", _("标准合同")
    SPECIAL = "special", _("特殊合同")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("特殊合同评审中")
    REVIEW_REJECTED = "review_rejected", _("评审未通过")
    READY = "ready", _("待签约")
    SIGNED = "signed", _("已签约")
    CANCELLED = "cancelled", _("已解除")


class Contract(Approvable):
    """销售合同 (BR-CON-03…07): from a reservation or an accepted quote; standard or special
    from its deviations; numbered when signed (BR-CON-05); confidential (BR-CON-06)."""

    number = models.CharField(_("合同编号"), max_length=40, blank=True)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="+"
    )
    buyer_name = models.CharField(_("买受人"), max_length=100)
    reservation = models.ForeignKey(
        Reservation, on_delete=models.PROTECT, null=True, blank=True, related_name="contracts"
    )
    quote = models.ForeignKey(
        "deals.Quote", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tender = models.ForeignKey(
        "deals.Tender", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "catalog.Unit",
        verbose_name=_("房号/单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    list_price = models.DecimalField(_("标价"), **MONEY)
    price = models.DecimalField(_("合同价"), **MONEY)
    #: the payment schedule: [{"name": "首付款", "percent": "30", "due": "2026-12-01"}, …]
    payment_terms = models.JSONField(_("付款安排"), default=list, blank=True)
    standard_payment_terms = models.BooleanField(_("付款日期为公布标准"), default=True)
    clause_changes = models.TextField(_("修改或增加的条款"), blank=True)
    classification = models.CharField(
        _("合同类别"), max_length=10, choices=ContractClass.choices, default=ContractClass.STANDARD
    )
    #: why it is special: ["discount", "payment_extension", "clause_change"]
    special_reasons = models.JSONField(_("特殊原因"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    signed_at = models.DateTimeField(_("签约时间"), null=True, blank=True)
    deposit_converted = models.DecimalField(_("定金转房款"), default=0, **MONEY)
    deposit_converted_at = models.DateTimeField(_("定金转款时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("原件归档时间"), null=True, blank=True)
    archive_location = models.CharField(_("归档位置"), max_length=100, blank=True)
    cancelled_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    owner = _handled_by()

    scope = MONEY_SCOPE
    #: the special contract's review (BR-CON-03)
    approval_kind = "special_contract"

    class Meta:
        verbose_name = _("合同")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="contracts_contract_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ContractStatus]),
                name="contracts_contract_status",
            ),
            models.CheckConstraint(
                condition=~Q(status="signed") | (~Q(number="") & Q(signed_at__isnull=False)),
                name="contracts_contract_signed_has_number",
            ),
        ]
        indexes = [
            # the originals still to archive (BR-CON-05), oldest month first
            models.Index(
                fields=["signed_at"],
                name="contracts_unarchived",
                condition=Q(archived_at__isnull=True, signed_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


class ContractReview(models.Model):
    """The supervisor's review checklist (BR-CON-04), one per contract."""

    contract = models.OneToOneField(Contract, on_delete=models.CASCADE, related_name="review")
    clauses_and_figures = models.BooleanField(_("条款与数字逐项核对"), default=False)
    signatures_and_seals = models.BooleanField(_("签字与盖章齐全"), default=False)
    attachments = models.BooleanField(_("附件/图纸齐全"), default=False)
    special_review_record = models.BooleanField(_("特殊合同评审记录在案"), default=False)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.reviewed_at:%Y-%m-%d}"


class AccessKind(models.TextChoices):
    VIEW = "view", _("查阅")
    BORROW = "borrow", _("借阅原件")
    RETURN = "return", _("归还原件")
    PRINT = "print", _("打印")


class ContractAccessRequest(ApprovableDocument):
    """An outsider's request to view or borrow a contract (BR-CON-06), approved by the
    supervisor through the ``contract_access`` chain; valid for one day once approved."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="access_requests")
    kind = models.CharField(max_length=10, choices=AccessKind.choices, default=AccessKind.VIEW)
    reason = models.CharField(_("理由"), max_length=200)
    valid_until = models.DateTimeField(null=True, blank=True)

    approval_kind = "contract_access"

    class Meta(ApprovableDocument.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.contract_id}/{self.kind}/{self.owner_id}"


class ContractAccessLog(models.Model):
    """Every view, print, borrowing and return of a contract (BR-CON-06). Append-only."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="access_log")
    kind = models.CharField(max_length=10, choices=AccessKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    via = models.CharField(max_length=40, blank=True)  # "role:manager", "owner", "approval:12"
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.contract_id}/{self.kind}/{self.user_id}@{self.at:%Y-%m-%d %H:%M}"


class ChangeKind(models.TextChoices):
    UNIT_EXCHANGE = "unit_exchange", _("换房")
    NAME_CHANGE = "name_change", _("换名")
    CANCELLATION = "cancellation", _("退订/解除")


class ContractChange(ApprovableDocument):
    """A change after signing (BR-CON-07), through the ``contract_change`` chain."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    reservation = models.ForeignKey(
        Reservation, on_delete=models.PROTECT, null=True, blank=True, related_name="changes"
    )
    kind = models.CharField(_("变更类型"), max_length=20, choices=ChangeKind.choices)
    reason = models.CharField(_("原因"), max_length=200)
    new_unit = models.ForeignKey(
        "catalog.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    new_buyer_name = models.CharField(_("新买受人"), max_length=100, blank=True)
    fee = models.DecimalField(_("手续费"), default=0, **MONEY)
    refund_amount = models.DecimalField(_("退款金额"), default=0, **MONEY)
    retention_note = models.CharField(_("挽留记录"), max_length=500, blank=True)
    #: what the change did, for finance and the record: the unit given back, the price
    #: difference of an exchange (new − old), the buyer's name before a name change
    old_unit = models.ForeignKey(
        "catalog.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    price_difference = models.DecimalField(_("差价"), default=0, **MONEY)
    old_buyer_name = models.CharField(_("原买受人"), max_length=100, blank=True)
    #: the transfer fee as finance received it (BR-CON-07, BR-FIN-01): its receipt and when
    fee_receipt = models.CharField(_("过户费收据号"), max_length=40, blank=True)
    fee_paid_at = models.DateTimeField(_("过户费收取时间"), null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    approval_kind = "contract_change"

    class Meta(ApprovableDocument.Meta):
        ordering = ["-created_at", "-id"]
        constraints = [
            *ApprovableDocument.Meta.constraints,
            models.CheckConstraint(
                condition=Q(contract__isnull=False) | Q(reservation__isnull=False),
                name="contracts_change_has_document",
            ),
        ]

    def __str__(self) -> str:
        doc = self.contract or self.reservation
        return f"{doc} · {self.get_kind_display()}"
