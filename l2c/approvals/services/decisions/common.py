"""What the actions on a request in approval share: the request open for a decision
with its current step, and the actor's own open task on it — or why there is none
(BR-APR-01, 03, 05, 06)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.models import (
    ApprovalRequest,
    ApprovalStep,
    ApprovalTask,
    RequestState,
    TaskState,
)
from l2c.approvals.services._common import locked_current_step, locked_request, person_name
from l2c.core.errors import ConflictError, PermissionDeniedError


def own_open_task(request: ApprovalRequest, step: ApprovalStep, actor, now) -> ApprovalTask:
    """The actor's open task on the current step: as approver, or as the approver's
    superior once the task has escalated (BR-APR-03)."""
    tasks = ApprovalTask.objects.select_for_update().filter(step=step, state=TaskState.PENDING)
    mine = tasks.filter(approver=actor).first()
    if mine is None:
        mine = tasks.filter(escalate_to=actor, escalates_at__lte=now).first()
    if mine is not None:
        return mine
    if actor.pk == request.requester_id:
        raise PermissionDeniedError(
            "BR-APR-05", _("不能审批自己提交的申请。"), code="self_approval"
        )
    # The actor's task was settled by someone else — on this step, or on an earlier 或签 step
    # of this round that another approver decided while the actor was deciding.
    settled = (
        ApprovalTask.objects.filter(
            request=request, step__round=request.round, approver=actor, state=TaskState.CANCELLED
        )
        .select_related("step")
        .order_by("-step__index")
        .first()
    )
    transferred = ApprovalTask.objects.filter(
        step=step, approver=actor, state=TaskState.TRANSFERRED
    ).exists()
    if transferred:
        raise ConflictError(
            "BR-APR-01", _("您已将该审批转办他人，不能再处理。"), code="already_decided"
        )
    own = (
        ApprovalTask.objects.filter(step=step, decided_by=actor, decided_at__isnull=False)
        .order_by("-decided_at")
        .first()
    )
    if own is not None:
        raise ConflictError(
            "BR-APR-01",
            _("您已于 %(when)s 处理过本步骤（%(what)s），不能重复处理。")
            % {
                "when": timezone.localtime(own.decided_at).strftime("%m-%d %H:%M"),
                "what": own.get_state_display(),
            },
            code="already_decided",
        )
    if settled is not None:
        decided = (
            ApprovalTask.objects.filter(step=settled.step, decided_at__isnull=False)
            .select_related("decided_by")
            .order_by("-decided_at")
            .first()
        )
        who = person_name(decided.decided_by) if decided else ""
        raise ConflictError(
            "BR-APR-01",
            _("该步骤已由%(who)s处理，您的操作未生效。") % {"who": who or _("他人")},
            code="already_decided",
        )
    raise PermissionDeniedError("BR-APR-01", _("您不是当前步骤的审批人。"), code="not_approver")


def open_request_and_step(request_id: int) -> tuple[ApprovalRequest, ApprovalStep]:
    request = locked_request(request_id)
    if request.state != RequestState.IN_APPROVAL or request.current_step is None:
        raise ConflictError(
            "BR-APR-06",
            _("该申请当前状态为“%(state)s”，不能再处理。")
            % {"state": RequestState(request.state).label},
            code="not_in_approval",
        )
    return request, locked_current_step(request)
