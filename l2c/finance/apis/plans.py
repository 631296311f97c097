"""REST API of a contract's payment plan (BR-FIN-03): read, set, build from the contract's
terms; the events its milestones wait for (arrival, acceptance), the settlement amount, and
money received against a milestone. Thin: one service call per write."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.core.api import READ_ERRORS, WRITE_ERRORS, Choice, ObjectActionApi, validated
from l2c.finance import selectors, services
from l2c.finance.apis.common import MONEY, TAG
from l2c.finance.apis.money import MoneyOutputSerializer
from l2c.finance.models import DueBy, Method, MilestoneKind
from l2c.finance.services.receivables.plan import EVENTS, MAX_MILESTONES, MAX_OFFSET_DAYS

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
