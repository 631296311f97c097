"""REST API of the discount request (BR-APR-02) and its approval; a request made from a
quote shows the customer, the unit and the quote it is for.

Thin: every write is one call to ``l2c.deals.services``; every read goes through
``l2c.deals.selectors`` (scoped, BR-ORG-02) and, for the approval request of a discount,
``l2c.approvals.selectors``. Business-rule errors become ``{code, rule, message}`` JSON
through ``l2c.core.api.exception_handler``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.approvals import selectors as approval_selectors
from l2c.core.api import WRITE_ERRORS, ChangesInput, ErrorSerializer, validated
from l2c.deals import selectors, services
from l2c.deals.models import DiscountRequest, DiscountStatus

TAG = "deals"
#: the approval kind of a discount request (registered in ``DealsConfig.ready``)
APPROVAL_KIND = "discount"

MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}


class DealsPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def _with_approval_request(qs: QuerySet[DiscountRequest]) -> QuerySet[DiscountRequest]:
    return approval_selectors.with_approval_request_id(qs, APPROVAL_KIND)


class DiscountOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer_name = serializers.CharField()
    unit_label = serializers.CharField()
    list_price = serializers.DecimalField(**MONEY, help_text="标价（元），两位小数的字符串")
    discount_percent = serializers.DecimalField(**PERCENT, help_text="优惠（%）")
    discount_amount = serializers.DecimalField(**MONEY, help_text="优惠金额（元）")
    final_price = serializers.DecimalField(**MONEY, help_text="优惠后价格（元）")
    reason = serializers.CharField()
    owner = serializers.SerializerMethodField(help_text="申请人的员工 id")
    owner_name = serializers.SerializerMethodField()
    department = serializers.IntegerField(source="department_id")
    department_name = serializers.CharField(source="department.name")
    team = serializers.IntegerField(source="team_id", allow_null=True)
    team_name = serializers.CharField(source="team.name", allow_null=True)
    status = serializers.CharField(help_text=" / ".join(DiscountStatus.values))
    status_label = serializers.CharField(source="get_status_display")
    approval_request = serializers.IntegerField(
        source="approval_request_id",
        allow_null=True,
        help_text="审批申请 id（/api/v1/approvals/requests/{id}/），未提交时为空",
    )
    customer = serializers.IntegerField(
        source="customer_id", allow_null=True, help_text="客户 id（由报价单生成时）"
    )
    unit = serializers.IntegerField(
        source="unit_id", allow_null=True, help_text="房号/单位 id（由报价单生成时）"
    )
    unit_code = serializers.CharField(source="unit.code", allow_null=True, default=None)
    quote = serializers.IntegerField(
        source="quote_id", allow_null=True, help_text="报价单 id（/api/v1/deals/quotes/{id}/）"
    )
    quote_number = serializers.CharField(source="quote.number", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="修改时须带上（BR-SEC-03）")

    class Meta:
        ref_name = "DiscountRequest"

    def _person(self, obj):
        return getattr(obj.owner, "person", None) if hasattr(obj.owner, "person") else None

    def get_owner(self, obj) -> int | None:
        person = self._person(obj)
        return person.pk if person is not None else None

    def get_owner_name(self, obj) -> str:
        person = self._person(obj)
        return person.name if person is not None else obj.owner.get_username()


def _discount_response(request, discount_id: int, *, status_code=status.HTTP_200_OK) -> Response:
    """Answer with the discount as stored now, with its approval request."""
    discount = selectors.discount_request_get(viewer=request.user, discount_id=discount_id)
    approval = approval_selectors.approval_for_object(discount, kind=APPROVAL_KIND)
    discount.approval_request_id = approval.pk if approval is not None else None
    return Response(DiscountOutputSerializer(discount).data, status=status_code)


class DiscountInputSerializer(serializers.Serializer):
    customer_name = serializers.CharField(max_length=60)
    unit_label = serializers.CharField(max_length=60, help_text="房号或产品")
    list_price = serializers.DecimalField(**MONEY, help_text="标价（元）")
    discount_percent = serializers.DecimalField(
        **PERCENT, help_text="优惠（%），超出本人权限须审批（BR-APR-02）"
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "DiscountRequestInput"


class DiscountsApi(APIView):
    """GET: the discount requests in the viewer's scope (BR-ORG-02). POST: a new one (a
    draft; submit it with ``…/submit/``)."""

    pagination_class = DealsPagination

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=DiscountStatus.choices, required=False)

        class Meta:
            ref_name = "DiscountRequestFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="discounts_list",
        parameters=[FilterSerializer],
        responses={200: DiscountOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = selectors.discount_request_list(viewer=request.user, **filters.validated_data)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(_with_approval_request(qs), request, view=self)
        return paginator.get_paginated_response(DiscountOutputSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="discounts_create",
        request=DiscountInputSerializer,
        responses={201: DiscountOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        serializer = DiscountInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        discount = services.discount_request_create(
            actor=request.user, data=dict(serializer.validated_data)
        )
        return _discount_response(request, discount.pk, status_code=status.HTTP_201_CREATED)


class DiscountDetailApi(APIView):
    """GET one discount request; PATCH it with the version read (BR-SEC-03) — only the
    requester, and never while it is in approval (BR-APR-06)."""

    class UpdateInputSerializer(ChangesInput):
        version = serializers.IntegerField(
            min_value=0,
            max_value=2**31,
            help_text="读取时的版本号；若他人已修改则返回 409 stale_version（BR-SEC-03）",
        )
        customer_name = serializers.CharField(max_length=60, required=False)
        unit_label = serializers.CharField(max_length=60, required=False)
        list_price = serializers.DecimalField(**MONEY, required=False)
        discount_percent = serializers.DecimalField(**PERCENT, required=False)
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

        class Meta:
            ref_name = "DiscountRequestUpdateInput"

    @extend_schema(
        tags=[TAG],
        operation_id="discounts_retrieve",
        responses={200: DiscountOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, discount_id: int):
        return _discount_response(request, discount_id)

    @extend_schema(
        tags=[TAG],
        operation_id="discounts_partial_update",
        request=UpdateInputSerializer,
        responses={200: DiscountOutputSerializer, **WRITE_ERRORS},
    )
    def patch(self, request, discount_id: int):
        discount = selectors.discount_request_get(viewer=request.user, discount_id=discount_id)
        changes = dict(validated(self.UpdateInputSerializer, request.data))
        version = changes.pop("version")
        # The service takes the whole form: what was not sent stays as it is.
        data = {
            "customer_name": discount.customer_name,
            "unit_label": discount.unit_label,
            "list_price": discount.list_price,
            "discount_percent": discount.discount_percent,
            "reason": discount.reason,
            **changes,
        }
        services.discount_request_update(
            actor=request.user, discount=discount, data=data, expected_version=version
        )
        return _discount_response(request, discount.pk)


class DiscountSubmitApi(APIView):
    """Send the discount into the discount chain (BR-APR-02); within the requester's own
    authority it is approved at once."""

    @extend_schema(
        tags=[TAG],
        operation_id="discounts_submit",
        request=None,
        responses={200: DiscountOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, discount_id: int):
        discount = selectors.discount_request_get(viewer=request.user, discount_id=discount_id)
        services.discount_request_submit(actor=request.user, discount=discount)
        return _discount_response(request, discount.pk)
