"""REST API of finance: money records (receipts and refunds), the printed receipt, deposit
conversion (BR-FIN-08), refunds (BR-CON-07) and bid bonds paid and refunded (BR-DEAL-05).

Thin: every write is one call to ``l2c.finance.services``; every read goes through
``l2c.finance.selectors`` (scoped: finance sees all money, a rep the receipts of their own
deals). Business-rule errors become ``{code, rule, message}`` JSON
(``l2c.core.api.exception_handler``).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import WRITE_ERRORS, ErrorSerializer, validated
from l2c.core.money import rmb_upper
from l2c.core.paging import CappedLimitOffsetPagination
from l2c.finance import selectors, services
from l2c.finance.models import Direction, Method, MoneyKind, MoneyRecord, ReceiptStatus
from l2c.finance.printing import receipt_pdf
from l2c.finance.services.bonds import bid_bond_pay, bid_bond_refund

TAG = "finance"
MONEY = {"max_digits": 14, "decimal_places": 2}


class MoneyPagination(CappedLimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def _codes(choices) -> str:
    return " / ".join(f"{value} {label}" for value, label in choices)


class CodeField(serializers.CharField):
    """A code from a fixed list, documented as a plain string (the list in the help text)
    so the schema's enum names never collide with other apps' fields of the same name."""

    def __init__(self, choices, **kwargs):
        self.codes = [value for value, _label in choices]
        kwargs.setdefault("help_text", _codes(choices))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value not in self.codes:
            raise serializers.ValidationError(_("无效的选项：%(v)s。") % {"v": value[:20]})
        return value


def _name(user) -> str | None:
    if user is None:
        return None
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.name if person is not None else user.get_username()


class MoneyOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="收据号（BR-CON-05 编号规则）")
    direction = serializers.CharField(help_text=_codes(Direction.choices))
    kind = serializers.CharField(help_text=_codes(MoneyKind.choices))
    kind_label = serializers.CharField(source="get_kind_display")
    amount = serializers.DecimalField(**MONEY, help_text="金额（元），两位小数的字符串")
    amount_upper = serializers.SerializerMethodField(help_text="大写金额，如 人民币伍万元整")
    method = serializers.CharField(help_text=_codes(Method.choices))
    bank_ref = serializers.CharField()
    payer = serializers.CharField(help_text="付款人（退款时为收款人）")
    at = serializers.DateTimeField(help_text="收付时间")
    note = serializers.CharField()
    status = serializers.CharField(help_text=_codes(ReceiptStatus.choices))
    status_label = serializers.CharField(source="get_status_display")
    returned_at = serializers.DateTimeField(allow_null=True, help_text="定金收据交回（转款）时间")
    voided_at = serializers.DateTimeField(allow_null=True)
    void_reason = serializers.CharField()
    customer = serializers.IntegerField(source="customer_id", allow_null=True)
    customer_name = serializers.CharField(source="customer.name", allow_null=True, default=None)
    reservation = serializers.IntegerField(source="reservation_id", allow_null=True)
    reservation_number = serializers.CharField(
        source="reservation.number", allow_null=True, default=None
    )
    contract = serializers.IntegerField(source="contract_id", allow_null=True)
    contract_number = serializers.CharField(source="contract.number", allow_null=True, default=None)
    tender = serializers.IntegerField(
        source="tender_id", allow_null=True, help_text="投标项目（投标保证金及其退还）"
    )
    tender_number = serializers.CharField(source="tender.number", allow_null=True, default=None)
    related_number = serializers.CharField(
        source="related.number", allow_null=True, default=None, help_text="退款对应的原收据号"
    )
    recorded_by_name = serializers.SerializerMethodField(help_text="经手财务")
    owner_name = serializers.SerializerMethodField(help_text="经办销售")
    duplicate = serializers.SerializerMethodField(
        help_text="同一银行流水号已登记过：返回原收据，未新增任何记录（BR-FIN-06）"
    )
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField()

    class Meta:
        ref_name = "MoneyRecord"

    def get_amount_upper(self, obj: MoneyRecord) -> str:
        return rmb_upper(obj.amount)

    def get_recorded_by_name(self, obj: MoneyRecord) -> str | None:
        return _name(obj.recorded_by)

    def get_owner_name(self, obj: MoneyRecord) -> str | None:
        return _name(obj.owner)

    def get_duplicate(self, obj: MoneyRecord) -> bool:
        return bool(getattr(obj, "duplicate", False))


def _answer(request, number: str, *, duplicate: bool = False, code=status.HTTP_200_OK):
    record = selectors.receipt_by_number(viewer=request.user, number=number)
    record.duplicate = duplicate
    return Response(MoneyOutputSerializer(record).data, status=code)


def _created_or_repeat(request, record: MoneyRecord) -> Response:
    """201 with the new record; 200 with the record already there when the bank reference
    is a repeat (BR-FIN-06: the service marks it ``duplicate``, nothing new written)."""
    duplicate = bool(getattr(record, "duplicate", False))
    return _answer(
        request,
        record.number,
        duplicate=duplicate,
        code=status.HTTP_200_OK if duplicate else status.HTTP_201_CREATED,
    )


class MoneyFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MoneyKind.choices, required=False)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    status = serializers.ChoiceField(choices=ReceiptStatus.choices, required=False)
    method = serializers.ChoiceField(choices=Method.choices, required=False)
    date_from = serializers.DateField(required=False, help_text="收付日期起（含）")
    date_to = serializers.DateField(required=False, help_text="收付日期止（含）")
    q = serializers.CharField(
        required=False, max_length=60, help_text="收据号、付款人、流水号、认购书或合同编号"
    )
    reservation_id = serializers.IntegerField(required=False, min_value=1)
    contract_id = serializers.IntegerField(required=False, min_value=1)
    customer_id = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        ref_name = "MoneyFilter"


class MoneyReceiveInputSerializer(serializers.Serializer):
    kind = CodeField([(k.value, k.label) for k in services.RECEIVABLE_KINDS])
    amount = serializers.CharField(
        max_length=20, help_text="金额（元），按四舍五入保留两位小数（BR-FIN-02）"
    )
    payer = serializers.CharField(max_length=100)
    method = CodeField(Method.choices)
    bank_ref = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        default="",
        help_text="银行流水号：同一流水号只入账一次（BR-FIN-06），银行转账必填",
    )
    at = serializers.DateTimeField(required=False, allow_null=True, help_text="收款时间，默认现在")
    reservation_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    contract_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    customer_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "MoneyReceiveInput"


class MoneyListApi(APIView):
    """GET: money records in the viewer's scope (finance: all; a rep: their deals'). POST:
    finance records money received and issues the receipt (BR-FIN-01); the same bank
    reference again answers 200 with the receipt already issued (BR-FIN-06)."""

    pagination_class = MoneyPagination

    @extend_schema(
        tags=[TAG],
        operation_id="finance_money_list",
        parameters=[MoneyFilterSerializer],
        responses={200: MoneyOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(MoneyFilterSerializer, request.query_params)
        qs = selectors.money_list(viewer=request.user, filters=filters)
        qs = qs.select_related("tender")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(MoneyOutputSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="finance_money_receive",
        request=MoneyReceiveInputSerializer,
        responses={
            201: MoneyOutputSerializer,
            200: OpenApiResponse(MoneyOutputSerializer, description="同一流水号已登记：原收据"),
            **WRITE_ERRORS,
        },
    )
    def post(self, request):
        data = validated(MoneyReceiveInputSerializer, request.data)
        record = services.money_receive(actor=request.user, **data)
        return _created_or_repeat(request, record)


class MoneyDetailApi(APIView):
    """One money record by its receipt number (scoped: not found outside the scope)."""

    @extend_schema(
        tags=[TAG],
        operation_id="finance_money_retrieve",
        responses={200: MoneyOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, number: str):
        return _answer(request, number)


class MoneyPdfApi(APIView):
    """The printed receipt (收据) as PDF, with the amount in capitals (BR-FIN-02)."""

    @extend_schema(
        tags=[TAG],
        operation_id="finance_money_pdf",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="收据 PDF"),
            404: ErrorSerializer,
        },
    )
    def get(self, request, number: str):
        record = selectors.receipt_by_number(viewer=request.user, number=number)
        response = HttpResponse(receipt_pdf(record), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{record.number}.pdf"'
        return response


class MoneyVoidApi(APIView):
    """Void a record registered in error (same day, finance only, audited)."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200)

        class Meta:
            ref_name = "MoneyVoidInput"

    @extend_schema(
        tags=[TAG],
        operation_id="finance_money_void",
        request=InputSerializer,
        responses={200: MoneyOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, number: str):
        selectors.receipt_by_number(viewer=request.user, number=number)
        data = validated(self.InputSerializer, request.data)
        record = services.money_void(actor=request.user, number=number, **data)
        return _answer(request, record.number)


class DepositConversionApi(APIView):
    """BR-FIN-08: convert the deposit into the contract price against the receipts the
    customer hands back (小定 and 定金 together: a contract converts once). Answers the
    converted receipts."""

    class InputSerializer(serializers.Serializer):
        contract_id = serializers.IntegerField(min_value=1)
        receipt_number = serializers.CharField(
            max_length=40, required=False, help_text="客户交回的定金收据号"
        )
        receipt_numbers = serializers.ListField(
            child=serializers.CharField(max_length=40),
            required=False,
            max_length=10,
            help_text="交回的多张定金收据号（小定与定金一并交回）",
        )

        class Meta:
            ref_name = "DepositConversionInput"

        def validate(self, attrs):
            numbers = [*attrs.get("receipt_numbers", [])]
            if attrs.get("receipt_number"):
                numbers.insert(0, attrs["receipt_number"])
            if not numbers:
                raise serializers.ValidationError({"receipt_number": _("请填写定金收据号。")})
            return {"contract_id": attrs["contract_id"], "receipt_numbers": numbers}

    @extend_schema(
        tags=[TAG],
        operation_id="finance_deposit_convert",
        request=InputSerializer,
        responses={200: MoneyOutputSerializer(many=True), **WRITE_ERRORS},
    )
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        records = services.deposits_convert(actor=request.user, **data)
        fresh = (
            selectors.money_list(viewer=request.user)
            .select_related("tender")
            .filter(pk__in=[r.pk for r in records])
        )
        return Response(MoneyOutputSerializer(fresh.order_by("id"), many=True).data)


class RefundApi(APIView):
    """Money paid back against a receipt (BR-CON-07; the cancellation decides whether a
    refund is allowed, finance records it)."""

    class InputSerializer(serializers.Serializer):
        related_receipt_number = serializers.CharField(max_length=40, help_text="原收据号")
        amount = serializers.CharField(max_length=20, help_text="退款金额（元）")
        method = CodeField(Method.choices, default=Method.BANK)
        bank_ref = serializers.CharField(
            max_length=60, required=False, allow_blank=True, default=""
        )
        reason = serializers.CharField(max_length=200)
        at = serializers.DateTimeField(required=False, allow_null=True)

        class Meta:
            ref_name = "RefundInput"

    @extend_schema(
        tags=[TAG],
        operation_id="finance_refund_create",
        request=InputSerializer,
        responses={201: MoneyOutputSerializer, 200: MoneyOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        record = services.money_refund(actor=request.user, **data)
        return _created_or_repeat(request, record)


#: a bid bond payment or refund: 201 new, 200 the record of a repeated bank reference
_BID_BOND_RESPONSES = {
    201: MoneyOutputSerializer,
    200: OpenApiResponse(MoneyOutputSerializer, description="同一流水号已登记：原记录"),
    **WRITE_ERRORS,
}


class _BidBondInputSerializer(serializers.Serializer):
    tender_id = serializers.IntegerField(min_value=1, help_text="投标项目")
    amount = serializers.CharField(
        max_length=20, help_text="金额（元），按四舍五入保留两位小数（BR-FIN-02）"
    )
    bank_ref = serializers.CharField(
        max_length=60, help_text="银行流水号：同一流水号只登记一次（BR-FIN-06）"
    )
    at = serializers.DateTimeField(required=False, allow_null=True, help_text="收付时间，默认现在")


class BidBondPayApi(APIView):
    """Finance pays the bid bond of a tender the company decided to bid for (BR-DEAL-05): at
    most ``deals.bid_bond_max_percent`` % of the estimated price, all payments together;
    finance only (BR-FIN-01). The same bank reference again answers 200 with the record
    already there (BR-FIN-06)."""

    class InputSerializer(_BidBondInputSerializer):
        class Meta:
            ref_name = "BidBondPayInput"

    @extend_schema(
        tags=[TAG],
        operation_id="finance_bid_bond_pay",
        request=InputSerializer,
        responses=_BID_BOND_RESPONSES,
    )
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        record = bid_bond_pay(actor=request.user, **data)
        return _created_or_repeat(request, record)


class BidBondRefundApi(APIView):
    """The bid bond comes back (BR-DEAL-05): in full when the bid was lost; when won, less
    the winning service fee, whose invoice must be registered on the tender first. The
    amount must be exactly what comes back. Finance only (BR-FIN-01); the same bank
    reference again answers 200 with the record already there (BR-FIN-06)."""

    class InputSerializer(_BidBondInputSerializer):
        class Meta:
            ref_name = "BidBondRefundInput"

    @extend_schema(
        tags=[TAG],
        operation_id="finance_bid_bond_refund",
        request=InputSerializer,
        responses=_BID_BOND_RESPONSES,
    )
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        record = bid_bond_refund(actor=request.user, **data)
        return _created_or_repeat(request, record)


class DailyTotalSerializer(serializers.Serializer):
    day = serializers.DateField()
    received = serializers.DecimalField(**MONEY, help_text="当日收款合计")
    paid_out = serializers.DecimalField(**MONEY, help_text="当日付款（退款）合计")
    net = serializers.DecimalField(**MONEY)
    count = serializers.IntegerField()

    class Meta:
        ref_name = "MoneyDailyTotal"


class DailyTotalsApi(APIView):
    """Money in and out per day (void records excluded), same scope and filters as the list."""

    @extend_schema(
        tags=[TAG],
        operation_id="finance_daily_totals",
        parameters=[MoneyFilterSerializer],
        responses={200: DailyTotalSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(MoneyFilterSerializer, request.query_params)
        rows = selectors.daily_totals(viewer=request.user, filters=filters)
        return Response(DailyTotalSerializer(rows, many=True).data)
