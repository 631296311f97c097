"""Money (BR-FIN-01, 02, 06, 08): every yuan received or paid is recorded here, by finance
only, with a unique receipt number. The receivables part (milestones, ageing, dunning)
arrives with the finance issue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from l2c.core.models import OwnedRecord
from l2c.core.scope import Scope

MONEY = {"max_digits": 14, "decimal_places": 2}


class MoneyKind(models.TextChoices):
    SMALL_DEPOSIT = "small_deposit", _("小定")
    DEPOSIT = "deposit", _("定金")
    PAYMENT = "payment", _("房款/货款")
    NAME_CHANGE_FEE = "name_change_fee", _("换名手续费")
    REFUND = "refund", _("退款")
    BID_BOND = "bid_bond", _("投标保证金")
    BID_BOND_REFUND = "bid_bond_refund", _("投标保证金退还")


class Direction(models.TextChoices):
    IN = "in", _("收款")
    OUT = "out", _("付款")


class Method(models.TextChoices):
    BANK = "bank", _("银行转账")
    POS = "pos", _("刷卡")
    CASH = "cash", _("现金")
    WECHAT = "wechat", _("微信")
    ALIPAY = "alipay", _("支付宝")
    CHEQUE = "cheque", _("支票")


class ReceiptStatus(models.TextChoices):
    VALID = "valid", _("有效")
    RETURNED = "returned", _("收据已收回（已转款）")
    REFUNDED = "refunded", _("已退款")
    VOID = "void", _("作废")


class MoneyRecord(OwnedRecord):
    """One receipt or payment (收据/付款记录) recorded by finance (BR-FIN-01). ``number`` is
    the receipt number (BR-CON-05 numbering); ``bank_ref`` is unique when given, so the
    same bank payment never counts twice (BR-FIN-06)."""

    number = models.CharField(_("收据号"), max_length=40, unique=True)
    direction = models.CharField(_("收/付"), max_length=3, choices=Direction.choices)
    kind = models.CharField(_("款项"), max_length=20, choices=MoneyKind.choices)
    amount = models.DecimalField(_("金额"), **MONEY)
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices, default=Method.BANK)
    bank_ref = models.CharField(_("银行流水号"), max_length=60, blank=True)
    payer = models.CharField(_("付款人/收款人"), max_length=100)
    at = models.DateTimeField(_("收付时间"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ReceiptStatus.choices, default=ReceiptStatus.VALID
    )
    returned_at = models.DateTimeField(_("收据收回时间"), null=True, blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    void_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    #: a void record gives its bank reference up (so the corrected entry can use it) and
    #: keeps it here for the record
    voided_bank_ref = models.CharField(_("原银行流水号"), max_length=60, blank=True)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reservation = models.ForeignKey(
        "contracts.Reservation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="money",
    )
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, null=True, blank=True, related_name="money"
    )
    tender = models.ForeignKey(
        "deals.Tender", on_delete=models.PROTECT, null=True, blank=True, related_name="money"
    )
    #: the money record this one refunds or converts (a refund points at the deposit)
    related = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="followers"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经手财务"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: the sales rep the money belongs to (scope: a rep sees the receipts of their deals)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope = Scope(money=True)

    class Meta:
        verbose_name = _("收付款记录")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank_ref"], condition=~Q(bank_ref=""), name="finance_money_bank_ref_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_money_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ReceiptStatus]),
                name="finance_money_status",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=[d.value for d in Direction]),
                name="finance_money_direction",
            ),
        ]
        indexes = [models.Index(fields=["at"], name="finance_money_at")]

    def __str__(self) -> str:
        return self.number
