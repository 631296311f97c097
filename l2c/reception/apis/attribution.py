"""客户区分 over the API (BR-ATT-*): list, one decision, decide for an entry, dispute,
verify a complaint, resolve."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import WRITE_ERRORS, ErrorSerializer, validated
from l2c.core.models import MAX_ID
from l2c.org.fields import PersonIdField
from l2c.reception import selectors, services
from l2c.reception.apis._common import (
    TAG,
    AnswersSerializer,
    Choice,
    ReceptionPagination,
    person_id,
    person_name,
)
from l2c.reception.models import DecisionStatus, Resolution

PERCENT = {"max_digits": 5, "decimal_places": 2}


class ShareOutputSerializer(serializers.Serializer):
    person = serializers.SerializerMethodField(help_text="分成人的员工 id；归部门时为空")
    name = serializers.SerializerMethodField()
    department = serializers.IntegerField(source="department_id", allow_null=True)
    role = serializers.CharField(help_text="A 本次接待 / B 原接待 / C 协助 / earlier / dept")
    percent = serializers.DecimalField(**PERCENT)
    condition = serializers.CharField(help_text="空 / same_day 当日成交 / later 非当日成交")
    is_deal_owner = serializers.BooleanField()

    class Meta:
        ref_name = "ReceptionAttributionShare"

    def get_person(self, obj) -> int | None:
        return person_id(obj.user) if obj.user_id else None

    def get_name(self, obj) -> str:
        return person_name(obj.user) if obj.user_id else obj.department.name


class DecisionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer = serializers.IntegerField(source="customer_id")
    entry = serializers.IntegerField(source="reception_id", allow_null=True)
    rule = serializers.CharField()
    note = serializers.CharField()
    status = serializers.CharField(help_text=" / ".join(DecisionStatus.values))
    pending = serializers.CharField(help_text="空 / supervisor 待主管核实 / manager 待经理确定")
    receiver = serializers.SerializerMethodField(help_text="本次接待的员工 id")
    deal_owner = serializers.SerializerMethodField(help_text="业绩归属的员工 id（BR-ATT-09）")
    decided_at = serializers.DateTimeField()
    deal_at = serializers.DateTimeField(allow_null=True)
    resolution = serializers.CharField()
    resolution_note = serializers.CharField()
    shares = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    class Meta:
        ref_name = "ReceptionAttributionDecision"

    def get_receiver(self, obj) -> int | None:
        return person_id(obj.receiver)

    def get_deal_owner(self, obj) -> int | None:
        return person_id(obj.deal_owner) if obj.deal_owner_id else None

    @staticmethod
    def _active(obj):
        return [s for s in obj.shares.all() if s.active]

    @extend_schema_field(ShareOutputSerializer(many=True))
    def get_shares(self, obj) -> list[dict]:
        return ShareOutputSerializer(self._active(obj), many=True).data


def _decision(request, decision_id, code=status.HTTP_200_OK) -> Response:
    decision = selectors.attribution_get(viewer=request.user, decision_id=decision_id)
    return Response(DecisionOutputSerializer(decision).data, status=code)


class DecisionsApi(APIView):
    """GET: decisions in scope (the receiver, team, department, or holding a share).
    POST: decide for a returning customer's entry (BR-ATT-*)."""

    pagination_class = ReceptionPagination

    class FilterSerializer(serializers.Serializer):
        status = Choice(choices=DecisionStatus.choices, required=False)
        open = serializers.BooleanField(required=False, default=False, help_text="只看待处理的")
        customer = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)

        class Meta:
            ref_name = "ReceptionAttributionFilter"

    class InputSerializer(serializers.Serializer):
        entry = serializers.IntegerField(min_value=1, help_text="接待登记 id")
        answers = AnswersSerializer()
        earlier_present = serializers.BooleanField(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "ReceptionAttributionDecideInput"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_attributions_list",
        parameters=[FilterSerializer],
        responses={200: DecisionOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        d = validated(self.FilterSerializer, request.query_params)
        qs = selectors.attribution_list(
            viewer=request.user,
            status=d.get("status"),
            customer_id=d.get("customer"),
            open_only=d["open"],
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(DecisionOutputSerializer(page, many=True).data)

    @extend_schema(
        tags=[TAG],
        operation_id="reception_attributions_decide",
        request=InputSerializer,
        responses={201: DecisionOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        d = validated(self.InputSerializer, request.data)
        decision = services.attribution_decide(
            actor=request.user,
            reception_id=d["entry"],
            answers=dict(d["answers"]),
            earlier_present=d.get("earlier_present"),
        )
        return _decision(request, decision.pk, status.HTTP_201_CREATED)


class DecisionDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="reception_attributions_retrieve",
        responses={200: DecisionOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, decision_id: int):
        return _decision(request, decision_id)


class DecisionDisputeApi(APIView):
    """A rep involved disputes the decision; the department manager decides (BR-ATT-11)."""

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300)

        class Meta:
            ref_name = "ReceptionAttributionDisputeInput"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_attributions_dispute",
        request=InputSerializer,
        responses={200: DecisionOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, decision_id: int):
        selectors.attribution_get(viewer=request.user, decision_id=decision_id)
        s = validated(self.InputSerializer, request.data)
        services.attribution_dispute(
            actor=request.user, decision_id=decision_id, reason=s["reason"]
        )
        return _decision(request, decision_id)


class DecisionVerifyApi(APIView):
    """The supervisor verifies a complaint against the earlier rep (BR-ATT-04)."""

    class InputSerializer(serializers.Serializer):
        upheld = serializers.BooleanField(help_text="投诉属实：原接待人不再享有")
        note = serializers.CharField(max_length=300)

        class Meta:
            ref_name = "ReceptionAttributionVerifyInput"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_attributions_verify",
        request=InputSerializer,
        responses={200: DecisionOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, decision_id: int):
        selectors.attribution_get(viewer=request.user, decision_id=decision_id)
        s = validated(self.InputSerializer, request.data)
        services.attribution_verify_complaint(actor=request.user, decision_id=decision_id, **s)
        return _decision(request, decision_id)


class ShareInputSerializer(serializers.Serializer):
    person = PersonIdField()
    percent = serializers.DecimalField(**PERCENT, min_value=0, max_value=100)

    class Meta:
        ref_name = "ReceptionAttributionShareInput"


class DecisionResolveApi(APIView):
    """The department manager settles a dispute or sets an event's attribution (BR-ATT-10,
    11): agreed / manager / department (the quarrel's credit goes to the department)."""

    class InputSerializer(serializers.Serializer):
        how = Choice(choices=[Resolution.AGREED, Resolution.MANAGER, Resolution.DEPARTMENT])
        note = serializers.CharField(max_length=300)
        shares = ShareInputSerializer(many=True, required=False, default=list)
        deal_owner = PersonIdField(required=False, allow_null=True, help_text="业绩归属人")

        class Meta:
            ref_name = "ReceptionAttributionResolveInput"

    @extend_schema(
        tags=[TAG],
        operation_id="reception_attributions_resolve",
        request=InputSerializer,
        responses={200: DecisionOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, decision_id: int):
        selectors.attribution_get(viewer=request.user, decision_id=decision_id)
        d = validated(self.InputSerializer, request.data)
        services.attribution_resolve(
            actor=request.user,
            decision_id=decision_id,
            how=d["how"],
            note=d["note"],
            shares=[(x["person"], x["percent"]) for x in d["shares"]],
            deal_owner_id=d.get("deal_owner"),
        )
        return _decision(request, decision_id)
