"""Approve, reject, or return to a named earlier step, with an opinion (BR-APR-01)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.models import (
    ApprovalRequest,
    ApprovalStep,
    ApprovalTask,
    Decision,
    EventAction,
    RequestState,
    StepState,
    TaskOrigin,
    TaskState,
)
from l2c.approvals.services._common import person_name, record_event
from l2c.approvals.services.decisions.common import open_request_and_step, own_open_task
from l2c.approvals.services.rounds import activate_from, finish_request
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError


@transaction.atomic
def approval_decide(
    *,
    actor,
    request_id: int,
    decision: str,
    opinion: str = "",
    return_to: int | None = None,
) -> ApprovalRequest:
    """Approve, reject, or return to a named earlier step, with an opinion (BR-APR-01)."""
    if decision not in Decision.values:
        raise BusinessRuleError("BR-APR-01", _("请选择审批意见。"), field="decision")
    opinion = (opinion or "").strip()
    if len(opinion) > 2000:
        raise BusinessRuleError("BR-APR-01", _("意见不能超过 2000 字。"), field="opinion")
    now = timezone.now()
    request, step = open_request_and_step(request_id)
    task = own_open_task(request, step, actor, now)
    if decision != Decision.APPROVE and not opinion:
        raise BusinessRuleError(
            "BR-APR-01", _("不同意或退回时请填写意见。"), code="opinion_required", field="opinion"
        )
    if decision == Decision.RETURN:
        target = _return_target(request, step, return_to)
    task.opinion = opinion or _("同意")
    task.decided_at = now
    task.decided_by = actor
    on_behalf = task.approver_id != actor.pk
    extra = {"on_behalf_of": person_name(task.approver)} if on_behalf else {}
    if decision == Decision.APPROVE:
        task.state = TaskState.APPROVED
        task.save(update_fields=["state", "opinion", "decided_at", "decided_by"])
        record_event(
            request,
            EventAction.APPROVED,
            actor=actor,
            step_index=step.index,
            comment=task.opinion,
            extra=extra,
            at=now,
        )
        if task.origin == TaskOrigin.ADMIN_FALLBACK:
            # the administrators stand in as one signer: one of them settles their part
            ApprovalTask.objects.filter(
                step=step, state=TaskState.PENDING, origin=TaskOrigin.ADMIN_FALLBACK
            ).update(state=TaskState.CANCELLED)
        still_open = ApprovalTask.objects.filter(step=step, state=TaskState.PENDING)
        if step.mode == "any" or not still_open.exists():
            still_open.update(state=TaskState.CANCELLED)
            step.state = StepState.APPROVED
            step.decided_at = now
            step.save(update_fields=["state", "decided_at"])
            activate_from(request, step.index + 1, actor=actor, now=now)
    elif decision == Decision.REJECT:
        task.state = TaskState.REJECTED
        task.save(update_fields=["state", "opinion", "decided_at", "decided_by"])
        step.state = StepState.REJECTED
        step.decided_at = now
        step.save(update_fields=["state", "decided_at"])
        record_event(
            request,
            EventAction.REJECTED,
            actor=actor,
            step_index=step.index,
            comment=opinion,
            extra=extra,
            at=now,
        )
        request.rejected_step = step.index
        finish_request(request, RequestState.REJECTED, actor=actor, now=now, comment=opinion)
    else:
        task.state = TaskState.RETURNED
        task.return_to = target.index
        task.save(update_fields=["state", "opinion", "decided_at", "decided_by", "return_to"])
        ApprovalTask.objects.filter(step=step, state=TaskState.PENDING).update(
            state=TaskState.CANCELLED
        )
        step.state = StepState.RETURNED
        step.decided_at = now
        step.save(update_fields=["state", "decided_at"])
        ApprovalStep.objects.filter(
            request=request, round=request.round, index__gt=target.index, index__lt=step.index
        ).exclude(state=StepState.SKIPPED).update(
            state=StepState.WAITING, decided_at=None, started_at=None, deadline_at=None
        )
        ApprovalStep.objects.filter(pk=step.pk).update(state=StepState.WAITING)
        record_event(
            request,
            EventAction.RETURNED,
            actor=actor,
            step_index=step.index,
            comment=opinion,
            extra={**extra, "to_step": target.index, "to_name": target.name},
            at=now,
        )
        target.state = StepState.WAITING
        target.save(update_fields=["state"])
        activate_from(request, target.index, actor=actor, now=now)
    audit_record(
        actor=actor,
        action=f"approval.{decision}",
        obj=request,
        rule="BR-APR-01",
        extra={"step": step.name, "opinion": task.opinion, **extra},
    )
    request.refresh_from_db()
    return request


def _return_target(request, step, return_to) -> ApprovalStep:
    try:
        index = int(return_to)
    except (TypeError, ValueError) as exc:
        raise BusinessRuleError("BR-APR-01", _("请选择退回到哪一步。"), field="return_to") from exc
    target = (
        ApprovalStep.objects.select_for_update()
        .filter(request=request, round=request.round, index=index, index__lt=step.index)
        .exclude(state=StepState.SKIPPED)
        .first()
    )
    if target is None:
        raise BusinessRuleError(
            "BR-APR-01", _("只能退回到本轮已经审批过的前面步骤。"), field="return_to"
        )
    return target
