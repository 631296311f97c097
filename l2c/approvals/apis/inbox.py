"""The approval inbox: waiting / done / copied / mine, and the counts (BR-RPT-05)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.approvals import selectors
from l2c.approvals.apis._common import (
    STATE_HELP,
    TAG,
    ApprovalPagination,
    approval_kind_label,
    name_of,
    with_current_step,
)
from l2c.approvals.models import RequestState, TaskState
from l2c.core.api import ErrorSerializer


class InboxItemOutputSerializer(serializers.Serializer):
    request = serializers.IntegerField(help_text="审批申请 id")
    task = serializers.IntegerField(allow_null=True, help_text="待办/已办：审批任务 id")
    title = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    state = serializers.CharField(help_text=f"审批申请的状态：{STATE_HELP}")
    state_label = serializers.CharField()
    step_name = serializers.CharField(allow_null=True)
    deadline_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    requester_name = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    task_state = serializers.CharField(allow_null=True, help_text="待办/已办：任务状态")
    decided_at = serializers.DateTimeField(allow_null=True)
    read = serializers.BooleanField(allow_null=True, help_text="抄送我的：是否已读")

    class Meta:
        ref_name = "ApprovalInboxItem"


def _request_item(approval, now, **extra) -> dict[str, Any]:
    deadline = getattr(approval, "current_step_deadline_at", None)
    open_ = approval.state == RequestState.IN_APPROVAL
    return {
        "request": approval.pk,
        "task": None,
        "title": approval.title,
        "kind": approval.kind,
        "kind_label": approval_kind_label(approval.kind),
        "state": approval.state,
        "state_label": approval.get_state_display(),
        "step_name": getattr(approval, "current_step_name", None) if open_ else None,
        "deadline_at": deadline if open_ else None,
        "overdue": bool(open_ and deadline and deadline < now),
        "requester_name": name_of(approval.requester) or "",
        "submitted_at": approval.submitted_at,
        "task_state": None,
        "decided_at": None,
        "read": None,
        **extra,
    }


def _task_item(task, now) -> dict[str, Any]:
    pending = task.state == TaskState.PENDING
    return _request_item(
        task.request,
        now,
        task=task.pk,
        step_name=task.step.name,
        deadline_at=task.deadline_at,
        overdue=bool(pending and task.deadline_at and task.deadline_at < now),
        task_state=task.state,
        decided_at=task.decided_at,
    )


class ApprovalInboxApi(APIView):
    """The viewer's approval inbox: ``waiting`` (tasks to decide now, including those
    escalated to them, BR-APR-03), ``done``, ``copied`` and ``mine``."""

    pagination_class = ApprovalPagination

    class FilterSerializer(serializers.Serializer):
        box = serializers.ChoiceField(
            choices=[(b, b) for b in selectors.INBOX_BOXES],
            required=False,
            default="waiting",
            help_text="waiting 待我审批 / done 我已审批 / copied 抄送我的 / mine 我发起的",
        )

        class Meta:
            ref_name = "ApprovalInboxFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="approval_inbox_list",
        parameters=[FilterSerializer],
        responses={200: InboxItemOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        box = filters.validated_data["box"]
        now = timezone.now()
        qs = selectors.approval_inbox(user=request.user, box=box, now=now)
        if box == "mine":
            qs = with_current_step(qs)
        elif box == "copied":
            qs = with_current_step(qs, prefix="request__")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        if box == "mine":
            items = [_request_item(r, now) for r in page]
        elif box == "copied":
            items = [
                _request_item(
                    _copied_request(c),
                    now,
                    read=c.read_at is not None,
                )
                for c in page
            ]
        else:
            items = [_task_item(t, now) for t in page]
        return paginator.get_paginated_response(InboxItemOutputSerializer(items, many=True).data)


def _copied_request(copy):
    """The copied request, carrying the current step annotated on the copy row."""
    approval = copy.request
    approval.current_step_name = copy.current_step_name
    approval.current_step_deadline_at = copy.current_step_deadline_at
    return approval


class InboxCountsOutputSerializer(serializers.Serializer):
    waiting = serializers.IntegerField(help_text="待我审批")
    copied_unread = serializers.IntegerField(help_text="抄送我的未读")

    class Meta:
        ref_name = "ApprovalInboxCounts"


class ApprovalInboxCountsApi(APIView):
    @extend_schema(
        tags=[TAG],
        operation_id="approval_inbox_counts",
        responses={200: InboxCountsOutputSerializer},
    )
    def get(self, request):
        counts = selectors.inbox_counts(user=request.user, now=timezone.now())
        return Response(InboxCountsOutputSerializer(counts).data)
