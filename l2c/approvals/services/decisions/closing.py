"""A request ended before its decision: withdrawn by the requester or cancelled by the
owning module (BR-APR-06); and the guard that keeps a document in approval read-only."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.models import ApprovalRequest, ApprovalTask, EventAction, RequestState, TaskState
from l2c.approvals.services._common import locked_request, notify_people, record_event
from l2c.approvals.services.rounds import finish_request
from l2c.audit.models import object_type_of
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError


@transaction.atomic
def approval_withdraw(*, actor, request_id: int, reason: str = "") -> ApprovalRequest:
    """The requester takes the request back while it is in approval (BR-APR-06)."""
    request = locked_request(request_id)
    if request.requester_id != actor.pk:
        raise PermissionDeniedError("BR-APR-06", _("只有申请人可以撤回。"))
    if request.state != RequestState.IN_APPROVAL:
        raise ConflictError("BR-APR-06", _("只有审批中的申请可以撤回。"), code="not_in_approval")
    now = timezone.now()
    waiting = list(
        ApprovalTask.objects.filter(request=request, state=TaskState.PENDING).select_related(
            "approver"
        )
    )
    record_event(request, EventAction.WITHDRAWN, actor=actor, comment=reason.strip()[:2000], at=now)
    finish_request(request, RequestState.WITHDRAWN, actor=actor, now=now, comment=reason)
    notify_people(
        [t.approver for t in waiting],
        "approval.outcome",
        _("申请人已撤回：%(t)s") % {"t": request.title},
        reason,
        request,
        key=f"approval-{request.pk}-r{request.round}-withdrawn-approvers",
    )
    audit_record(
        actor=actor,
        action="approval.withdraw",
        obj=request,
        rule="BR-APR-06",
        extra={"reason": reason},
    )
    return request


@transaction.atomic
def approval_cancel(*, actor, request_id: int, reason: str) -> ApprovalRequest:
    """The owning module cancels the request (its document was voided) (BR-APR-06)."""
    request = locked_request(request_id)
    if request.state in {RequestState.APPROVED, RequestState.CANCELLED}:
        raise ConflictError("BR-APR-06", _("该申请已结束，不能取消。"), code="ended")
    now = timezone.now()
    record_event(request, EventAction.CANCELLED, actor=actor, comment=reason, at=now)
    finish_request(request, RequestState.CANCELLED, actor=actor, now=now, comment=reason)
    audit_record(
        actor=actor,
        action="approval.cancel",
        obj=request,
        rule="BR-APR-06",
        extra={"reason": reason},
    )
    return request


def ensure_editable(obj: Model) -> None:
    """BR-APR-06: a document in approval is read-only."""
    if ApprovalRequest.objects.filter(
        object_type=object_type_of(obj), object_id=str(obj.pk), state=RequestState.IN_APPROVAL
    ).exists():
        raise BusinessRuleError(
            "BR-APR-06",
            _("该单据正在审批中，不能修改；如需修改请先撤回。"),
            code="in_approval",
        )
