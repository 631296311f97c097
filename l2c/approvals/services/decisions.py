"""Decisions and the other actions on a request in approval (BR-APR-01, 05, 06)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.models import (
    ApprovalCopy,
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
from l2c.approvals.services._common import (
    _current_step,
    _event,
    _locked,
    _name,
    _notify,
)
from l2c.approvals.services.rounds import _activate_from, _finish, _make_task
from l2c.audit.models import object_type_of
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.org.models import Person

# --- decisions ------------------------------------------------------------------------


def _my_task(request: ApprovalRequest, step: ApprovalStep, actor, now) -> ApprovalTask:
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
        who = _name(decided.decided_by) if decided else ""
        raise ConflictError(
            "BR-APR-01",
            _("该步骤已由%(who)s处理，您的操作未生效。") % {"who": who or _("他人")},
            code="already_decided",
        )
    raise PermissionDeniedError("BR-APR-01", _("您不是当前步骤的审批人。"), code="not_approver")


def _open_request_and_step(request_id: int) -> tuple[ApprovalRequest, ApprovalStep]:
    request = _locked(request_id)
    if request.state != RequestState.IN_APPROVAL or request.current_step is None:
        raise ConflictError(
            "BR-APR-06",
            _("该申请当前状态为“%(state)s”，不能再处理。")
            % {"state": RequestState(request.state).label},
            code="not_in_approval",
        )
    return request, _current_step(request)


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
    request, step = _open_request_and_step(request_id)
    task = _my_task(request, step, actor, now)
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
    extra = {"on_behalf_of": _name(task.approver)} if on_behalf else {}
    if decision == Decision.APPROVE:
        task.state = TaskState.APPROVED
        task.save(update_fields=["state", "opinion", "decided_at", "decided_by"])
        _event(
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
            _activate_from(request, step.index + 1, actor=actor, now=now)
    elif decision == Decision.REJECT:
        task.state = TaskState.REJECTED
        task.save(update_fields=["state", "opinion", "decided_at", "decided_by"])
        step.state = StepState.REJECTED
        step.decided_at = now
        step.save(update_fields=["state", "decided_at"])
        _event(
            request,
            EventAction.REJECTED,
            actor=actor,
            step_index=step.index,
            comment=opinion,
            extra=extra,
            at=now,
        )
        request.rejected_step = step.index
        _finish(request, RequestState.REJECTED, actor=actor, now=now, comment=opinion)
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
        _event(
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
        _activate_from(request, target.index, actor=actor, now=now)
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


def _other_person(user_id: int | None, *, field: str):
    person = (
        Person.objects.select_related("user")
        .filter(user_id=user_id, left_on__isnull=True, user__is_active=True)
        .first()
        if isinstance(user_id, int)
        else None
    )
    if person is None:
        raise BusinessRuleError("BR-APR-01", _("请选择一位在职员工。"), field=field)
    return person.user


def _check_new_approver(request, step, actor, target) -> None:
    if target.pk == request.requester_id:
        raise BusinessRuleError(
            "BR-APR-05", _("不能把审批交给申请人本人。"), code="self_approval", field="person"
        )
    if target.pk == actor.pk:
        raise BusinessRuleError("BR-APR-01", _("请选择其他人。"), field="person")
    if (
        ApprovalTask.objects.filter(step=step, approver=target, state=TaskState.PENDING).exists()
        or ApprovalTask.objects.filter(
            step=step, decided_by=target, state=TaskState.APPROVED, decided_at__gte=step.started_at
        ).exists()
    ):
        # nobody signs one step twice (a 会签 must have as many people as signatures)
        raise BusinessRuleError(
            "BR-APR-01", _("%(who)s已是本步骤的审批人。") % {"who": _name(target)}, field="person"
        )


@transaction.atomic
def approval_transfer(
    *, actor, request_id: int, to_user_id: int, comment: str = ""
) -> ApprovalRequest:
    """转办: hand one's task on the current step to someone else (BR-APR-01)."""
    now = timezone.now()
    request, step = _open_request_and_step(request_id)
    task = _my_task(request, step, actor, now)
    target = _other_person(to_user_id, field="person")
    _check_new_approver(request, step, actor, target)
    task.state = TaskState.TRANSFERRED
    task.opinion = comment.strip()[:2000]
    task.decided_at = now
    task.decided_by = actor
    task.save(update_fields=["state", "opinion", "decided_at", "decided_by"])
    _make_task(
        step,
        target,
        origin=TaskOrigin.TRANSFER,
        now=now,
        from_task=task,
        deadline=task.deadline_at,
        escalates=task.escalates_at,
    )
    _event(
        request,
        EventAction.TRANSFERRED,
        actor=actor,
        step_index=step.index,
        comment=task.opinion,
        extra={"to": _name(target)},
        at=now,
    )
    _notify(
        [target],
        "approval.task",
        _("转办给您：%(t)s") % {"t": request.title},
        _("%(who)s 转办") % {"who": _name(actor)},
        request,
        key=f"approval-transfer-{task.pk}",
    )
    audit_record(
        actor=actor,
        action="approval.transfer",
        obj=request,
        rule="BR-APR-01",
        extra={"step": step.name, "to": _name(target)},
    )
    return request


@transaction.atomic
def approval_add_signer(
    *, actor, request_id: int, user_id: int, comment: str = ""
) -> ApprovalRequest:
    """加签: add another approver to the current step (BR-APR-01). In a 会签 step the new
    signer must approve too; in a 或签 step the new signer may settle it."""
    now = timezone.now()
    request, step = _open_request_and_step(request_id)
    task = _my_task(request, step, actor, now)
    target = _other_person(user_id, field="person")
    _check_new_approver(request, step, actor, target)
    added = _make_task(
        step,
        target,
        origin=TaskOrigin.ADD_SIGNER,
        now=now,
        from_task=task,
        deadline=task.deadline_at,
        escalates=task.escalates_at,
    )
    _event(
        request,
        EventAction.SIGNER_ADDED,
        actor=actor,
        step_index=step.index,
        comment=comment.strip()[:2000],
        extra={"signer": _name(target)},
        at=now,
    )
    _notify(
        [target],
        "approval.task",
        _("加签请您审批：%(t)s") % {"t": request.title},
        _("%(who)s 加签") % {"who": _name(actor)},
        request,
        key=f"approval-task-{added.pk}",
    )
    audit_record(
        actor=actor,
        action="approval.add_signer",
        obj=request,
        rule="BR-APR-01",
        extra={"step": step.name, "signer": _name(target)},
    )
    return request


@transaction.atomic
def approval_copy(*, actor, request_id: int, user_ids: Iterable[int]) -> list[ApprovalCopy]:
    """抄送: inform people of the request; they may read it, not decide (BR-APR-01)."""
    request = _locked(request_id)
    involved = (
        request.requester_id == actor.pk
        or ApprovalTask.objects.filter(request=request, approver=actor).exists()
    )
    if not involved:
        raise PermissionDeniedError("BR-APR-01", _("只有申请人或审批人可以抄送。"))
    ids = sorted({i for i in user_ids if isinstance(i, int)})[:50]
    if not ids:
        raise BusinessRuleError("BR-APR-01", _("请选择抄送人。"), field="people")
    targets = [_other_person(i, field="people") for i in ids]
    existing = set(
        ApprovalCopy.objects.filter(request=request, recipient__in=targets).values_list(
            "recipient_id", flat=True
        )
    )
    new = [t for t in targets if t.pk not in existing]
    copies = [
        ApprovalCopy.objects.create(request=request, recipient=t, added_by=actor) for t in new
    ]
    if new:
        _event(request, EventAction.COPIED, actor=actor, extra={"people": [_name(t) for t in new]})
        _notify(
            new,
            "approval.copy",
            _("抄送给您：%(t)s") % {"t": request.title},
            _("%(who)s 抄送") % {"who": _name(actor)},
            request,
            key=f"approval-copy-{'-'.join(str(c.pk) for c in copies)}",
        )
        audit_record(
            actor=actor,
            action="approval.copy",
            obj=request,
            rule="BR-APR-01",
            extra={"to": [_name(t) for t in new]},
        )
    return copies


@transaction.atomic
def approval_withdraw(*, actor, request_id: int, reason: str = "") -> ApprovalRequest:
    """The requester takes the request back while it is in approval (BR-APR-06)."""
    request = _locked(request_id)
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
    _event(request, EventAction.WITHDRAWN, actor=actor, comment=reason.strip()[:2000], at=now)
    _finish(request, RequestState.WITHDRAWN, actor=actor, now=now, comment=reason)
    _notify(
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
    request = _locked(request_id)
    if request.state in {RequestState.APPROVED, RequestState.CANCELLED}:
        raise ConflictError("BR-APR-06", _("该申请已结束，不能取消。"), code="ended")
    now = timezone.now()
    _event(request, EventAction.CANCELLED, actor=actor, comment=reason, at=now)
    _finish(request, RequestState.CANCELLED, actor=actor, now=now, comment=reason)
    audit_record(
        actor=actor,
        action="approval.cancel",
        obj=request,
        rule="BR-APR-06",
        extra={"reason": reason},
    )
    return request


def approval_mark_copy_read(*, actor, request: ApprovalRequest) -> None:
    """Reading a request one was copied on marks the copy read (not a business action)."""
    ApprovalCopy.objects.filter(request=request, recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- the guard the owning modules call ------------------------------------------------


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
