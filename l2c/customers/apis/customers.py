"""Customers: the list with the scopes of BR-RPT-05, registration with its duplicate check
(BR-CUS-03), one customer (masked per BR-CUS-10) and its update (BR-SEC-03)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import WRITE_ERRORS, ErrorSerializer
from l2c.customers import selectors, services
from l2c.customers.apis._common import (
    TAG,
    CustomerListOutputSerializer,
    CustomerOutputSerializer,
    CustomerPagination,
)
from l2c.customers.display import Shown, already_owned_message, duplicate_message, owner_name
from l2c.customers.models import CardState, Channel, CustomerClass, Stage
from l2c.customers.views._common import register
from l2c.org.fields import PersonIdField


class CustomerFilterSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(
        choices=[(s, s) for s in selectors.SCOPES],
        default="mine",
        help_text="mine 我负责的 / team 本组 / department 本部门 / all 全部（按角色） / pool 公海",
    )
    klass = serializers.ChoiceField(choices=CustomerClass.choices, required=False)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    state = serializers.ChoiceField(choices=CardState.choices, required=False)
    owner = PersonIdField(required=False, help_text="负责人的员工 id")
    search = serializers.CharField(
        required=False, max_length=60, help_text="姓名/单位前缀，或完整手机号（精确匹配）"
    )

    class Meta:
        ref_name = "CustomerFilter"

    def selector_kwargs(self) -> dict:
        data = dict(self.validated_data)
        if "owner" in data:
            data["owner_id"] = data.pop("owner")
        return data


def customer_response(request, customer_id: int, *, status_code=status.HTTP_200_OK) -> Response:
    customer = selectors.customer_get(viewer=request.user, customer_id=customer_id)
    shown = Shown.for_viewer(request.user)
    return Response(
        CustomerOutputSerializer(customer, context={"shown": shown}).data, status=status_code
    )


class CustomerRegisterInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    mobile = serializers.CharField(max_length=30, help_text="中国大陆手机号；查重以此为准")
    company = serializers.CharField(max_length=100, required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=["", "M", "F"], required=False)
    klass = serializers.ChoiceField(choices=CustomerClass.choices, default=CustomerClass.C)
    stage = serializers.CharField(
        default=Stage.PROSPECT, max_length=20, help_text="prospect 准客户 / intent 意向客户"
    )
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WALK_IN)
    birthday = serializers.DateField(required=False, allow_null=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    intent = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)
    owner = PersonIdField(
        required=False, help_text="负责人的员工 id；默认本人（为他人建档须内勤/主管以上）"
    )
    referrer_id = serializers.IntegerField(
        required=False, min_value=1, max_value=2**62, help_text="介绍人（老客户）的客户 id"
    )

    class Meta:
        ref_name = "CustomerRegisterInput"

    def validate_stage(self, value: str) -> str:
        if value not in (Stage.PROSPECT, Stage.INTENT):
            raise serializers.ValidationError(_("新客户的阶段只能是准客户或意向客户。"))
        return value


class CustomerRegistrationOutputSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="是否新建了客户档案")
    duplicate = serializers.BooleanField(help_text="是否为重卡（客户已由他人有效负责）")
    message = serializers.CharField(help_text="重卡时：该客户由谁负责，不含客户资料")
    similar_owners = serializers.ListField(
        child=serializers.CharField(), help_text="同名同单位的其他客户的负责人（可能是同一人）"
    )
    customer = CustomerOutputSerializer(allow_null=True, help_text="重卡时为空")

    class Meta:
        ref_name = "CustomerRegistration"


class CustomersApi(APIView):
    """GET: the customers of a scope (BR-RPT-05), newest first, masked per viewer.
    POST: register a customer (BR-CUS-03, 04): a duplicate card tells who owns the customer,
    never the details."""

    pagination_class = CustomerPagination

    @extend_schema(
        tags=[TAG],
        operation_id="customers_list",
        parameters=[CustomerFilterSerializer],
        responses={200: CustomerListOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = CustomerFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        shown = Shown.for_viewer(request.user)
        qs = selectors.customer_list(
            viewer=request.user, now=shown.now, **filters.selector_kwargs()
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        data = CustomerListOutputSerializer(page, many=True, context={"shown": shown}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        tags=[TAG],
        operation_id="customers_create",
        request=CustomerRegisterInputSerializer,
        responses={
            201: CustomerRegistrationOutputSerializer,
            200: CustomerRegistrationOutputSerializer,
            **WRITE_ERRORS,
        },
        description="201：新建（或原卡已失效、重新建档）；200：重卡，归属不变。",
    )
    def post(self, request):
        data = CustomerRegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        owner_id = values.pop("owner", None)
        channel = values.pop("channel")
        registration = register(actor=request.user, data=values, owner_id=owner_id, channel=channel)
        shown = Shown.for_viewer(request.user)
        similar = [owner_name(c) or "公海" for c in registration.similar]
        if registration.duplicate is not None:
            customer = registration.customer
            body = {
                "created": False,
                "duplicate": True,
                "message": registration.duplicate.note
                or duplicate_message(owner_name(customer), shown.state(customer)),
                "similar_owners": similar,
                "customer": None,
            }
            return Response(CustomerRegistrationOutputSerializer(body).data)
        customer = selectors.customer_get(viewer=request.user, customer_id=registration.customer.pk)
        body = {
            "created": registration.created,
            "duplicate": False,
            "message": already_owned_message(customer) if registration.already_owned else "",
            "similar_owners": similar,
            "customer": customer,
        }
        out = CustomerRegistrationOutputSerializer(body, context={"shown": shown})
        code = status.HTTP_200_OK if registration.already_owned else status.HTTP_201_CREATED
        return Response(out.data, status=code)


class CustomerUpdateInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="读取时的 version（BR-SEC-03）")
    name = serializers.CharField(max_length=60, required=False)
    company = serializers.CharField(max_length=100, required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=["", "M", "F"], required=False)
    birthday = serializers.DateField(required=False, allow_null=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    intent = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    klass = serializers.ChoiceField(choices=CustomerClass.choices, required=False)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    lost_reason = serializers.CharField(max_length=200, required=False, allow_blank=True)
    mobile = serializers.CharField(max_length=30, required=False)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)

    class Meta:
        ref_name = "CustomerUpdateInput"


class CustomerDetailApi(APIView):
    """GET: one customer the viewer may see (in scope, or in the pool), masked unless the
    viewer owns it (BR-CUS-10). PATCH: change its details with the version read."""

    @extend_schema(
        tags=[TAG],
        operation_id="customers_retrieve",
        responses={200: CustomerOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, customer_id: int):
        return customer_response(request, customer_id)

    @extend_schema(
        tags=[TAG],
        operation_id="customers_partial_update",
        request=CustomerUpdateInputSerializer,
        responses={200: CustomerOutputSerializer, **WRITE_ERRORS},
    )
    def patch(self, request, customer_id: int):
        customer = selectors.customer_get(viewer=request.user, customer_id=customer_id)
        data = CustomerUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        services.customer_update(
            actor=request.user, customer_id=customer.pk, data=values, expected_version=version
        )
        return customer_response(request, customer.pk)
