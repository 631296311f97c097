"""API of work logs and the assistant's daily summary (BR-ACT-03)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.activities import selectors, services
from l2c.activities.apis._common import (
    TAG,
    ActivitiesListApi,
    PersonRefField,
    ScopeFilterSerializer,
)
from l2c.core.api import READ_ERRORS, WRITE_ERRORS, ErrorSerializer, validated

TEXT = {"max_length": 4000, "required": False, "allow_blank": True}


class WorkLogOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = PersonRefField()
    day = serializers.DateField()
    work_done = serializers.CharField()
    customer_feedback = serializers.CharField()
    suggestions = serializers.CharField()
    plan_next = serializers.CharField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField()

    class Meta:
        ref_name = "WorkLog"


class WorkLogInputSerializer(serializers.Serializer):
    work_done = serializers.CharField(max_length=4000)
    customer_feedback = serializers.CharField(**TEXT)
    suggestions = serializers.CharField(**TEXT)
    plan_next = serializers.CharField(**TEXT)
    version = serializers.IntegerField(
        min_value=0, max_value=2**31, required=False, help_text="修改今天的日志时带上"
    )

    class Meta:
        ref_name = "WorkLogInput"


class WorkLogsApi(ActivitiesListApi):
    """GET: work logs in scope (``day`` filters one day). POST: write today's log — again
    to correct it; one per person and day, editable that day only (BR-ACT-03)."""

    class FilterSerializer(ScopeFilterSerializer):
        day = serializers.DateField(required=False)

        class Meta:
            ref_name = "WorkLogFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_work_logs_list",
        parameters=[FilterSerializer],
        responses={200: WorkLogOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        qs = selectors.work_log_list(
            viewer=request.user,
            scope=self.scope(request, filters),
            day=filters.get("day"),
        )
        return self.page(request, qs, WorkLogOutputSerializer)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_work_logs_save_today",
        request=WorkLogInputSerializer,
        responses={200: WorkLogOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = dict(validated(WorkLogInputSerializer, request.data))
        version = data.pop("version", None)
        log = services.work_log_save(actor=request.user, data=data, expected_version=version)
        return Response(WorkLogOutputSerializer(log).data)


class WorkLogDetailApi(APIView):
    class UpdateSerializer(serializers.Serializer):
        version = serializers.IntegerField(min_value=0, max_value=2**31)
        work_done = serializers.CharField(max_length=4000, required=False)
        customer_feedback = serializers.CharField(**TEXT)
        suggestions = serializers.CharField(**TEXT)
        plan_next = serializers.CharField(**TEXT)

        class Meta:
            ref_name = "WorkLogUpdateInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_work_logs_retrieve",
        responses={200: WorkLogOutputSerializer, **READ_ERRORS},
    )
    def get(self, request, log_id: int):
        log = selectors.work_log_get(viewer=request.user, log_id=log_id)
        return Response(WorkLogOutputSerializer(log).data)

    @extend_schema(
        tags=[TAG],
        operation_id="activities_work_logs_partial_update",
        request=UpdateSerializer,
        responses={200: WorkLogOutputSerializer, **WRITE_ERRORS},
    )
    def patch(self, request, log_id: int):
        selectors.work_log_get(viewer=request.user, log_id=log_id)
        data = dict(validated(self.UpdateSerializer, request.data))
        version = data.pop("version")
        log = services.work_log_update(
            actor=request.user, log_id=log_id, data=data, expected_version=version
        )
        return Response(WorkLogOutputSerializer(log).data)


class SummaryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = PersonRefField()
    department = serializers.IntegerField(source="department_id")
    department_name = serializers.CharField(source="department.name")
    day = serializers.DateField()
    summary = serializers.CharField()
    orders = serializers.CharField()
    rep_feedback = serializers.CharField()
    customer_feedback = serializers.CharField()
    sent_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()

    class Meta:
        ref_name = "DailySummary"


class SummariesApi(ActivitiesListApi):
    """GET: daily summaries in scope. POST: the assistant writes (or corrects, until sent)
    today's summary of the department (BR-ACT-03)."""

    class InputSerializer(serializers.Serializer):
        summary = serializers.CharField(max_length=4000)
        orders = serializers.CharField(**TEXT)
        rep_feedback = serializers.CharField(**TEXT)
        customer_feedback = serializers.CharField(**TEXT)
        version = serializers.IntegerField(min_value=0, max_value=2**31, required=False)

        class Meta:
            ref_name = "DailySummaryInput"

    @extend_schema(
        tags=[TAG],
        operation_id="activities_daily_summaries_list",
        responses={200: SummaryOutputSerializer(many=True)},
    )
    def get(self, request):
        return self.page(
            request, selectors.daily_summary_list(viewer=request.user), SummaryOutputSerializer
        )

    @extend_schema(
        tags=[TAG],
        operation_id="activities_daily_summaries_save_today",
        request=InputSerializer,
        responses={200: SummaryOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request):
        data = dict(validated(self.InputSerializer, request.data))
        version = data.pop("version", None)
        summary = services.daily_summary_save(
            actor=request.user, data=data, expected_version=version
        )
        summary = selectors.daily_summary_get(viewer=request.user, summary_id=summary.pk)
        return Response(SummaryOutputSerializer(summary).data)


class SummaryDetailApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="activities_daily_summaries_retrieve",
        responses={200: SummaryOutputSerializer, **READ_ERRORS},
    )
    def get(self, request, summary_id: int):
        summary = selectors.daily_summary_get(viewer=request.user, summary_id=summary_id)
        return Response(SummaryOutputSerializer(summary).data)


class SummarySendApi(APIView):
    """Send the summary to the GM and the department's sales manager (once)."""

    @extend_schema(
        tags=[TAG],
        operation_id="activities_daily_summaries_send",
        request=None,
        responses={200: SummaryOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request, summary_id: int):
        services.daily_summary_send(actor=request.user, summary_id=summary_id)
        summary = selectors.daily_summary_get(viewer=request.user, summary_id=summary_id)
        return Response(SummaryOutputSerializer(summary).data, status=status.HTTP_200_OK)
