"""Price-change requests (BR-CAT-04): a published price changes only through one, approved
in the ``price_change`` chain (manager → GM); approved, the new prices apply at once."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.catalog import selectors, services
from l2c.catalog.apis._common import MONEY, TAG, CatalogPagination
from l2c.catalog.models import RequestStatus
from l2c.core.api import WRITE_ERRORS, ErrorSerializer, paginated, validated

KIND = "price_change"


class PriceChangeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product = serializers.IntegerField(source="product_id", allow_null=True)
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    target = serializers.SerializerMethodField(help_text="产品名称或房号")
    old_market_price = serializers.DecimalField(**MONEY)
    old_dealer_floor_price = serializers.DecimalField(**MONEY)
    old_factory_floor_price = serializers.DecimalField(**MONEY)
    market_price = serializers.DecimalField(**MONEY)
    dealer_floor_price = serializers.DecimalField(**MONEY)
    factory_floor_price = serializers.DecimalField(**MONEY)
    reason = serializers.CharField()
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    applied_at = serializers.DateTimeField(allow_null=True, help_text="审批通过、价格生效的时间")
    owner_name = serializers.SerializerMethodField()
    approval_request = serializers.IntegerField(
        source="approval_request_id", allow_null=True, help_text="审批申请 id，未提交时为空"
    )
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField()

    class Meta:
        ref_name = "CatalogPriceChange"

    def get_target(self, obj) -> str:
        return str(obj.unit or obj.product)

    def get_owner_name(self, obj) -> str:
        person = getattr(obj.owner, "person", None) if hasattr(obj.owner, "person") else None
        return person.name if person is not None else obj.owner.get_username()


def _response(request, change_id: int, *, code=status.HTTP_200_OK) -> Response:
    pc = selectors.price_change_get(viewer=request.user, change_id=change_id)
    return Response(PriceChangeOutputSerializer(pc).data, status=code)


class PriceChangesApi(APIView):
    """GET the price-change requests in the viewer's scope; POST a new one (a draft, or
    submitted at once with ``submit: true``)."""

    pagination_class = CatalogPagination

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=RequestStatus.choices, required=False)

        class Meta:
            ref_name = "CatalogPriceChangeFilter"

    class InputSerializer(serializers.Serializer):
        product = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=2**62, help_text="产品 id"
        )
        unit = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=2**62, help_text="单位 id"
        )
        market_price = serializers.DecimalField(**MONEY)
        dealer_floor_price = serializers.DecimalField(**MONEY)
        factory_floor_price = serializers.DecimalField(**MONEY)
        reason = serializers.CharField(max_length=2000)
        submit = serializers.BooleanField(required=False, default=False)

        class Meta:
            ref_name = "CatalogPriceChangeInput"

        def validate(self, attrs):
            if (attrs.get("product") is None) == (attrs.get("unit") is None):
                raise serializers.ValidationError(_("请指定产品或单位（二选一）。"))
            return attrs

    @extend_schema(
        tags=[TAG],
        operation_id="catalog_price_changes_list",
        parameters=[FilterSerializer],
        responses={200: PriceChangeOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        qs = selectors.price_change_list(viewer=request.user, filters=filters)
        return paginated(self, request, qs, PriceChangeOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="catalog_price_changes_create",
        request=InputSerializer,
        responses={201: PriceChangeOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        v = dict(validated(self.InputSerializer, request.data))
        pc = services.price_change_create(
            actor=request.user,
            product_id=v.pop("product", None),
            unit_id=v.pop("unit", None),
            submit=v.pop("submit", False),
            data=v,
        )
        return _response(request, pc.pk, code=status.HTTP_201_CREATED)


class PriceChangeDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="catalog_price_changes_retrieve",
        responses={200: PriceChangeOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, change_id: int):
        return _response(request, change_id)


class PriceChangeSubmitApi(APIView):
    """Send the request into the ``price_change`` chain (manager → GM by default)."""

    @extend_schema(
        tags=[TAG],
        operation_id="catalog_price_changes_submit",
        request=None,
        responses={200: PriceChangeOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, change_id: int):
        pc = selectors.price_change_get(viewer=request.user, change_id=change_id)
        services.price_change_submit(actor=request.user, change=pc)
        return _response(request, change_id)
