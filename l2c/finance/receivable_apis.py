"""REST API of receivables (BR-FIN-03, 04, 05): a contract's payment plan (read, set, build
from the contract's terms), the events its milestones wait for, money received against a
milestone, the receivables by contract and customer, the ageing buckets and breach handling.

Thin: every write is one service call, every read a scoped selector; business-rule errors
become ``{code, rule, message}`` JSON (``l2c.core.api.exception_handler``).
"""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import READ_ERRORS, WRITE_ERRORS, Choice, ObjectActionApi, paginated, validated
from l2c.core.paging import CappedLimitOffsetPagination
from l2c.finance import selectors, services
from l2c.finance.apis import MoneyOutputSerializer
from l2c.finance.models import DueBy, Method, MilestoneKind
from l2c.finance.services.receivables.plan import EVENTS, MAX_MILESTONES, MAX_OFFSET_DAYS

TAG = "finance-receivables"
MONEY = {"max_digits": 14, "decimal_places": 2}


class ReceivablesPagination(CappedLimitOffsetPagination):
    default_limit = 50
    max_limit = 200

    def get_count(self, queryset) -> int:
        """Rows grouped by contract or customer: count the groups (``capped_count`` counts
        primary keys, i.e. milestones)."""
        if isinstance(queryset, list):
            return len(queryset)
        return min(queryset.order_by().count(), self.cap + 1)


# --- the plan -----------------------------------------------------------------------------


class MilestoneOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sequence = serializers.IntegerField()
    kind = serializers.CharField(help_text=" / ".join(MilestoneKind.values))
    kind_label = serializers.CharField(source="get_kind_display")
    name = serializers.CharField()
    amount = serializers.DecimalField(**MONEY, help_text="应收金额（元）")
    percent = serializers.DecimalField(max_digits=6, decimal_places=3, allow_null=True)
    due_by = serializers.CharField(help_text=" / ".join(DueBy.values))
    agreed_due_on = serializers.DateField(allow_null=True, help_text="约定日期（按日期到期时）")
    offset_days = serializers.IntegerField(help_text="事件发生后多少天到期")
    due_on = serializers.DateField(allow_null=True, help_text="到期日；事件未发生时为空（未到期）")
    paid = serializers.DecimalField(**MONEY, help_text="已收")
    outstanding = serializers.DecimalField(**MONEY, help_text="未收")
    overdue_days = serializers.IntegerField(help_text="逾期天数")
    state = serializers.CharField(help_text="paid / partly_paid / not_due / due / overdue")
    state_label = serializers.CharField()

    class Meta:
        ref_name = "PaymentMilestone"


class PaymentPlanOutputSerializer(serializers.Serializer):
    contract = serializers.IntegerField(source="contract.pk")
    contract_number = serializers.CharField(source="contract.number")
    price = serializers.DecimalField(source="contract.price", **MONEY)
    settlement_amount = serializers.DecimalField(**MONEY, help_text="结算金额（默认合同价）")
    arrival_on = serializers.DateField(allow_null=True)
    accepted_on = serializers.DateField(allow_null=True)
    warranty_months = serializers.IntegerField(allow_null=True)
    warranty_expires_on = serializers.DateField(allow_null=True)
    overdue_days = serializers.IntegerField(help_text="最长逾期天数")
    in_default = serializers.BooleanField(help_text="逾期超过政策天数即违约（BR-FIN-05）")
    milestones = MilestoneOutputSerializer(many=True)

    class Meta:
        ref_name = "PaymentPlan"


def plan_answer(request, contract, code=status.HTTP_200_OK) -> Response:
    settlement = selectors.settlement_of(contract.pk)
    state = selectors.contract_default(contract.pk)
    data = {
        "contract": contract,
        "settlement_amount": (
            settlement.settlement_amount
            if settlement and settlement.settlement_amount is not None
            else contract.price
        ),
        "arrival_on": settlement.arrival_on if settlement else None,
        "accepted_on": settlement.accepted_on if settlement else None,
        "warranty_months": settlement.warranty_months if settlement else None,
        "warranty_expires_on": settlement.warranty_expires_on if settlement else None,
        "overdue_days": state["overdue_days"],
        "in_default": state["in_default"],
        "milestones": selectors.milestone_list(viewer=request.user, contract_id=contract.pk),
    }
    return Response(PaymentPlanOutputSerializer(data).data, status=code)


class MilestoneInputSerializer(serializers.Serializer):
    kind = Choice(MilestoneKind.choices)
    name = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    amount = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="金额（元）；与比例二选一"
    )
    percent = serializers.CharField(
        max_length=10, required=False, allow_blank=True, help_text="合同价的百分比；与金额二选一"
    )
    due_by = Choice(DueBy.choices)
    due_on = serializers.DateField(required=False, allow_null=True, help_text="约定日期")
    offset_days = serializers.IntegerField(
        required=False, default=0, min_value=0, max_value=MAX_OFFSET_DAYS
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "PaymentMilestoneInput"


class PaymentPlanInputSerializer(serializers.Serializer):
    milestones = MilestoneInputSerializer(
        many=True, min_length=1, max_length=MAX_MILESTONES, help_text="合计须等于合同价"
    )

    class Meta:
        ref_name = "PaymentPlanInput"


class PaymentPlanApi(APIView):
    """GET: a contract's payment plan with each milestone's state. POST: set (or replace)
    it before any money is received against it (BR-FIN-03)."""

    @extend_schema(
        tags=[TAG],
        operation_id="finance_payment_plan_get",
        responses={200: PaymentPlanOutputSerializer, **READ_ERRORS},
    )
    def get(self, request, contract_id: int):
        contract = selectors.contract_visible(viewer=request.user, contract_id=contract_id)
        return plan_answer(request, contract)

    @extend_schema(
        tags=[TAG],
        operation_id="finance_payment_plan_set",
        request=PaymentPlanInputSerializer,
        responses={200: PaymentPlanOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, contract_id: int):
        contract = selectors.contract_visible(viewer=request.user, contract_id=contract_id)
        data = validated(PaymentPlanInputSerializer, request.data)
        services.payment_plan_set(
            actor=request.user,
            contract_id=contract.pk,
            milestones=[dict(m) for m in data["milestones"]],
        )
        return plan_answer(request, contract)


class _ContractActionApi(ObjectActionApi):
    tags = [TAG]
    output = PaymentPlanOutputSerializer

    def find(self, request, contract_id: int):
        return selectors.contract_visible(viewer=request.user, contract_id=contract_id)

    def answer(self, request, obj, **kwargs):
        return plan_answer(request, obj)


class PaymentPlanFromTermsApi(_ContractActionApi):
    """Build the plan from the contract's own payment terms (BR-FIN-03)."""

    operation_id = "finance_payment_plan_from_terms"

    def perform(self, request, obj, data, **kwargs):
        services.payment_plan_from_terms(actor=request.user, contract_id=obj.pk)


class ContractEventApi(_ContractActionApi):
    """Record the arrival or the acceptance (with the warranty months) of a contract's
    goods: the milestones waiting for it fall due (BR-FIN-03)."""

    operation_id = "finance_contract_event_record"

    class InputSerializer(serializers.Serializer):
        event = Choice([(e, e) for e in EVENTS], help_text="arrival 到货 / acceptance 验收")
        on = serializers.DateField(help_text="发生日期")
        warranty_months = serializers.IntegerField(
            required=False, allow_null=True, min_value=0, max_value=120, help_text="质保期（月）"
        )

        class Meta:
            ref_name = "ContractEventInput"

    def perform(self, request, obj, data, **kwargs):
        services.contract_event_record(
            actor=request.user,
            contract_id=obj.pk,
            event=data["event"],
            on=data["on"],
            warranty_months=data.get("warranty_months"),
        )


class ContractSettlementApi(_ContractActionApi):
    """Finance records the settlement amount when it differs from the contract price; the
    plan's retention must stay within 3% of it (BR-FIN-03)."""

    operation_id = "finance_contract_settlement_record"

    class InputSerializer(serializers.Serializer):
        amount = serializers.CharField(max_length=20, help_text="结算金额（元）")

        class Meta:
            ref_name = "ContractSettlementInput"

    def perform(self, request, obj, data, **kwargs):
        services.contract_settlement_record(
            actor=request.user, contract_id=obj.pk, amount=data["amount"]
        )


# --- money against a milestone -------------------------------------------------------------


class MilestoneReceiptApi(APIView):
    """Finance records money received against a milestone (BR-FIN-01, 03): partial payments
    allowed, overpayment refused; the same bank reference again answers 200 with the receipt
    already issued (BR-FIN-06)."""

    class InputSerializer(serializers.Serializer):
        amount = serializers.CharField(max_length=20, help_text="金额（元），四舍五入两位小数")
        payer = serializers.CharField(max_length=100)
        method = Choice(Method.choices)
        bank_ref = serializers.CharField(
            max_length=60, required=False, allow_blank=True, default="", help_text="银行流水号"
        )
        at = serializers.DateTimeField(required=False, allow_null=True)
        note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "MilestoneReceiptInput"

    @extend_schema(
        tags=[TAG],
        operation_id="finance_milestone_receipt_create",
        request=InputSerializer,
        responses={201: MoneyOutputSerializer, 200: MoneyOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, milestone_id: int):
        milestone = selectors.milestone_get(viewer=request.user, milestone_id=milestone_id)
        data = validated(self.InputSerializer, request.data)
        record = services.milestone_payment_receive(
            actor=request.user, milestone_id=milestone.pk, **data
        )
        # BR-FIN-06: 200 with the receipt already issued when the bank reference repeats
        duplicate = bool(getattr(record, "duplicate", False))
        record = selectors.receipt_by_number(viewer=request.user, number=record.number)
        record.duplicate = duplicate
        return Response(
            MoneyOutputSerializer(record).data,
            status=status.HTTP_200_OK if duplicate else status.HTTP_201_CREATED,
        )


# --- receivables and ageing ----------------------------------------------------------------


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
