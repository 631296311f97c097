"""Requests: list, detail with timeline and actions, and the actions (BR-APR-01, 05, 06)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.approvals import selectors, services
from l2c.approvals.apis._common import (
    STATE_HELP,
    TAG,
    ApprovalPagination,
    approval_kind_label,
    name_of,
    person_id_of,
    with_current_step,
)
from l2c.approvals.models import Decision, RequestState
from l2c.core.api import ErrorSerializer, ObjectActionApi, paginated, validated
from l2c.org.fields import PersonIdField, user_ids_of


class ApprovalRequestListOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="审批类型，如 discount")
    kind_label = serializers.SerializerMethodField()
    title = serializers.CharField()
    state = serializers.CharField(help_text=STATE_HELP)
    state_label = serializers.CharField(source="get_state_display")
    requester = serializers.SerializerMethodField(help_text="申请人的员工 id")
    requester_name = serializers.SerializerMethodField()
    round = serializers.IntegerField(help_text="提交轮次")
    current_step = serializers.IntegerField(allow_null=True, help_text="当前步骤序号")
    current_step_name = serializers.CharField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()

    class Meta:
        ref_name = "ApprovalRequestListItem"

    def get_kind_label(self, obj) -> str:
        return approval_kind_label(obj.kind)

    def get_requester(self, obj) -> int | None:
        return person_id_of(obj.requester)

    def get_requester_name(self, obj) -> str:
        return name_of(obj.requester) or ""


class ApprovalRequestListApi(APIView):
    """The approval requests the viewer may see (BR-ORG-02): their scope, plus every
    request they approve, were escalated or were copied on."""

    pagination_class = ApprovalPagination

    class FilterSerializer(serializers.Serializer):
        state = serializers.ChoiceField(choices=RequestState.choices, required=False)
        kind = serializers.CharField(required=False, max_length=50, help_text="审批类型")

        class Meta:
            ref_name = "ApprovalRequestFilter"

    @extend_schema(
        tags=[TAG],
        operation_id="approval_requests_list",
        parameters=[FilterSerializer],
        responses={200: ApprovalRequestListOutputSerializer(many=True), 422: ErrorSerializer},
    )
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        qs = selectors.approval_request_list(viewer=request.user, **filters)
        return paginated(self, request, with_current_step(qs), ApprovalRequestListOutputSerializer)


# --- one request: timeline and actions ---------------------------------------------------


class ApprovalTaskOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    approver = serializers.SerializerMethodField(help_text="审批人的员工 id")
    approver_name = serializers.SerializerMethodField()
    origin = serializers.CharField(help_text="chain / transfer / add_signer / admin")
    origin_label = serializers.CharField(source="get_origin_display")
    state = serializers.CharField(
        help_text="pending / approved / rejected / returned / transferred / cancelled"
    )
    state_label = serializers.CharField(source="get_state_display")
    opinion = serializers.CharField()
    return_to = serializers.IntegerField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decided_by_name = serializers.SerializerMethodField(
        help_text="实际处理人（可能是升级后的上级）"
    )
    deadline_at = serializers.DateTimeField(allow_null=True)
    escalates_at = serializers.DateTimeField(
        allow_null=True, help_text="自此时起上级也可审批（BR-APR-03）"
    )
    escalate_to_name = serializers.SerializerMethodField()

    class Meta:
        ref_name = "ApprovalTask"

    def get_approver(self, task) -> int | None:
        return person_id_of(task.approver)

    def get_approver_name(self, task) -> str:
        return name_of(task.approver) or ""

    def get_decided_by_name(self, task) -> str | None:
        return name_of(task.decided_by)

    def get_escalate_to_name(self, task) -> str | None:
        return name_of(task.escalate_to)


class ApprovalStepOutputSerializer(serializers.Serializer):
    index = serializers.IntegerField(source="step.index")
    name = serializers.CharField(source="step.name")
    mode = serializers.CharField(source="step.mode", help_text="all 会签 / any 或签")
    state = serializers.CharField(source="step.state")
    state_label = serializers.CharField(source="step.get_state_display")
    note = serializers.CharField(source="step.note")
    approvers_text = serializers.CharField(source="step.approvers_text")
    deadline_text = serializers.CharField(source="step.deadline_text")
    deadline_at = serializers.DateTimeField(source="step.deadline_at", allow_null=True)
    started_at = serializers.DateTimeField(source="step.started_at", allow_null=True)
    decided_at = serializers.DateTimeField(source="step.decided_at", allow_null=True)
    overdue = serializers.BooleanField()
    is_current = serializers.BooleanField()
    tasks = ApprovalTaskOutputSerializer(many=True)

    class Meta:
        ref_name = "ApprovalStep"


class ApprovalRoundOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    steps = ApprovalStepOutputSerializer(many=True)

    class Meta:
        ref_name = "ApprovalRound"


class ApprovalEventOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField()
    step_index = serializers.IntegerField(allow_null=True)
    action = serializers.CharField()
    action_label = serializers.CharField(source="get_action_display")
    actor_name = serializers.CharField()
    comment = serializers.CharField()
    extra = serializers.DictField()
    at = serializers.DateTimeField()

    class Meta:
        ref_name = "ApprovalEvent"


class ReturnTargetOutputSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    name = serializers.CharField()

    class Meta:
        ref_name = "ApprovalReturnTarget"


class ApprovalActionsOutputSerializer(serializers.Serializer):
    can_decide = serializers.BooleanField()
    escalated_from_name = serializers.SerializerMethodField(
        help_text="代为审批时：原审批人（BR-APR-03）"
    )
    can_withdraw = serializers.BooleanField()
    can_copy = serializers.BooleanField()
    return_targets = ReturnTargetOutputSerializer(many=True)

    class Meta:
        ref_name = "ApprovalActions"

    def get_escalated_from_name(self, actions) -> str | None:
        return name_of(actions.get("escalated_from"))


class ApprovalDetailOutputSerializer(ApprovalRequestListOutputSerializer):
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    department = serializers.IntegerField(source="department_id", allow_null=True)
    department_name = serializers.CharField(source="department.name", allow_null=True)
    facts = serializers.DictField(help_text="审批要素（提交时的金额、折扣等）")
    chain_version = serializers.IntegerField(allow_null=True)
    rounds = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        ref_name = "ApprovalRequestDetail"

    @extend_schema_field(ApprovalRoundOutputSerializer(many=True))
    def get_rounds(self, obj) -> Any:
        return ApprovalRoundOutputSerializer(self.context["rounds"], many=True).data

    @extend_schema_field(ApprovalEventOutputSerializer(many=True))
    def get_events(self, obj) -> Any:
        return ApprovalEventOutputSerializer(self.context["events"], many=True).data

    @extend_schema_field(ApprovalActionsOutputSerializer)
    def get_actions(self, obj) -> Any:
        return ApprovalActionsOutputSerializer(self.context["actions"]).data


def _detail_response(request, request_id: int) -> Response:
    """The request as stored now, with its timeline and what the viewer may do on it."""
    approval = selectors.approval_request_get(viewer=request.user, request_id=request_id)
    now = timezone.now()
    rounds, events = selectors.approval_timeline(approval, now=now)
    current = next(
        (s.step for r in rounds for s in r.steps if s.is_current),
        None,
    )
    approval.current_step_name = current.name if current is not None else None
    context = {
        "rounds": rounds,
        "events": events,
        "actions": selectors.actions_for(approval, request.user, now=now),
    }
    return Response(ApprovalDetailOutputSerializer(approval, context=context).data)


def _visible(request, request_id: int):
    """404 for whoever may not see the request (nothing is leaked), before any action."""
    return selectors.approval_request_get(viewer=request.user, request_id=request_id)


class ApprovalRequestDetailApi(APIView):
    """One request: its facts, rounds → steps → tasks, events and the viewer's actions.
    Reading a request one was copied on marks the copy read."""

    @extend_schema(
        tags=[TAG],
        operation_id="approval_requests_retrieve",
        responses={200: ApprovalDetailOutputSerializer, 404: ErrorSerializer},
    )
    def get(self, request, request_id: int):
        approval = _visible(request, request_id)
        services.approval_mark_copy_read(actor=request.user, request=approval)
        return _detail_response(request, approval.pk)


# --- actions ----------------------------------------------------------------------------


class ApprovalActionApi(ObjectActionApi):
    """An action on a request the viewer may see; the answer is the request's detail."""

    tags = [TAG]
    output = ApprovalDetailOutputSerializer

    def find(self, request, *, request_id: int):
        return _visible(request, request_id)

    def answer(self, request, approval, **kwargs) -> Response:
        return _detail_response(request, approval.pk)


def _comment_field():
    return serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ApprovalDecideApi(ApprovalActionApi):
    """Approve, reject, or return to a named earlier step, with an opinion (BR-APR-01);
    never one's own request (BR-APR-05). In a 或签 step the first decision settles it: a
    later one is refused with 409 ``already_decided``."""

    operation_id = "approval_requests_decide"

    class InputSerializer(serializers.Serializer):
        decision = serializers.ChoiceField(choices=Decision.choices)
        opinion = serializers.CharField(
            max_length=2000,
            required=False,
            allow_blank=True,
            default="",
            help_text="不同意或退回时必填",
        )
        return_to = serializers.IntegerField(
            required=False,
            allow_null=True,
            min_value=0,
            max_value=32767,
            help_text="退回时：退回到的步骤序号（见 actions.return_targets）",
        )

        class Meta:
            ref_name = "ApprovalDecideInput"

    def perform(self, request, approval, data, **kwargs) -> None:
        services.approval_decide(actor=request.user, request_id=approval.pk, **data)


class ApprovalTransferApi(ApprovalActionApi):
    """转办: hand one's task on the current step to another employee (BR-APR-01)."""

    operation_id = "approval_requests_transfer"

    class InputSerializer(serializers.Serializer):
        person = PersonIdField()
        comment = _comment_field()

        class Meta:
            ref_name = "ApprovalTransferInput"

    def perform(self, request, approval, data, **kwargs) -> None:
        services.approval_transfer(
            actor=request.user,
            request_id=approval.pk,
            to_user_id=data["person"],
            comment=data["comment"],
        )


class ApprovalAddSignerApi(ApprovalActionApi):
    """加签: add another approver to the current step (BR-APR-01)."""

    operation_id = "approval_requests_add_signer"

    class InputSerializer(serializers.Serializer):
        person = PersonIdField()
        comment = _comment_field()

        class Meta:
            ref_name = "ApprovalAddSignerInput"

    def perform(self, request, approval, data, **kwargs) -> None:
        services.approval_add_signer(
            actor=request.user,
            request_id=approval.pk,
            user_id=data["person"],
            comment=data["comment"],
        )


class ApprovalCopyApi(ApprovalActionApi):
    """抄送: inform people of the request; they may read it, not decide (BR-APR-01)."""

    operation_id = "approval_requests_copy"

    class InputSerializer(serializers.Serializer):
        people = serializers.ListField(
            child=serializers.IntegerField(min_value=1, max_value=2**62),
            allow_empty=False,
            max_length=50,
            help_text="抄送人的员工 id 列表（/api/v1/people/ 的 id），最多 50 人",
        )

        class Meta:
            ref_name = "ApprovalCopyInput"

        def validate_people(self, value: list[int]) -> list[int]:
            user_ids = user_ids_of(value)
            unknown = sorted(set(value) - set(user_ids))
            if unknown:
                raise serializers.ValidationError(
                    _("未找到员工：%(ids)s。") % {"ids": "、".join(map(str, unknown))}
                )
            return [user_ids[i] for i in dict.fromkeys(value)]

    def perform(self, request, approval, data, **kwargs) -> None:
        services.approval_copy(actor=request.user, request_id=approval.pk, user_ids=data["people"])


class ApprovalWithdrawApi(ApprovalActionApi):
    """The requester takes the request back while it is in approval (BR-APR-06)."""

    operation_id = "approval_requests_withdraw"

    class InputSerializer(serializers.Serializer):
        reason = _comment_field()

        class Meta:
            ref_name = "ApprovalWithdrawInput"

    def perform(self, request, approval, data, **kwargs) -> None:
        services.approval_withdraw(
            actor=request.user, request_id=approval.pk, reason=data["reason"]
        )


# --- the inbox --------------------------------------------------------------------------
