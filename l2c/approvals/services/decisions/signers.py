"""转办, 加签 and 抄送: a task handed to someone else, another signer added to the
current step, people informed of the request (BR-APR-01, 05)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.models import (
    ApprovalCopy,
    ApprovalRequest,
    ApprovalTask,
    EventAction,
    TaskOrigin,
    TaskState,
)
from l2c.approvals.services._common import locked_request, notify_people, person_name, record_event
from l2c.approvals.services.decisions.common import open_request_and_step, own_open_task
from l2c.approvals.services.rounds import make_task
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.org.models import Person


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
            "BR-APR-01",
            _("%(who)s已是本步骤的审批人。") % {"who": person_name(target)},
            field="person",
        )


def _new_approver(*, actor, request_id: int, user_id: int | None):
    """For 转办 and 加签: the moment, the open request and its current step, the actor's own
    open task on it, and the person to approve instead of or beside the actor (checked)."""
    now = timezone.now()
    request, step = open_request_and_step(request_id)
    task = own_open_task(request, step, actor, now)
    target = _other_person(user_id, field="person")
    _check_new_approver(request, step, actor, target)
    return now, request, step, task, target


def _task_next_to(task, step, target, *, origin: str, now):
    """``target``'s task on ``step``, come from ``task`` and on its deadlines."""
    return make_task(
        step,
        target,
        origin=origin,
        now=now,
        from_task=task,
        deadline=task.deadline_at,
        escalates=task.escalates_at,
    )


@transaction.atomic
def approval_transfer(
    *, actor, request_id: int, to_user_id: int, comment: str = ""
) -> ApprovalRequest:
    """转办: hand one's task on the current step to someone else (BR-APR-01)."""
    now, request, step, task, target = _new_approver(
        actor=actor, request_id=request_id, user_id=to_user_id
    )
    task.state = TaskState.TRANSFERRED
    task.opinion = comment.strip()[:2000]
    task.decided_at = now
    task.decided_by = actor
    task.save(update_fields=["state", "opinion", "decided_at", "decided_by"])
    _task_next_to(task, step, target, origin=TaskOrigin.TRANSFER, now=now)
    record_event(
        request,
        EventAction.TRANSFERRED,
        actor=actor,
        step_index=step.index,
        comment=task.opinion,
        extra={"to": person_name(target)},
        at=now,
    )
    notify_people(
        [target],
        "approval.task",
        _("转办给您：%(t)s") % {"t": request.title},
        _("%(who)s 转办") % {"who": person_name(actor)},
        request,
        key=f"approval-transfer-{task.pk}",
    )
    audit_record(
        actor=actor,
        action="approval.transfer",
        obj=request,
        rule="BR-APR-01",
        extra={"step": step.name, "to": person_name(target)},
    )
    return request


@transaction.atomic
def approval_add_signer(
    *, actor, request_id: int, user_id: int, comment: str = ""
) -> ApprovalRequest:
    """加签: add another approver to the current step (BR-APR-01). In a 会签 step the new
    signer must approve too; in a 或签 step the new signer may settle it."""
    now, request, step, task, target = _new_approver(
        actor=actor, request_id=request_id, user_id=user_id
    )
    added = _task_next_to(task, step, target, origin=TaskOrigin.ADD_SIGNER, now=now)
    record_event(
        request,
        EventAction.SIGNER_ADDED,
        actor=actor,
        step_index=step.index,
        comment=comment.strip()[:2000],
        extra={"signer": person_name(target)},
        at=now,
    )
    notify_people(
        [target],
        "approval.task",
        _("加签请您审批：%(t)s") % {"t": request.title},
        _("%(who)s 加签") % {"who": person_name(actor)},
        request,
        key=f"approval-task-{added.pk}",
    )
    audit_record(
        actor=actor,
        action="approval.add_signer",
        obj=request,
        rule="BR-APR-01",
        extra={"step": step.name, "signer": person_name(target)},
    )
    return request


@transaction.atomic
def approval_copy(*, actor, request_id: int, user_ids: Iterable[int]) -> list[ApprovalCopy]:
    """抄送: inform people of the request; they may read it, not decide (BR-APR-01)."""
    request = locked_request(request_id)
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
        record_event(
            request,
            EventAction.COPIED,
            actor=actor,
            extra={"people": [person_name(t) for t in new]},
        )
        notify_people(
            new,
            "approval.copy",
            _("抄送给您：%(t)s") % {"t": request.title},
            _("%(who)s 抄送") % {"who": person_name(actor)},
            request,
            key=f"approval-copy-{'-'.join(str(c.pk) for c in copies)}",
        )
        audit_record(
            actor=actor,
            action="approval.copy",
            obj=request,
            rule="BR-APR-01",
            extra={"to": [person_name(t) for t in new]},
        )
    return copies


def approval_mark_copy_read(*, actor, request: ApprovalRequest) -> None:
    """Reading a request one was copied on marks the copy read (not a business action)."""
    ApprovalCopy.objects.filter(request=request, recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
