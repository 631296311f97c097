"""API of monthly visit plans (BR-ACT-01): create, items, submit to the approval engine."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.activities import selectors, services
from l2c.activities.apis._common import (
    TAG,
    ActivitiesListApi,
    CustomerRefSerializer,
    PersonRefField,
    ScopeFilterSerializer,
)
from l2c.activities.models import PlanStatus, VisitPurpose
from l2c.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorSerializer,
    ObjectActionApi,
    choice,
    validated,
)


class PlanItemOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    customer = CustomerRefSerializer(allow_null=True)
    target = serializers.CharField()
    label = serializers.CharField()
    planned_on = serializers.DateField()
    purpose = choice(VisitPurpose.values)
    purpose_label = serializers.CharField(source="get_purpose_display")
    note = serializers.CharField()
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()
    has_report = serializers.BooleanField(help_text="已提交拜访报告")

    class Meta:
        ref_name = "VisitPlanItem"


class PlanOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rep = PersonRefField()
    month = serializers.DateField(help_text="计划月份的第一天")
    due_on = serializers.DateField(help_text="提交期限：上月最后一天（BR-ACT-01）")
    note = serializers.CharField()
    status = choice(PlanStatus.values)
    status_label = serializers.CharField(source="get_status_display")
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_late = serializers.BooleanField()
    item_count = serializers.IntegerField()
    approval_request = serializers.IntegerField(
        source="approval_request_id",
        allow_null=True,
        help_text="审批申请 id（/api/v1/approvals/requests/{id}/）",
    )
    version = serializers.IntegerField(help_text="修改时须带上（BR-SEC-03）")

    class Meta:
        ref_name = "VisitPlan"


class PlanDetailSerializer(PlanOutputSerializer):
    items = PlanItemOutputSerializer(many=True, source="item_rows")

    class Meta:
        ref_name = "VisitPlanDetail"


def _plan_response(request, plan_id: int, *, code=status.HTTP_200_OK) -> Response:
    plan = selectors.visit_plan_get(viewer=request.user, plan_id=plan_id)
    plan.item_rows = list(selectors.plan_items(plan))
    return Response(PlanDetailSerializer(plan).data, status=code)


class PlansApi(ActivitiesListApi):
    """GET: visit plans in scope. POST: a draft plan for a month (``YYYY-MM``)."""

    class FilterSerializer(ScopeFilterSerializer):
        status = choice(PlanStatus.values, required=False)

        class Meta:
            ref_name = "VisitPlanFilter"

    class InputSerializer(serializers.Serializer):
        month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM")
        note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

        class Meta:
            ref_name = "VisitPlanInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_plans_list",
        parameters=[FilterSerializer],
        responses={200: PlanOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        qs = selectors.visit_plan_list(
            viewer=request.user,
            scope=self.scope(request, filters),
            status=filters.get("status"),
        )
        return self.page(request, qs, PlanOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_plans_create",
        request=InputSerializer,
        responses={201: PlanDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        plan = services.visit_plan_create(actor=request.user, **data)
        return _plan_response(request, plan.pk, code=status.HTTP_201_CREATED)


class PlanDetailApi(APIView):
    class UpdateSerializer(serializers.Serializer):
        version = serializers.IntegerField(min_value=0, max_value=2**31)
        note = serializers.CharField(max_length=2000, allow_blank=True)

        class Meta:
            ref_name = "VisitPlanUpdateInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_plans_retrieve",
        responses={200: PlanDetailSerializer, **READ_ERRORS},
    )
    def get(self, request, plan_id: int):
        return _plan_response(request, plan_id)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_plans_partial_update",
        request=UpdateSerializer,
        responses={200: PlanDetailSerializer, **WRITE_ERRORS},
    )
    def patch(self, request, plan_id: int):
        data = validated(self.UpdateSerializer, request.data)
        services.visit_plan_update(
            actor=request.user,
            plan_id=plan_id,
            note=data["note"],
            expected_version=data["version"],
        )
        return _plan_response(request, plan_id)


class PlanActionApi(ObjectActionApi):
    """An action on a plan the viewer may see; the answer is the plan with its items."""

    tags = [TAG]
    output = PlanDetailSerializer

    def find(self, request, *, plan_id: int, **kwargs):
        return selectors.visit_plan_get(viewer=request.user, plan_id=plan_id)

    def answer(self, request, plan, **kwargs) -> Response:
        return _plan_response(request, plan.pk, code=self.success_status)


class PlanItemsApi(PlanActionApi):
    """Add a planned visit (a customer, or a target named in words) to a plan that is not
    in approval (BR-ACT-01, BR-APR-06)."""

    operation_id = "activities_visit_plan_items_create"
    success_status = status.HTTP_201_CREATED

    class InputSerializer(serializers.Serializer):
        customer = serializers.IntegerField(
            min_value=1, max_value=2**62, required=False, allow_null=True
        )
        target = serializers.CharField(max_length=100, required=False, allow_blank=True)
        planned_on = serializers.DateField()
        purpose = choice(VisitPurpose.values, required=False)
        note = serializers.CharField(max_length=200, required=False, allow_blank=True)

        class Meta:
            ref_name = "VisitPlanItemInput"

    def perform(self, request, plan, data, **kwargs) -> None:
        data = dict(data)
        data["customer_id"] = data.pop("customer", None)
        services.visit_plan_item_add(actor=request.user, plan_id=plan.pk, data=data)


class PlanItemDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_plan_items_destroy",
        request=None,
        responses={200: PlanDetailSerializer, **WRITE_ERRORS},
    )
    def delete(self, request, plan_id: int, item_id: int):
        selectors.visit_plan_get(viewer=request.user, plan_id=plan_id)
        services.visit_plan_item_remove(actor=request.user, plan_id=plan_id, item_id=item_id)
        return _plan_response(request, plan_id)


class PlanItemCancelApi(PlanActionApi):
    """A planned visit of an approved plan did not take place: no report is due."""

    operation_id = "activities_visit_plan_items_cancel"

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200)

        class Meta:
            ref_name = "VisitPlanItemCancelInput"

    def perform(self, request, plan, data, *, item_id: int, **kwargs) -> None:
        services.visit_plan_item_cancel(
            actor=request.user, plan_id=plan.pk, item_id=item_id, reason=data["reason"]
        )


class PlanSubmitApi(PlanActionApi):
    """Submit the plan to the superior (approval kind ``visit_plan``, BR-ACT-01); decide
    it through /api/v1/approvals/."""

    operation_id = "activities_visit_plans_submit"

    def perform(self, request, plan, data, **kwargs) -> None:
        services.visit_plan_submit(actor=request.user, plan_id=plan.pk)
