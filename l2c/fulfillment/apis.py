"""REST API of fulfillment (BR-FUL-01…03), under /api/v1/fulfillment/: orders, the
notice's acknowledgements, demand requests, outbound orders, shipping and the customer's
confirmation. Thin: validated input, a service, the order as it now is."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import READ_ERRORS, WRITE_ERRORS, Choice, ObjectActionApi, PagedListApi, validated
from l2c.fulfillment import selectors, services
from l2c.fulfillment.models import NoticeDepartment
from l2c.fulfillment.policies import MAX_QUANTITY

TAG = "fulfillment"
MONEY = {"max_digits": 14, "decimal_places": 2}
ID = {"min_value": 1, "max_value": 2**62}


class FulfillmentPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class OrderLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    product_name = serializers.CharField(source="product.name")
    unit_id = serializers.IntegerField(allow_null=True)
    unit_code = serializers.CharField(source="unit.code", default=None, allow_null=True)
    quantity = serializers.IntegerField()
    price = serializers.DecimalField(**MONEY)

    class Meta:
        ref_name = "FulfillmentOrderLine"


class AcknowledgementSerializer(serializers.Serializer):
    department = serializers.CharField()
    department_label = serializers.CharField(source="get_department_display")
    acknowledged_by = serializers.CharField(
        source="acknowledged_by.person.name", default=None, allow_null=True
    )
    acknowledged_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "FulfillmentAcknowledgement"


class QuantityLineSerializer(serializers.Serializer):
    line_id = serializers.IntegerField(source="order_line_id")
    quantity = serializers.IntegerField()

    class Meta:
        ref_name = "FulfillmentQuantityLine"


class DemandRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    note = serializers.CharField()
    requested_by = serializers.CharField(source="owner.person.name", default="")
    created_at = serializers.DateTimeField()
    lines = QuantityLineSerializer(many=True)

    class Meta:
        ref_name = "FulfillmentDemandRequest"


class ConfirmationSerializer(serializers.Serializer):
    signed_by = serializers.CharField()
    signed_at = serializers.DateTimeField()
    filed_at = serializers.DateTimeField()

    class Meta:
        ref_name = "FulfillmentConfirmation"


class OutboundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    demand_request_id = serializers.IntegerField()
    status = serializers.CharField()
    issued_at = serializers.DateTimeField()
    warehouse = serializers.CharField()
    shipped_at = serializers.DateTimeField(allow_null=True)
    lines = QuantityLineSerializer(many=True)
    confirmation = ConfirmationSerializer(allow_null=True, default=None)

    class Meta:
        ref_name = "FulfillmentOutbound"


class OrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.CharField()
    customer_id = serializers.IntegerField()
    customer_name = serializers.CharField(source="customer.name")
    contract_id = serializers.IntegerField(allow_null=True)
    reservation_id = serializers.IntegerField(allow_null=True)
    owner_name = serializers.CharField(source="owner.person.name", default="")
    ordered_at = serializers.DateTimeField()
    ship_by = serializers.DateField(help_text="发货期限：签约后 N 个工作日（或合同约定）")
    ship_by_agreed = serializers.BooleanField()
    shipped_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "FulfillmentOrder"


class OrderDetailSerializer(OrderSerializer):
    lines = OrderLineSerializer(many=True)
    acknowledgements = AcknowledgementSerializer(
        source="notice.acknowledgements.all", many=True, default=list
    )
    demand_requests = DemandRequestSerializer(many=True)
    outbounds = OutboundSerializer(many=True)

    class Meta:
        ref_name = "FulfillmentOrderDetail"


def _order_response(request, order_id: int, code: int = 200) -> Response:
    order = selectors.order_get(viewer=request.user, order_id=order_id)
    return Response(OrderDetailSerializer(order).data, status=code)


class StockLineInput(serializers.Serializer):
    product_id = serializers.IntegerField(**ID)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    price = serializers.DecimalField(min_value=0, required=False, **MONEY)

    class Meta:
        ref_name = "FulfillmentStockLineInput"


class OrdersApi(PagedListApi):
    """GET: the orders the viewer works (``due``: today / overdue / open / shipped).
    POST: the order of a signed contract or a reservation, with its production/delivery
    notice (BR-FUL-01) and its ship-by date (BR-FUL-03)."""

    pagination_class = FulfillmentPagination

    class FilterSerializer(serializers.Serializer):
        due = Choice(["today", "overdue", "open", "shipped"], required=False, allow_blank=True)
        search = serializers.CharField(required=False, allow_blank=True, max_length=60)

        class Meta:
            ref_name = "FulfillmentOrderFilter"

    class InputSerializer(serializers.Serializer):
        contract_id = serializers.IntegerField(required=False, allow_null=True, **ID)
        reservation_id = serializers.IntegerField(required=False, allow_null=True, **ID)
        lines = StockLineInput(many=True, required=False, help_text="按数量销售的库存产品")
        ship_by = serializers.DateField(
            required=False, allow_null=True, help_text="合同约定的发货日期（不填按工作日计算）"
        )

        class Meta:
            ref_name = "FulfillmentOrderInput"

    @extend_schema(
        tags=[TAG],
        operation_id="fulfillment_orders_list",
        parameters=[FilterSerializer],
        responses={200: OrderSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        return self.page(
            request, selectors.order_list(viewer=request.user, filters=filters), OrderSerializer
        )

    @extend_schema(
        tags=[TAG],
        operation_id="fulfillment_orders_create",
        request=InputSerializer,
        responses={201: OrderDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        order = services.order_create(actor=request.user, **data)
        return _order_response(request, order.pk, status.HTTP_201_CREATED)


class OrderDetailApi(APIView):
    """One order with its whole story."""

    @extend_schema(
        tags=[TAG],
        operation_id="fulfillment_orders_retrieve",
        responses={200: OrderDetailSerializer, **READ_ERRORS},
    )
    def get(self, request, order_id: int):
        return _order_response(request, order_id)


class OrderActionApi(ObjectActionApi):
    """An action on an order the viewer works; the answer is the order's detail."""

    tags = [TAG]
    output = OrderDetailSerializer

    def find(self, request, *, order_id: int):
        return selectors.order_get(viewer=request.user, order_id=order_id)

    def answer(self, request, order, **kwargs) -> Response:
        return _order_response(request, order.pk, self.success_status)


class OrderAcknowledgeApi(OrderActionApi):
    """One department acknowledges the production/delivery notice (BR-FUL-01)."""

    operation_id = "fulfillment_orders_acknowledge"

    class InputSerializer(serializers.Serializer):
        department = Choice(NoticeDepartment.choices)

        class Meta:
            ref_name = "FulfillmentAcknowledgeInput"

    def perform(self, request, order, data, **kwargs) -> None:
        services.notice_acknowledge(actor=request.user, order_id=order.pk, **data)


class DemandLineInput(serializers.Serializer):
    line_id = serializers.IntegerField(**ID)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)

    class Meta:
        ref_name = "FulfillmentDemandLineInput"


class OrderDemandRequestApi(OrderActionApi):
    """需货申请单 (BR-FUL-02): never more than the contract's remaining quantity; submitted
    to the branch manager, then the sales manager."""

    operation_id = "fulfillment_orders_demand_request"
    success_status = 201

    class InputSerializer(serializers.Serializer):
        lines = DemandLineInput(many=True, allow_empty=False)
        note = serializers.CharField(required=False, allow_blank=True, max_length=200)

        class Meta:
            ref_name = "FulfillmentDemandRequestInput"

    def perform(self, request, order, data, **kwargs) -> None:
        services.demand_request_create(actor=request.user, order_id=order.pk, **data)


class DemandRequestIssueApi(ObjectActionApi):
    """The assistant issues the numbered outbound order (销售出库单) of an approved demand
    request; the answer is the order's detail."""

    tags = [TAG]
    output = OrderDetailSerializer
    operation_id = "fulfillment_demand_requests_issue"
    success_status = 201

    def find(self, request, *, request_id: int):
        return selectors.demand_request_get(viewer=request.user, request_id=request_id)

    def perform(self, request, demand, data, **kwargs) -> None:
        services.outbound_issue(actor=request.user, demand_request_id=demand.pk)

    def answer(self, request, demand, **kwargs) -> Response:
        return _order_response(request, demand.order_id, self.success_status)


class OutboundActionApi(ObjectActionApi):
    tags = [TAG]
    output = OrderDetailSerializer

    def find(self, request, *, outbound_id: int):
        return selectors.outbound_get(viewer=request.user, outbound_id=outbound_id)

    def answer(self, request, outbound, **kwargs) -> Response:
        return _order_response(request, outbound.order_id, self.success_status)


class OutboundShipApi(OutboundActionApi):
    """The warehouse ships: stock taken out, units delivered, under row locks; refused whole
    when stock is short."""

    operation_id = "fulfillment_outbounds_ship"

    class InputSerializer(serializers.Serializer):
        warehouse = serializers.CharField(required=False, allow_blank=True, max_length=40)

        class Meta:
            ref_name = "FulfillmentShipInput"

    def perform(self, request, outbound, data, **kwargs) -> None:
        services.outbound_ship(actor=request.user, outbound_id=outbound.pk, **data)


class OutboundConfirmApi(OutboundActionApi):
    """File the customer's confirmation (客户确认单): who signed, when, the scan
    (multipart; PDF, JPG or PNG up to 10 MB)."""

    operation_id = "fulfillment_outbounds_confirm"
    parser_classes = [MultiPartParser, FormParser]
    success_status = 201

    class InputSerializer(serializers.Serializer):
        signed_by = serializers.CharField(max_length=60)
        signed_at = serializers.DateTimeField()
        scan = serializers.FileField()

        class Meta:
            ref_name = "FulfillmentConfirmInput"

    def perform(self, request, outbound, data, **kwargs) -> None:
        services.confirmation_file(actor=request.user, outbound_id=outbound.pk, **data)
