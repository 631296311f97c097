"""REST API of receivables (BR-FIN-04, 05): by contract and by customer, the ageing
buckets, and breach handling (违约). Thin: every read a scoped selector."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import READ_ERRORS, ObjectActionApi, paginated, validated
from l2c.finance import selectors, services
from l2c.finance.apis.common import MONEY, TAG, ReceivablesPagination


class ReceivablesFilterSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="统计日，默认今天")
    q = serializers.CharField(required=False, max_length=60, help_text="合同编号或客户")
    customer_id = serializers.IntegerField(required=False, min_value=1)
    overdue_only = serializers.BooleanField(required=False, default=False)

    class Meta:
        ref_name = "ReceivablesFilter"


class _Totals(serializers.Serializer):
    total = serializers.DecimalField(**MONEY, help_text="应收合计")
    paid = serializers.DecimalField(**MONEY)
    outstanding = serializers.DecimalField(**MONEY)
    due = serializers.DecimalField(**MONEY, help_text="已到期未收")
    overdue = serializers.DecimalField(**MONEY, help_text="已逾期未收")
    d0_30 = serializers.DecimalField(**MONEY, help_text="逾期 0–30 天")
    d31_60 = serializers.DecimalField(**MONEY)
    d61_90 = serializers.DecimalField(**MONEY)
    d90_plus = serializers.DecimalField(**MONEY, help_text="逾期 90 天以上")
    overdue_days = serializers.IntegerField(help_text="最长逾期天数")
    in_default = serializers.BooleanField(help_text="违约（BR-FIN-05）")


class ContractReceivableSerializer(_Totals):
    contract = serializers.IntegerField(source="contract_id")
    contract_number = serializers.CharField(source="contract__number")
    customer = serializers.IntegerField(source="contract__customer_id")
    customer_name = serializers.CharField(source="contract__customer__name")
    owner_name = serializers.CharField(source="contract__owner__person__name", allow_null=True)

    class Meta:
        ref_name = "ContractReceivable"


class CustomerReceivableSerializer(_Totals):
    customer = serializers.IntegerField(source="contract__customer_id")
    customer_name = serializers.CharField(source="contract__customer__name")

    class Meta:
        ref_name = "CustomerReceivable"


class ReceivablesApi(APIView):
    """Receivables per contract (BR-FIN-04), in the viewer's scope, most overdue first; one
    query per page."""

    pagination_class = ReceivablesPagination

    @extend_schema(
        tags=[TAG],
        operation_id="finance_receivables_list",
        parameters=[ReceivablesFilterSerializer],
        responses={200: ContractReceivableSerializer(many=True), 422: READ_ERRORS[422]},
    )
    def get(self, request):
        f = validated(ReceivablesFilterSerializer, request.query_params)
        as_of = f.get("as_of") or timezone.localdate()
        rows = selectors.contract_receivables_rows(viewer=request.user, as_of=as_of, filters=f)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = ContractReceivableSerializer(
            selectors.finish_receivables(page, as_of=as_of), many=True
        ).data
        return paginator.get_paginated_response(data)


class CustomerReceivablesApi(APIView):
    """Receivables per customer (BR-FIN-04), in the viewer's scope."""

    pagination_class = ReceivablesPagination

    @extend_schema(
        tags=[TAG],
        operation_id="finance_receivables_by_customer",
        parameters=[ReceivablesFilterSerializer],
        responses={200: CustomerReceivableSerializer(many=True), 422: READ_ERRORS[422]},
    )
    def get(self, request):
        f = validated(ReceivablesFilterSerializer, request.query_params)
        rows = selectors.customer_receivables(viewer=request.user, as_of=f.get("as_of"))
        return paginated(self, request, rows, CustomerReceivableSerializer)


class AgeingBucketSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="d0_30 / d31_60 / d61_90 / d90_plus")
    label = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)

    class Meta:
        ref_name = "AgeingBucket"


class AgeingSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    buckets = AgeingBucketSerializer(many=True)
    total = serializers.DecimalField(**MONEY)
    paid = serializers.DecimalField(**MONEY)
    outstanding = serializers.DecimalField(**MONEY)
    due = serializers.DecimalField(**MONEY)
    overdue = serializers.DecimalField(**MONEY)

    class Meta:
        ref_name = "Ageing"


class AgeingApi(APIView):
    """The ageing buckets (BR-FIN-04: 0–30, 31–60, 61–90, >90 days past due) as of a day."""

    @extend_schema(
        tags=[TAG],
        operation_id="finance_receivables_ageing",
        parameters=[ReceivablesFilterSerializer],
        responses={200: AgeingSerializer, 422: READ_ERRORS[422]},
    )
    def get(self, request):
        f = validated(ReceivablesFilterSerializer, request.query_params)
        return Response(
            AgeingSerializer(selectors.ageing(viewer=request.user, as_of=f.get("as_of"))).data
        )


# --- breach handling (BR-FIN-05) ------------------------------------------------------------


class BreachCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contract = serializers.IntegerField(source="contract_id")
    contract_number = serializers.CharField(source="contract.number")
    opened_at = serializers.DateTimeField()
    overdue_days = serializers.IntegerField()
    overdue_amount = serializers.DecimalField(**MONEY)
    steps = serializers.ListField(child=serializers.DictField(), help_text="[{on, by, text}]")
    outcome = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()

    class Meta:
        ref_name = "BreachCase"


class BreachCaseListApi(APIView):
    """GET: breach cases in the viewer's scope."""

    pagination_class = ReceivablesPagination

    @extend_schema(
        tags=[TAG],
        operation_id="finance_breach_cases_list",
        responses={200: BreachCaseSerializer(many=True)},
    )
    def get(self, request):
        return paginated(
            self, request, selectors.breach_list(viewer=request.user), BreachCaseSerializer
        )


class BreachOpenApi(ObjectActionApi):
    """Open breach handling for a contract in default (BR-FIN-05; refused otherwise)."""

    tags = [TAG]
    operation_id = "finance_breach_open"
    output = BreachCaseSerializer
    success_status = 201

    def find(self, request, contract_id: int):
        return selectors.contract_visible(viewer=request.user, contract_id=contract_id)

    def perform(self, request, obj, data, **kwargs):
        self.case = services.breach_open(actor=request.user, contract_id=obj.pk)

    def answer(self, request, obj, **kwargs):
        case = selectors.breach_get(viewer=request.user, case_id=self.case.pk)
        return Response(BreachCaseSerializer(case).data, status=status.HTTP_201_CREATED)


class _BreachActionApi(ObjectActionApi):
    tags = [TAG]
    output = BreachCaseSerializer

    def find(self, request, case_id: int):
        return selectors.breach_get(viewer=request.user, case_id=case_id)

    def answer(self, request, obj, **kwargs):
        case = selectors.breach_get(viewer=request.user, case_id=obj.pk)
        return Response(BreachCaseSerializer(case).data)


class BreachStepApi(_BreachActionApi):
    """Record a step taken in a breach case."""

    operation_id = "finance_breach_step"

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=500)
        on = serializers.DateField(required=False, allow_null=True)

        class Meta:
            ref_name = "BreachStepInput"

    def perform(self, request, obj, data, **kwargs):
        services.breach_step_record(
            actor=request.user, case_id=obj.pk, text=data["text"], on=data.get("on")
        )


class BreachCloseApi(_BreachActionApi):
    """Close a breach case with its outcome."""

    operation_id = "finance_breach_close"

    class InputSerializer(serializers.Serializer):
        outcome = serializers.CharField(max_length=200)

        class Meta:
            ref_name = "BreachCloseInput"

    def perform(self, request, obj, data, **kwargs):
        services.breach_close(actor=request.user, case_id=obj.pk, outcome=data["outcome"])
