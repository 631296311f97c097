"""Money (BR-FIN-01, 02, 06, 08): every yuan received or paid is recorded here, by finance
only, with a unique receipt number. The receivables part: a contract's payment
plan (milestones, BR-FIN-03), the events its milestones wait for (arrival, acceptance,
warranty expiry) and breach handling of a contract in default (BR-FIN-05)."""

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
    MILESTONE = "milestone", _("合同节点款")


#: money received against a contract's price: a payment, or one against a payment milestone
PRICE_KINDS = (MoneyKind.PAYMENT, MoneyKind.MILESTONE)


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
    #: the payment milestone this money pays (BR-FIN-03; kind ``milestone``)
    milestone = models.ForeignKey(
        "finance.PaymentMilestone",
        verbose_name=_("付款节点"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receipts",
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


# --- receivables (BR-FIN-03, 04, 05) ---------------------------------------------------------


class MilestoneKind(models.TextChoices):
    ADVANCE = "advance", _("预付款")
    ARRIVAL = "arrival", _("到货款")
    ACCEPTANCE = "acceptance", _("验收款")
    RETENTION = "retention", _("质保金")
    OTHER = "other", _("其他")


class DueBy(models.TextChoices):
    """When a milestone falls due: on a date, or a number of days after an event."""

    DATE = "date", _("约定日期")
    ON_SIGNING = "on_signing", _("签约后")
    ON_ARRIVAL = "on_arrival", _("到货后")
    ON_ACCEPTANCE = "on_acceptance", _("验收后")
    AT_WARRANTY_EXPIRY = "at_warranty_expiry", _("质保期满后")


class PaymentMilestone(OwnedRecord):
    """One milestone of a contract's payment plan (付款节点, BR-FIN-03). ``due_on`` is derived
    from dates: the agreed date, or the date of its event plus ``offset_days``; it is empty
    while the event has not happened (not yet due). The services keep it in step when the
    plan is set and when an event is recorded — never a job."""

    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("合同"),
        on_delete=models.PROTECT,
        related_name="payment_milestones",
    )
    sequence = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("节点类型"), max_length=12, choices=MilestoneKind.choices)
    name = models.CharField(_("节点名称"), max_length=40)
    amount = models.DecimalField(_("应收金额"), **MONEY)
    percent = models.DecimalField(
        _("比例（%）"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    due_by = models.CharField(_("到期方式"), max_length=20, choices=DueBy.choices)
    agreed_due_on = models.DateField(_("约定日期"), null=True, blank=True)
    offset_days = models.PositiveSmallIntegerField(_("事件后天数"), default=0)
    due_on = models.DateField(_("到期日"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope = Scope(money=True)

    class Meta:
        verbose_name = _("付款节点")
        ordering = ["contract_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "sequence"], name="finance_milestone_contract_seq"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="finance_milestone_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in MilestoneKind]),
                name="finance_milestone_kind",
            ),
            models.CheckConstraint(
                condition=Q(due_by__in=[d.value for d in DueBy]), name="finance_milestone_due_by"
            ),
            models.CheckConstraint(
                condition=~Q(due_by="date") | Q(agreed_due_on__isnull=False),
                name="finance_milestone_date_has_date",
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="finance_milestone_due_on")]

    def __str__(self) -> str:
        return f"{self.name} ¥{self.amount}"


class ContractSettlement(OwnedRecord):
    """What happened to a contract that its milestones wait for (one per contract): the
    settlement amount (the contract price unless recorded otherwise), the arrival and
    acceptance dates and the warranty (BR-FIN-03: 验收日期、质保期满 recorded)."""

    contract = models.OneToOneField(
        "contracts.Contract",
        verbose_name=_("合同"),
        on_delete=models.PROTECT,
        related_name="settlement",
    )
    settlement_amount = models.DecimalField(_("结算金额"), null=True, blank=True, **MONEY)
    arrival_on = models.DateField(_("到货日期"), null=True, blank=True)
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    warranty_months = models.PositiveSmallIntegerField(_("质保期（月）"), null=True, blank=True)
    warranty_expires_on = models.DateField(_("质保期满日"), null=True, blank=True)

    scope = Scope(money=True)

    class Meta:
        verbose_name = _("合同结算")

    def __str__(self) -> str:
        return str(self.contract_id)


class BreachCase(OwnedRecord):
    """违约处理 (BR-FIN-05): opened when a contract is in default (a milestone more than the
    policy's days overdue); the steps taken (``[{"on", "by", "text"}]``) and the outcome."""

    contract = models.ForeignKey(
        "contracts.Contract",
        verbose_name=_("合同"),
        on_delete=models.PROTECT,
        related_name="breach_cases",
    )
    opened_at = models.DateTimeField(_("立案时间"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    overdue_days = models.PositiveIntegerField(_("立案时最长逾期天数"))
    overdue_amount = models.DecimalField(_("立案时逾期金额"), **MONEY)
    steps = models.JSONField(_("处理经过"), default=list, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)

    scope = Scope(money=True)

    class Meta:
        verbose_name = _("违约处理")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(closed_at__isnull=True),
                name="finance_breach_one_open_per_contract",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.opened_at:%Y-%m-%d}"
