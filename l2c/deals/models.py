"""Deals (BR-DEAL-01…06): opportunities and their stages, quotes reviewed before sending
and revised on any deviation, the discount request of BR-APR-02 (from a quote or on its
own), and tenders from the notice to the award."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from l2c.approvals.documents import Approvable, ApprovableDocument, ApprovalStatus
from l2c.core.models import OwnedRecord

#: a discount request's status is its approval's (BR-APR-06)
DiscountStatus = ApprovalStatus


class DiscountRequest(ApprovableDocument):
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
    #: what the discount is for: the customer's file, the unit and (when from a quote) the quote
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "catalog.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quote = models.ForeignKey(
        "deals.Quote",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="discount_requests",
    )

    approval_kind = "discount"

    class Meta(ApprovableDocument.Meta):
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


MONEY = {"max_digits": 14, "decimal_places": 2}


class OpportunityStage(models.TextChoices):
    """BR-DEAL-01 (003 L2C)."""

    LEAD = "lead", _("线索")
    QUALIFIED = "qualified", _("已确认")
    NEEDS = "needs", _("需求分析")
    PROPOSAL = "proposal", _("方案/演示")
    NEGOTIATION = "negotiation", _("报价谈判")
    WON = "won", _("赢单")
    LOST = "lost", _("输单")


class Opportunity(OwnedRecord):
    """商机: one customer's chance of a deal, moving through the stages of BR-DEAL-01."""

    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("商机名称"), max_length=100)
    stage = models.CharField(
        _("阶段"), max_length=20, choices=OpportunityStage.choices, default=OpportunityStage.LEAD
    )
    amount = models.DecimalField(_("预计金额"), null=True, blank=True, **MONEY)
    expected_close = models.DateField(_("预计成交日期"), null=True, blank=True)
    unit = models.ForeignKey(
        "catalog.Unit",
        verbose_name=_("意向单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    close_reason = models.CharField(_("赢单/输单原因"), max_length=200, blank=True)
    #: what proves a win (BR-DEAL-01): "reservation:12" or "contract:7"
    won_document = models.CharField(_("成交单据"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("商机")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__in=[s.value for s in OpportunityStage]),
                name="deals_opportunity_stage",
            )
        ]

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    """One row per stage change of an opportunity (the pipeline's history)."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=20, choices=OpportunityStage.choices)
    to_stage = models.CharField(max_length=20, choices=OpportunityStage.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审核中")
    REVIEWED = "reviewed", _("已审核待发出")
    REJECTED = "rejected", _("审核未通过")
    SENT = "sent", _("已发出")
    ACCEPTED = "accepted", _("客户已接受")
    DECLINED = "declined", _("客户未接受")
    SUPERSEDED = "superseded", _("已被新版本替代")


class Quote(Approvable):
    """报价单 (BR-DEAL-03): reviewed by the manager before it is sent; any deviation from a
    sent quote is a new revision that needs the manager again. A price below the rep's
    floor or a discount beyond the rep's authority needs the discount chain (BR-CAT-02,
    BR-APR-02) before the quote can go out."""

    number = models.CharField(_("报价单号"), max_length=40, unique=True)
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("商机"), on_delete=models.PROTECT, related_name="quotes"
    )
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("客户"), on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField(_("版本"), default=1)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    deviation_reason = models.CharField(_("变更原因"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    payment_terms = models.TextField(_("付款条件"), blank=True)
    delivery_terms = models.TextField(_("交付条件"), blank=True)
    tech_input = models.TextField(_("技术意见"), blank=True)
    purchasing_input = models.TextField(_("成本与交期意见"), blank=True)
    list_total = models.DecimalField(_("标价合计"), default=0, **MONEY)
    total = models.DecimalField(_("报价合计"), default=0, **MONEY)
    #: a line is below the quoting rep's floor (BR-CAT-02): an approved discount is needed
    discount_needed = models.BooleanField(_("需优惠审批"), default=False)
    #: the deepest line discount off the list price, in % (what a discount request asks for)
    max_discount_percent = models.DecimalField(
        _("最大单项优惠（%）"), max_digits=5, decimal_places=2, default=0
    )
    sent_at = models.DateTimeField(_("发出时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("客户答复时间"), null=True, blank=True)
    answer_note = models.CharField(_("客户答复说明"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报价人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    #: the manager's review before the quote is sent (BR-DEAL-03)
    approval_kind = "quote"

    class Meta:
        verbose_name = _("报价单")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in QuoteStatus]),
                name="deals_quote_status",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def discount_percent(self) -> Decimal:
        if not self.list_total:
            return Decimal("0.00")
        return ((self.list_total - self.total) * 100 / self.list_total).quantize(Decimal("0.01"))


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "catalog.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("数量"), default=1)
    list_price = models.DecimalField(_("标价"), **MONEY)
    #: the lowest dealer price of the unit/product when quoted (BR-CAT-02)
    dealer_floor_price = models.DecimalField(_("最低经销价"), default=0, **MONEY)
    #: the quoting person's floor: list × (1 − authority %), never below the dealer price
    floor_price = models.DecimalField(_("底价"), **MONEY)
    unit_price = models.DecimalField(_("报价单价"), **MONEY)
    amount = models.DecimalField(_("金额"), **MONEY)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.quote_id}: {self.description or self.product_id} × {self.quantity}"

    @property
    def discount_percent(self) -> Decimal:
        if not self.list_price:
            return Decimal("0.00")
        return ((self.list_price - self.unit_price) * 100 / self.list_price).quantize(
            Decimal("0.01")
        )

    @property
    def below_floor(self) -> bool:
        return self.unit_price < self.floor_price


class TenderStatus(models.TextChoices):
    """BR-DEAL-04 (000 投标流程)."""

    REPORTED = "reported", _("已报告")
    DECIDING = "deciding", _("投标决策中")
    DECLINED = "declined", _("不投标")
    PREPARING = "preparing", _("准备投标")
    SUBMITTED = "submitted", _("已投标")
    OPENED = "opened", _("已开标")
    LOST = "lost", _("未中标")
    PUBLICITY = "publicity", _("中标公示")
    AWARDED = "awarded", _("已发中标通知")
    CONTRACTED = "contracted", _("已签合同")
    LAPSED = "lapsed", _("中标失效")


class Tender(Approvable):
    """投标: from the tender notice to the award and the contract (BR-DEAL-02, 04, 05, 06)."""

    number = models.CharField(_("投标编号"), max_length=40, unique=True)
    title = models.CharField(_("项目名称"), max_length=200)
    customer = models.ForeignKey(
        "customers.Customer", verbose_name=_("招标方"), on_delete=models.PROTECT, related_name="+"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.PROTECT, null=True, blank=True, related_name="tenders"
    )
    notice_ref = models.CharField(_("招标公告编号"), max_length=60, blank=True)
    estimated_price = models.DecimalField(_("项目估算价"), **MONEY)
    opening_at = models.DateTimeField(_("开标时间"))
    status = models.CharField(
        _("状态"), max_length=20, choices=TenderStatus.choices, default=TenderStatus.REPORTED
    )
    documents_ready_at = models.DateTimeField(_("标书完成时间"), null=True, blank=True)
    #: confidential to the bid team (BR-DEAL-04): never serialised for anyone else
    bid_price = models.DecimalField(_("投标报价"), null=True, blank=True, **MONEY)
    price_ready_at = models.DateTimeField(_("报价确定时间"), null=True, blank=True)
    bid_duration_days = models.PositiveIntegerField(_("工期（天）"), null=True, blank=True)
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_end = models.DateField(_("公示结束"), null=True, blank=True)
    award_notice_at = models.DateField(_("中标通知日期"), null=True, blank=True)
    service_fee = models.DecimalField(_("中标服务费"), null=True, blank=True, **MONEY)
    service_fee_invoice = models.CharField(_("服务费发票号"), max_length=40, blank=True)
    contracted_at = models.DateField(_("合同签订日期"), null=True, blank=True)
    result_note = models.TextField(_("结果说明"), blank=True)
    #: the bid bond as finance recorded it (BR-DEAL-05; kept here by finance's bond service)
    bond_paid = models.DecimalField(_("已缴保证金"), default=0, **MONEY)
    bond_refunded = models.DecimalField(_("已退保证金"), default=0, **MONEY)
    #: when the tick recorded that the award lapsed (BR-DEAL-06); the lapse itself is
    #: derived from the award notice date, whether or not the tick ran
    lapsed_at = models.DateTimeField(_("失效记录时间"), null=True, blank=True)
    bid_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("投标小组"), related_name="bid_teams", blank=True
    )

    #: the decision to bid (BR-DEAL-04)
    approval_kind = "bid_decision"

    class Meta:
        verbose_name = _("投标")
        ordering = ["-opening_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in TenderStatus]),
                name="deals_tender_status",
            ),
            models.CheckConstraint(
                condition=models.Q(bond_refunded__lte=models.F("bond_paid")),
                name="deals_tender_bond_refund_within_paid",
            ),
        ]
        indexes = [models.Index(fields=["status", "award_notice_at"], name="deals_tender_award")]

    def __str__(self) -> str:
        return self.title


class TenderStepKind(models.TextChoices):
    """The steps of the tender flow (BR-DEAL-04, 000 投标流程)."""

    REPORTED = "reported", _("报告招标信息")
    DECISION = "decision", _("投标决策")
    DOCUMENTS_BOUGHT = "documents_bought", _("购买标书")
    REGISTERED = "registered", _("报名")
    BOND_PAID = "bond_paid", _("缴纳投标保证金")
    SITE_SURVEY = "site_survey", _("现场踏勘")
    SOLUTION = "solution", _("制作方案")
    REVIEW = "review", _("方案评审")
    DOCUMENTS_READY = "documents_ready", _("投标文件完成")
    PRICE_READY = "price_ready", _("投标报价确定")
    SUBMITTED = "submitted", _("递交投标文件")
    OPENED = "opened", _("开标")
    RESULT = "result", _("投标结果")
    AWARD = "award", _("中标通知书")
    SERVICE_FEE = "service_fee", _("中标服务费及发票")
    CONTRACTED = "contracted", _("签订合同")
    LAPSED = "lapsed", _("中标失效")
    BOND_REFUNDED = "bond_refunded", _("投标保证金退还")
    TEAM = "team", _("投标小组")


class TenderStep(models.Model):
    """One step of the tender flow done (BR-DEAL-04): report, decision, documents bought,
    site survey, solution, review, documents ready, price ready, opening, result …"""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=30, choices=TenderStepKind.choices)
    at = models.DateTimeField()
    #: when it was entered (``at`` may be earlier for a step entered afterwards: 补录)
    recorded_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    #: done after its deadline (documents 2 days, price 1 day before the opening): a violation
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.tender_id}: {self.step}"


class TenderBidder(models.Model):
    """The opening record (开标记录): every bidder's price, duration and scope."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bidders")
    name = models.CharField(_("投标单位"), max_length=100)
    price = models.DecimalField(_("报价"), **MONEY)
    duration_days = models.PositiveIntegerField(_("工期（天）"), null=True, blank=True)
    scope_note = models.CharField(_("范围"), max_length=200, blank=True)
    is_us = models.BooleanField(_("本公司"), default=False)

    class Meta:
        ordering = ["price", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "name"], name="deals_bidder_unique"),
            models.UniqueConstraint(
                fields=["tender"], condition=models.Q(is_us=True), name="deals_bidder_one_us"
            ),
        ]

    def __str__(self) -> str:
        return self.name
