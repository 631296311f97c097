"""API of visit reports (BR-ACT-02), their review, and the tasks promised."""

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
from l2c.activities.models import ReportState
from l2c.core.api import READ_ERRORS, WRITE_ERRORS, ErrorSerializer, choice, validated

ID = {"min_value": 1, "max_value": 2**62}


class TaskOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    owner = PersonRefField()
    customer = CustomerRefSerializer(allow_null=True)
    report = serializers.IntegerField(source="report_id", allow_null=True)
    title = serializers.CharField()
    due_on = serializers.DateField()
    done_at = serializers.DateTimeField(allow_null=True)
    done_note = serializers.CharField()

    class Meta:
        ref_name = "ActivityTask"


class ReportOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rep = PersonRefField()
    customer = CustomerRefSerializer(allow_null=True)
    target = serializers.CharField()
    label = serializers.CharField()
    plan_item = serializers.IntegerField(source="plan_item_id", allow_null=True)
    follow_up = serializers.IntegerField(source="follow_up_id", allow_null=True)
    visited_at = serializers.DateTimeField()
    content = serializers.CharField()
    feedback = serializers.CharField()
    due_on = serializers.DateField(help_text="拜访后 2 天内（BR-ACT-02）")
    submitted_at = serializers.DateTimeField()
    late = serializers.BooleanField(help_text="逾期提交")
    state = choice(ReportState.values)
    state_label = serializers.CharField(source="get_state_display")
    reviewer = serializers.SerializerMethodField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_comment = serializers.CharField()
    version = serializers.IntegerField()

    class Meta:
        ref_name = "VisitReport"

    def get_reviewer(self, obj) -> str | None:
        person = getattr(obj.reviewer, "person", None) if obj.reviewer_id else None
        return person.name if person is not None else None


class ReportDetailSerializer(ReportOutputSerializer):
    tasks = TaskOutputSerializer(many=True, source="task_rows")

    class Meta:
        ref_name = "VisitReportDetail"


def _report_response(request, report_id: int, *, code=status.HTTP_200_OK) -> Response:
    report = selectors.visit_report_get(viewer=request.user, report_id=report_id)
    report.task_rows = list(selectors.report_tasks(report).select_related("customer"))
    return Response(ReportDetailSerializer(report).data, status=code)


class PromiseSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_on = serializers.DateField()

    class Meta:
        ref_name = "VisitReportPromise"


class ReportsApi(ActivitiesListApi):
    """GET: visit reports in scope. POST: report a visit — from a planned visit
    (``plan_item``), a visit follow-up (``follow_up``) or directly (``customer`` or
    ``target`` + ``visited_at``); promises become tasks (BR-ACT-02)."""

    class FilterSerializer(ScopeFilterSerializer):
        state = choice(ReportState.values, required=False)

        class Meta:
            ref_name = "VisitReportFilter"

    class InputSerializer(serializers.Serializer):
        plan_item = serializers.IntegerField(**ID, required=False)
        follow_up = serializers.IntegerField(**ID, required=False)
        customer = serializers.IntegerField(**ID, required=False)
        target = serializers.CharField(max_length=100, required=False, allow_blank=True)
        visited_at = serializers.DateTimeField(required=False, help_text="由拜访记录创建时不填")
        content = serializers.CharField(max_length=4000)
        feedback = serializers.CharField(max_length=4000, required=False, allow_blank=True)
        promises = PromiseSerializer(
            many=True, required=False, help_text="拜访中答应的事项，各成为一项待办"
        )

        class Meta:
            ref_name = "VisitReportInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_reports_list",
        parameters=[FilterSerializer],
        responses={200: ReportOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        qs = selectors.visit_report_list(
            viewer=request.user,
            scope=self.scope(request, filters),
            state=filters.get("state"),
        )
        return self.page(request, qs, ReportOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_reports_create",
        request=InputSerializer,
        responses={201: ReportDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = dict(validated(self.InputSerializer, request.data))
        for key in ("plan_item", "follow_up", "customer"):
            if key in data:
                data[f"{key}_id"] = data.pop(key)
        report = services.visit_report_create(actor=request.user, data=data)
        return _report_response(request, report.pk, code=status.HTTP_201_CREATED)


class DueVisitSerializer(serializers.Serializer):
    source = choice(["plan_item", "follow_up"])
    pk = serializers.IntegerField(help_text="计划拜访 id 或跟进记录 id")
    label = serializers.CharField()
    visited_on = serializers.DateField()
    due_on = serializers.DateField()
    overdue = serializers.BooleanField()

    class Meta:
        ref_name = "DueVisit"


class ReportsDueApi(APIView):
    """My visits without a report yet, with their due dates (BR-ACT-02)."""

    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_reports_due",
        responses={200: DueVisitSerializer(many=True)},
    )
    def get(self, request):
        return Response(
            DueVisitSerializer(selectors.reports_due(user=request.user), many=True).data
        )


class ReportDetailApi(APIView):
    class UpdateSerializer(serializers.Serializer):
        version = serializers.IntegerField(min_value=0, max_value=2**31)
        content = serializers.CharField(max_length=4000, required=False)
        feedback = serializers.CharField(max_length=4000, required=False, allow_blank=True)

        class Meta:
            ref_name = "VisitReportUpdateInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_reports_retrieve",
        responses={200: ReportDetailSerializer, **READ_ERRORS},
    )
    def get(self, request, report_id: int):
        return _report_response(request, report_id)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_reports_partial_update",
        request=UpdateSerializer,
        responses={200: ReportDetailSerializer, **WRITE_ERRORS},
    )
    def patch(self, request, report_id: int):
        selectors.visit_report_get(viewer=request.user, report_id=report_id)
        data = dict(validated(self.UpdateSerializer, request.data))
        version = data.pop("version")
        services.visit_report_update(
            actor=request.user, report_id=report_id, data=data, expected_version=version
        )
        return _report_response(request, report_id)


class ReportReviewApi(APIView):
    """The supervisor approves or returns a report (a comment is required to return)."""

    class InputSerializer(serializers.Serializer):
        decision = choice(["approve", "return"])
        comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)

        class Meta:
            ref_name = "VisitReportReviewInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_visit_reports_review",
        request=InputSerializer,
        responses={200: ReportDetailSerializer, **WRITE_ERRORS},
    )
    def post(self, request, report_id: int):
        data = validated(self.InputSerializer, request.data)
        services.visit_report_review(actor=request.user, report_id=report_id, **data)
        return _report_response(request, report_id)


class TasksApi(ActivitiesListApi):
    """GET: tasks in scope (open ones unless ``all``). POST: a task of one's own."""

    class FilterSerializer(ScopeFilterSerializer):
        all = serializers.BooleanField(required=False, default=False, help_text="含已完成")

        class Meta:
            ref_name = "ActivityTaskFilter"

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        due_on = serializers.DateField()
        customer = serializers.IntegerField(**ID, required=False, allow_null=True)
        report = serializers.IntegerField(**ID, required=False, allow_null=True)

        class Meta:
            ref_name = "ActivityTaskInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_tasks_list",
        parameters=[FilterSerializer],
        responses={200: TaskOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        data = validated(self.FilterSerializer, request.query_params)
        qs = selectors.task_list(
            viewer=request.user,
            scope=data.get("scope") or "mine",
            open_only=not data.get("all"),
        )
        return self.page(request, qs, TaskOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_tasks_create",
        request=InputSerializer,
        responses={201: TaskOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        task = services.task_create(
            actor=request.user,
            title=data["title"],
            due_on=data["due_on"],
            customer_id=data.get("customer"),
            report_id=data.get("report"),
        )
        task = selectors.task_get(viewer=request.user, task_id=task.pk)
        return Response(TaskOutputSerializer(task).data, status=status.HTTP_201_CREATED)


class TaskCompleteApi(APIView):
    class InputSerializer(serializers.Serializer):
        note = serializers.CharField(max_length=200, required=False, allow_blank=True)

        class Meta:
            ref_name = "ActivityTaskCompleteInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_tasks_complete",
        request=InputSerializer,
        responses={200: TaskOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, task_id: int):
        given = validated(self.InputSerializer, request.data)
        services.task_complete(actor=request.user, task_id=task_id, note=given.get("note", ""))
        task = selectors.task_get(viewer=request.user, task_id=task_id)
        return Response(TaskOutputSerializer(task).data)
