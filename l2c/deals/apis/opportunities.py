"""API of opportunities (BR-DEAL-01): the pipeline, the funnel, create, edit, move."""

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
    TAG,
    CustomerRefSerializer,
    DealsListApi,
    PersonRefField,
)
from l2c.deals.models import OpportunityStage

STAGES = OpportunityStage.values
OPEN = [s for s in STAGES if s not in ("won", "lost")]


class StageChangeSerializer(serializers.Serializer):
    from_stage = serializers.CharField()
    to_stage = serializers.CharField()
    at = serializers.DateTimeField()
    actor = PersonRefField(allow_null=True)
    reason = serializers.CharField()

    class Meta:
        ref_name = "OpportunityStageChange"


class OpportunityOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    customer = CustomerRefSerializer()
    stage = choice(STAGES)
    stage_label = serializers.CharField(source="get_stage_display")
    amount = serializers.DecimalField(**MONEY, allow_null=True, help_text="预计金额（元）")
    expected_close = serializers.DateField(allow_null=True)
    unit = serializers.IntegerField(source="unit_id", allow_null=True, help_text="意向单位 id")
    unit_code = serializers.CharField(source="unit.code", allow_null=True, default=None)
    closed_at = serializers.DateTimeField(allow_null=True)
    close_reason = serializers.CharField(help_text="输单原因")
    won_document = serializers.CharField(
        help_text="赢单凭据：reservation:<id> 或 contract:<id>（BR-DEAL-01）"
    )
    owner = PersonRefField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField(help_text="修改时须带上（BR-SEC-03）")

    class Meta:
        ref_name = "Opportunity"


class OpportunityDetailSerializer(OpportunityOutputSerializer):
    changes = StageChangeSerializer(many=True, source="change_rows")

    class Meta:
        ref_name = "OpportunityDetail"


def _response(request, opportunity_id: int, *, code=status.HTTP_200_OK) -> Response:
    opp = selectors.opportunity_get(viewer=request.user, opportunity_id=opportunity_id)
    opp.change_rows = list(selectors.stage_changes(opp))
    return Response(OpportunityDetailSerializer(opp).data, status=code)


class OpportunitiesApi(DealsListApi):
    """GET: the opportunities in scope (BR-ORG-02). POST: a new one for a customer you own
    (a leader: for a customer in scope, owned by its owner)."""

    class FilterSerializer(serializers.Serializer):
        stage = choice(STAGES, required=False)
        q = serializers.CharField(max_length=50, required=False, help_text="名称或客户姓名")
        customer = serializers.IntegerField(required=False, **ID)

        class Meta:
            ref_name = "OpportunityFilter"

    class InputSerializer(serializers.Serializer):
        customer = serializers.IntegerField(**ID)
        name = serializers.CharField(max_length=100)
        amount = serializers.DecimalField(**MONEY, required=False, allow_null=True)
        expected_close = serializers.DateField(required=False, allow_null=True)
        unit = serializers.IntegerField(required=False, allow_null=True, **ID)
        stage = choice(OPEN, required=False, help_text="起始阶段，默认 lead")

        class Meta:
            ref_name = "OpportunityInput"

    @extend_schema(
        tags=[TAG],
        operation_id="deals_opportunities_list",
        parameters=[FilterSerializer],
        responses={200: OpportunityOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        data = validated(self.FilterSerializer, request.query_params)
        qs = selectors.opportunity_list(
            viewer=request.user,
            stage=data.get("stage"),
            search=data.get("q"),
            customer_id=data.get("customer"),
        )
        return self.page(request, qs, OpportunityOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="deals_opportunities_create",
        request=InputSerializer,
        responses={201: OpportunityDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = dict(validated(self.InputSerializer, request.data))
        customer = data.pop("customer")
        stage = data.pop("stage", OpportunityStage.LEAD)
        opp = services.opportunity_create(
            actor=request.user, customer_id=customer, data=data, stage=stage
        )
        return _response(request, opp.pk, code=status.HTTP_201_CREATED)


class FunnelStageSerializer(serializers.Serializer):
    stage = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)

    class Meta:
        ref_name = "OpportunityFunnelStage"


class OpportunityFunnelApi(APIView):
    """The pipeline by stage (销售漏斗) in the viewer's scope: count and expected amount."""

    @extend_schema(
        tags=[TAG],
        operation_id="deals_opportunities_funnel",
        responses={200: FunnelStageSerializer(many=True)},
    )
    def get(self, request):
        funnel = selectors.opportunity_funnel(viewer=request.user)
        return Response(FunnelStageSerializer(funnel, many=True).data)


class OpportunityDetailApi(APIView):
    class UpdateSerializer(serializers.Serializer):
        version = serializers.IntegerField(min_value=0, max_value=2**31)
        name = serializers.CharField(max_length=100, required=False)
        amount = serializers.DecimalField(**MONEY, required=False, allow_null=True)
        expected_close = serializers.DateField(required=False, allow_null=True)
        unit = serializers.IntegerField(required=False, allow_null=True, **ID)

        class Meta:
            ref_name = "OpportunityUpdateInput"

    @extend_schema(
        tags=[TAG],
        operation_id="deals_opportunities_retrieve",
        responses={200: OpportunityDetailSerializer, **READ_ERRORS},
    )
    def get(self, request, opportunity_id: int):
        return _response(request, opportunity_id)

    @extend_schema(
        tags=[TAG],
        operation_id="deals_opportunities_partial_update",
        request=UpdateSerializer,
        responses={200: OpportunityDetailSerializer, **WRITE_ERRORS},
    )
    def patch(self, request, opportunity_id: int):
        selectors.opportunity_get(viewer=request.user, opportunity_id=opportunity_id)
        data = dict(validated(self.UpdateSerializer, request.data))
        version = data.pop("version")
        services.opportunity_update(
            actor=request.user, opportunity_id=opportunity_id, data=data, expected_version=version
        )
        return _response(request, opportunity_id)


class OpportunityMoveApi(APIView):
    """Move to another stage (BR-DEAL-01): lost needs a reason; won is refused (it comes
    with a signed reservation or contract)."""

    class InputSerializer(serializers.Serializer):
        stage = choice(STAGES)
        reason = serializers.CharField(max_length=200, required=False, allow_blank=True)
        version = serializers.IntegerField(min_value=0, max_value=2**31, required=False)

        class Meta:
            ref_name = "OpportunityMoveInput"

    @extend_schema(
        tags=[TAG],
        operation_id="deals_opportunities_move",
        request=InputSerializer,
        responses={200: OpportunityDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request, opportunity_id: int):
        selectors.opportunity_get(viewer=request.user, opportunity_id=opportunity_id)
        data = validated(self.InputSerializer, request.data)
        services.opportunity_move(
            actor=request.user,
            opportunity_id=opportunity_id,
            stage=data["stage"],
            reason=data.get("reason", ""),
            expected_version=data.get("version"),
        )
        return _response(request, opportunity_id)
