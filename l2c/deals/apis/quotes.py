"""API of quotes (BR-DEAL-03, BR-CAT-02, BR-APR-02): lines, review before sending, the
discount from a quote below the floor, the customer's answer and revisions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import READ_ERRORS, WRITE_ERRORS, ErrorSerializer, choice, validated
from l2c.deals import selectors, services
from l2c.deals.apis._common import (
    ID,
    MONEY,
    PERCENT,
    TAG,
    CustomerRefSerializer,
    DealsListApi,
    PersonRefField,
)
from l2c.deals.models import DiscountStatus, QuoteStatus

STATUSES = QuoteStatus.values


class QuoteLineOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.IntegerField(source="product_id")
    product_name = serializers.CharField(source="product.name")
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    unit_code = serializers.CharField(source="unit.code", allow_null=True, default=None)
    description = serializers.CharField()
    quantity = serializers.IntegerField()
    list_price = serializers.DecimalField(**MONEY, help_text="标价：单位/产品的市场价")
    floor_price = serializers.DecimalField(
        **MONEY, help_text="报价人的底价：标价 ×（1 − 折扣权限），不低于最低经销价（BR-CAT-02）"
    )
    unit_price = serializers.DecimalField(**MONEY)
    amount = serializers.DecimalField(**MONEY)
    discount_percent = serializers.DecimalField(**PERCENT)
    below_floor = serializers.BooleanField(help_text="低于底价：须有批准的优惠申请")

    class Meta:
        ref_name = "QuoteLine"


class QuoteDiscountSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="优惠申请 id（/api/v1/deals/discounts/{id}/）")
    status = choice(DiscountStatus.values)
    status_label = serializers.CharField(source="get_status_display")
    discount_percent = serializers.DecimalField(**PERCENT)
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "QuoteDiscountRequest"


class QuoteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    revision = serializers.IntegerField()
    previous = serializers.IntegerField(source="previous_id", allow_null=True)
    deviation_reason = serializers.CharField(help_text="修订原因（与已发报价的偏差）")
    opportunity = serializers.IntegerField(source="opportunity_id")
    customer = CustomerRefSerializer()
    status = choice(STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    valid_until = serializers.DateField(allow_null=True)
    payment_terms = serializers.CharField()
    delivery_terms = serializers.CharField()
    tech_input = serializers.CharField()
    purchasing_input = serializers.CharField()
    list_total = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    discount_percent = serializers.DecimalField(**PERCENT, help_text="整单优惠（%）")
    max_discount_percent = serializers.DecimalField(**PERCENT, help_text="最大单项优惠（%）")
    discount_needed = serializers.BooleanField(help_text="有行低于底价（BR-CAT-02）")
    discount_status = serializers.CharField(
        allow_null=True, help_text="最近一次优惠申请的状态（无则为空）"
    )
    review_request = serializers.IntegerField(
        source="approval_request_id",
        allow_null=True,
        help_text="发出前审核的审批申请 id（/api/v1/approvals/requests/{id}/）",
    )
    sent_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    answer_note = serializers.CharField()
    owner = PersonRefField()
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="修改时须带上（BR-SEC-03）")

    class Meta:
        ref_name = "Quote"


class QuoteDetailSerializer(QuoteOutputSerializer):
    lines = QuoteLineOutputSerializer(many=True, source="line_rows")
    discount_requests = QuoteDiscountSerializer(many=True, source="discount_rows")
    discount_covered = serializers.BooleanField(
        help_text="无需优惠审批，或已有批准的优惠申请覆盖最大单项优惠（可发出的条件之一）"
    )

    class Meta:
        ref_name = "QuoteDetail"


def _response(request, quote_id: int, *, code=status.HTTP_200_OK) -> Response:
    quote = selectors.quote_get(viewer=request.user, quote_id=quote_id)
    quote.line_rows = list(selectors.quote_lines(quote))
    quote.discount_rows = list(selectors.quote_discount_requests(quote))
    quote.discount_covered = services.discount_covered(quote)
    return Response(QuoteDetailSerializer(quote).data, status=code)


class QuoteLineInputSerializer(serializers.Serializer):
    product = serializers.IntegerField(required=False, allow_null=True, **ID)
    unit = serializers.IntegerField(
        required=False, allow_null=True, help_text="唯一单位（房号/车架号/序列号）id", **ID
    )
    quantity = serializers.IntegerField(min_value=1, max_value=10**6, default=1)
    unit_price = serializers.DecimalField(**MONEY)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        ref_name = "QuoteLineInput"


class QuoteTermsSerializer(serializers.Serializer):
    valid_until = serializers.DateField(required=False, allow_null=True)
    payment_terms = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    delivery_terms = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    tech_input = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="技术部意见（需要时）"
    )
    purchasing_input = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="采购部成本与交期意见"
    )

    class Meta:
        ref_name = "QuoteTermsInput"


def _lines(data) -> list[dict]:
    return [dict(line) for line in data]


class QuotesApi(DealsListApi):
    """GET: quotes in scope. POST: a draft quote for an opportunity of yours."""

    class FilterSerializer(serializers.Serializer):
        status = choice(STATUSES, required=False)
        opportunity = serializers.IntegerField(required=False, **ID)

        class Meta:
            ref_name = "QuoteFilter"

    class InputSerializer(QuoteTermsSerializer):
        opportunity = serializers.IntegerField(**ID)
        lines = QuoteLineInputSerializer(many=True)

        class Meta:
            ref_name = "QuoteInput"

    @extend_schema(
        tags=[TAG],
        operation_id="deals_quotes_list",
        parameters=[FilterSerializer],
        responses={200: QuoteOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        qs = selectors.quote_list(
            viewer=request.user,
            status=filters.get("status"),
            opportunity_id=filters.get("opportunity"),
        )
        return self.page(request, qs, QuoteOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="deals_quotes_create",
        request=InputSerializer,
        responses={201: QuoteDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = dict(validated(self.InputSerializer, request.data))
        opportunity = data.pop("opportunity")
        lines = _lines(data.pop("lines"))
        quote = services.quote_create(
            actor=request.user, opportunity_id=opportunity, lines=lines, data=data
        )
        return _response(request, quote.pk, code=status.HTTP_201_CREATED)


class QuoteDetailApi(APIView):
    class UpdateSerializer(QuoteTermsSerializer):
        version = serializers.IntegerField(min_value=0, max_value=2**31)
        lines = QuoteLineInputSerializer(many=True, required=False)

        class Meta:
            ref_name = "QuoteUpdateInput"

    @extend_schema(
        tags=[TAG],
        operation_id="deals_quotes_retrieve",
        responses={200: QuoteDetailSerializer, **READ_ERRORS},
    )
    def get(self, request, quote_id: int):
        return _response(request, quote_id)

    @extend_schema(
        tags=[TAG],
        operation_id="deals_quotes_partial_update",
        request=UpdateSerializer,
        responses={200: QuoteDetailSerializer, **WRITE_ERRORS},
    )
    def patch(self, request, quote_id: int):
        selectors.quote_get(viewer=request.user, quote_id=quote_id)
        data = dict(validated(self.UpdateSerializer, request.data))
        version = data.pop("version")
        lines = data.pop("lines", None)
        services.quote_update(
            actor=request.user,
            quote_id=quote_id,
            data=data,
            lines=_lines(lines) if lines is not None else None,
            expected_version=version,
        )
        return _response(request, quote_id)


class _QuoteAction(APIView):
    operation = ""

    def run(self, request, quote_id: int, data) -> int:
        raise NotImplementedError

    def post(self, request, quote_id: int):
        selectors.quote_get(viewer=request.user, quote_id=quote_id)
        serializer_class = getattr(self, "InputSerializer", None)
        data = {}
        if serializer_class is not None:
            data = dict(validated(serializer_class, request.data))
        result_id = self.run(request, quote_id, data)
        return _response(request, result_id)


def _action_schema(operation_id: str, request=None, code: int = 200):
    return extend_schema(
        tags=[TAG],
        operation_id=operation_id,
        request=request,
        responses={code: QuoteDetailSerializer, **WRITE_ERRORS},
    )


class QuoteSubmitApi(_QuoteAction):
    """Submit the quote to the review before sending (approval kind ``quote``)."""

    @_action_schema("deals_quotes_submit")
    def post(self, request, quote_id: int):
        return super().post(request, quote_id)

    def run(self, request, quote_id, data):
        return services.quote_submit(actor=request.user, quote_id=quote_id).pk


class QuoteRequestDiscountApi(_QuoteAction):
    """A quote below the floor asks for the discount: a discount request copying customer,
    unit, list price and the deepest discount, submitted into the discount chain."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

        class Meta:
            ref_name = "QuoteRequestDiscountInput"

    @_action_schema("deals_quotes_request_discount", InputSerializer)
    def post(self, request, quote_id: int):
        return super().post(request, quote_id)

    def run(self, request, quote_id, data):
        services.quote_request_discount(
            actor=request.user, quote_id=quote_id, reason=data.get("reason", "")
        )
        return quote_id


class QuoteSendApi(_QuoteAction):
    """Send: only when reviewed and any discount below the floor is approved."""

    @_action_schema("deals_quotes_send")
    def post(self, request, quote_id: int):
        return super().post(request, quote_id)

    def run(self, request, quote_id, data):
        return services.quote_send(actor=request.user, quote_id=quote_id).pk


class QuoteAcceptApi(_QuoteAction):
    """The customer accepted the sent quote."""

    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(max_length=200, required=False, allow_blank=True)

        class Meta:
            ref_name = "QuoteAcceptInput"

    @_action_schema("deals_quotes_accept", InputSerializer)
    def post(self, request, quote_id: int):
        return super().post(request, quote_id)

    def run(self, request, quote_id, data):
        services.quote_accept(actor=request.user, quote_id=quote_id, note=data.get("note", ""))
        return quote_id


class QuoteDeclineApi(_QuoteAction):
    """The customer declined the sent quote (with the reason)."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200)

        class Meta:
            ref_name = "QuoteDeclineInput"

    @_action_schema("deals_quotes_decline", InputSerializer)
    def post(self, request, quote_id: int):
        return super().post(request, quote_id)

    def run(self, request, quote_id, data):
        services.quote_decline(actor=request.user, quote_id=quote_id, reason=data["reason"])
        return quote_id


class QuoteReviseApi(_QuoteAction):
    """A deviation from a reviewed or sent quote: a new revision (answered with it, 201)
    that needs the review again; the old one is superseded."""

    class InputSerializer(QuoteTermsSerializer):
        reason = serializers.CharField(max_length=200)
        lines = QuoteLineInputSerializer(many=True, required=False)

        class Meta:
            ref_name = "QuoteReviseInput"

    @_action_schema("deals_quotes_revise", InputSerializer, code=201)
    def post(self, request, quote_id: int):
        response = super().post(request, quote_id)
        response.status_code = status.HTTP_201_CREATED
        return response

    def run(self, request, quote_id, data):
        reason = data.pop("reason")
        if "lines" in data:
            data["lines"] = _lines(data["lines"])
        return services.quote_revise(
            actor=request.user, quote_id=quote_id, changes=data, reason=reason
        ).pk
