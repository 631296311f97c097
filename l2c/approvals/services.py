"""Every write of the approval engine (BR-APR-01…06).

One business action = one service = one transaction = one audit record. Each service locks
the request row first (``select_for_update``), so two approvers deciding the same 或签
step at the same moment are serialised and exactly one decision counts (the other gets a
409 naming who decided).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.approvals import registry, resolve
from l2c.approvals.chains import parse_chain
from l2c.approvals.models import (
    ApprovalCopy,
    ApprovalEvent,
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
from l2c.audit.models import object_type_of
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.org.models import Person

ENDED = {
    RequestState.APPROVED,
    RequestState.REJECTED,
    RequestState.WITHDRAWN,
    RequestState.CANCELLED,
}


# --- small helpers --------------------------------------------------------------------


def _name(user) -> str:
    if user is None:
        return _("系统")
    person = Person.objects.filter(user=user).only("name").first()
    return person.name if person else user.get_username()


def _json_facts(facts: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (facts or {}).items():
        out[str(key)] = str(value) if isinstance(value, Decimal) else value
    return out


def request_url(request: ApprovalRequest) -> str:
    return reverse("approvals:request", args=[request.pk])


def _notify(recipients, kind: str, title: str, body: str, request: ApprovalRequest, key: str):
    from l2c.notifications.services import notify

    notify(
        recipients=[r for r in recipients if r is not None],
        kind=kind,
        title=title,
        body=body,
        url=request_url(request),
        obj=request,
        key=key,
    )


def _event(request, action, *, actor=None, step_index=None, comment="", extra=None, at=None):
    return ApprovalEvent.objects.create(
        request=request,
        round=request.round,
        step_index=step_index,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=_name(actor) if actor is not None else _("系统"),
        comment=comment,
        extra=extra or {},
        at=at or timezone.now(),
    )


def _locked(request_id: int) -> ApprovalRequest:
    try:
        return ApprovalRequest.objects.select_for_update().get(pk=request_id)
    except (ApprovalRequest.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-APR-06", _("未找到该审批申请。")) from exc


def _outcome(request: ApprovalRequest, actor, comment: str = "") -> None:
    kind = registry.get(request.kind)
    if kind is None or kind.on_outcome is None:
        return
    obj = kind.model._default_manager.filter(pk=request.object_id).first()
    if obj is None:
        return
    kind.on_outcome(
        registry.Outcome(
            kind=request.kind,
            obj=obj,
            request=request,
            state=request.state,
            actor=actor,
            comment=comment,
        )
    )


def _current_step(request: ApprovalRequest) -> ApprovalStep:
    return ApprovalStep.objects.select_for_update().get(
        request=request, round=request.round, index=request.current_step
    )


def _chain_with_version(kind_key: str) -> tuple[Any, int | None]:
    from l2c.policy.models import PolicyVersion

    key = f"approvals.chain.{kind_key}"
    raw = policy.value(key)
    version = (
        PolicyVersion.objects.filter(setting__key=key, effective_from__lte=timezone.now())
        .order_by("-effective_from", "-number")
        .values_list("number", flat=True)
        .first()
    )
    return raw, version


# --- the round: plan, activate, finish ------------------------------------------------


def _create_round(request: ApprovalRequest, chain_raw: dict, *, done_before: int = 0) -> None:
    """Create the steps of ``request.round``; steps before ``done_before`` count as passed
    in the previous round (resubmission from the rejecting step)."""
    chain = parse_chain(chain_raw)
    planned = resolve.plan_steps(chain, request.requester, request.facts)
    rows = []
    for index, p in enumerate(planned):
        state, note = StepState.WAITING, ""
        if p.skipped_note:
            state, note = StepState.SKIPPED, p.skipped_note
        elif index < done_before:
            state, note = StepState.SKIPPED, _("上一轮已通过")
        rows.append(
            ApprovalStep(
                request=request,
                round=request.round,
                index=index,
                name=p.name,
                mode=p.mode,
                state=state,
                note=note,
                specs=p.specs,
                deadline_spec=p.deadline_spec,
                deadline_text=_deadline_text(p.deadline_spec),
                approvers_text=p.approvers_text,
            )
        )
    ApprovalStep.objects.bulk_create(rows)


def _deadline_text(spec: dict) -> str:
    if not spec:
        return ""
    from l2c.approvals.chains import DeadlineSpec

    return str(DeadlineSpec(spec["type"], int(spec.get("value") or 0)).describe())


def _make_task(step, approver, *, origin, now, from_task=None, deadline=None, escalates=None):
    request = step.request
    target = resolve.escalation_target(approver, request.requester) if escalates else None
    return ApprovalTask.objects.create(
        request=request,
        step=step,
        approver=approver,
        origin=origin,
        deadline_at=deadline,
        escalates_at=escalates if target is not None else None,
        escalate_to=target,
        from_task=from_task,
    )


def _activate_from(request: ApprovalRequest, index: int, *, actor, now: dt.datetime) -> None:
    """Start the first step at or after ``index`` that has approvers; if none is left, the
    request is approved."""
    steps = list(
        ApprovalStep.objects.select_for_update()
        .filter(request=request, round=request.round, index__gte=index)
        .order_by("index")
    )
    for step in steps:
        if step.state == StepState.SKIPPED:
            continue
        approvers, anyone = resolve.resolve_step(step.specs, request.requester)
        origin = TaskOrigin.CHAIN
        if not anyone:
            # BR-APR-01: nobody holds the role — the administrator decides, never a silent pass.
            approvers = [u for u in resolve.administrators() if u.pk != request.requester_id]
            origin = TaskOrigin.ADMIN_FALLBACK
        if not approvers:
            # BR-APR-05: the only approver is the requester: the step is skipped to the next.
            step.state = StepState.SKIPPED
            step.note = _("审批人即申请人本人，跳至下一级（BR-APR-05）")
            step.save(update_fields=["state", "note"])
            _event(request, EventAction.STEP_SKIPPED, step_index=step.index, comment=step.note)
            continue
        deadline = resolve.step_deadline(step.deadline_spec, now)
        escalates = resolve.escalation_moment(deadline, now)
        step.state = StepState.PENDING
        step.started_at = now
        step.decided_at = None
        step.deadline_at = deadline
        if origin == TaskOrigin.ADMIN_FALLBACK:
            step.note = _("未找到审批人，转系统管理员处理")
            step.mode = "any"
        step.save(
            update_fields=["state", "started_at", "decided_at", "deadline_at", "note", "mode"]
        )
        for approver in approvers:
            _make_task(
                step, approver, origin=origin, now=now, deadline=deadline, escalates=escalates
            )
        request.current_step = step.index
        request.save(update_fields=["current_step", "updated_at"])
        _event(
            request,
            EventAction.STEP_STARTED,
            step_index=step.index,
            extra={"approvers": [_name(u) for u in approvers], "origin": origin},
        )
        _notify(
            approvers,
            "approval.task",
            _("待您审批：%(title)s") % {"title": request.title},
            _("%(step)s · 申请人 %(who)s") % {"step": step.name, "who": _name(request.requester)},
            request,
            key=f"approval-{request.pk}-r{request.round}-s{step.index}-{now.timestamp():.0f}",
        )
        return
    _finish(request, RequestState.APPROVED, actor=actor, now=now)


def _finish(request: ApprovalRequest, state: str, *, actor, now, comment: str = "") -> None:
    request.state = state
    request.finished_at = now
    if state != RequestState.REJECTED:
        request.current_step = None
    request.save(
        update_fields=["state", "finished_at", "current_step", "rejected_step", "updated_at"]
    )
    # whatever is still open is moot now
    ApprovalTask.objects.filter(request=request, state=TaskState.PENDING).update(
        state=TaskState.CANCELLED
    )
    ApprovalStep.objects.filter(
        request=request, round=request.round, state__in=[StepState.PENDING, StepState.WAITING]
    ).update(state=StepState.CANCELLED)
    if state == RequestState.APPROVED:
        _event(request, EventAction.COMPLETED, actor=None, at=now)
    _outcome(request, actor, comment)
    labels = {
        RequestState.APPROVED: _("审批通过"),
        RequestState.REJECTED: _("审批未通过"),
        RequestState.CANCELLED: _("审批已取消"),
        RequestState.WITHDRAWN: _("审批已撤回"),
    }
    if actor is None or actor.pk != request.requester_id:
        _notify(
            [request.requester],
            "approval.outcome",
            f"{labels.get(state, state)}：{request.title}",
            comment,
            request,
            key=f"approval-{request.pk}-r{request.round}-{state}",
        )


# --- submit, resubmit -----------------------------------------------------------------


@transaction.atomic
def approval_submit(
    *, actor, kind: str, obj: Model, title: str, facts: dict[str, Any] | None = None
) -> ApprovalRequest:
    """Submit ``obj`` for approval under the chain ``approvals.chain.<kind>`` (BR-APR-01).

    A rejected or withdrawn request for the same object is resubmitted (a new round,
    BR-APR-06); one in approval or approved is refused.
    """
    spec = registry.get(kind)
    if spec is None:
        raise ValueError(f"approval kind {kind!r} is not registered")
    existing = (
        ApprovalRequest.objects.select_for_update()
        .filter(kind=kind, object_type=object_type_of(obj), object_id=str(obj.pk))
        .first()
    )
    if existing is not None and existing.state != RequestState.DRAFT:
        return _resubmit(existing, actor=actor, facts=facts, title=title)
    person = Person.objects.filter(user=actor).first()
    now = timezone.now()
    chain_raw, version = _chain_with_version(kind)
    chain = parse_chain(chain_raw)
    request = existing or ApprovalRequest(
        kind=kind, object_type=object_type_of(obj), object_id=str(obj.pk), requester=actor
    )
    request.title = title[:200]
    request.department_id = person.department_id if person else None
    request.team_id = person.team_id if person else None
    request.facts = _json_facts(facts)
    request.chain = chain_raw
    request.chain_version = version
    request.round = 1
    request.submitted_at = now
    if not chain.required(request.facts):
        request.state = RequestState.APPROVED
        request.finished_at = now
        request.save()
        reasons = "；".join(c.describe() for c in chain.required_when)
        _event(
            request,
            EventAction.NOT_REQUIRED,
            actor=actor,
            comment=_("在申请人权限内，无需审批（%(c)s 不成立）") % {"c": reasons},
            at=now,
        )
        _outcome(request, actor)
        audit_record(
            actor=actor,
            action="approval.not_required",
            obj=request,
            rule="BR-APR-02",
            extra={"facts": request.facts},
        )
        return request
    request.state = RequestState.IN_APPROVAL
    request.save()
    _create_round(request, chain_raw)
    _event(request, EventAction.SUBMITTED, actor=actor, at=now, extra={"facts": request.facts})
    _outcome(request, actor)
    _activate_from(request, 0, actor=actor, now=now)
    audit_record(
        actor=actor,
        action="approval.submit",
        obj=request,
        rule="BR-APR-01",
        extra={"kind": kind, "facts": request.facts, "chain_version": version},
    )
    request.refresh_from_db()
    return request


def _resubmit(request: ApprovalRequest, *, actor, facts, title) -> ApprovalRequest:
    if request.requester_id != actor.pk:
        raise PermissionDeniedError("BR-APR-06", _("只有申请人可以重新提交。"))
    if request.state == RequestState.IN_APPROVAL:
        raise ConflictError("BR-APR-06", _("该单据已在审批中，不能重复提交。"), code="in_approval")
    if request.state == RequestState.APPROVED:
        raise ConflictError("BR-APR-06", _("该单据已审批通过。"), code="already_approved")
    if request.state == RequestState.CANCELLED:
        raise ConflictError("BR-APR-06", _("该审批已取消，不能重新提交。"), code="cancelled")
    now = timezone.now()
    from_rejecting = (
        request.state == RequestState.REJECTED
        and request.rejected_step is not None
        and parse_chain(request.chain).resubmit_from == "rejecting_step"
    )
    start = request.rejected_step if from_rejecting else 0
    if from_rejecting:
        chain_raw = request.chain  # the same chain, so the step numbers mean the same
    else:
        chain_raw, request.chain_version = _chain_with_version(request.kind)
        request.chain = chain_raw
    if facts is not None:
        request.facts = _json_facts(facts)
    request.title = (title or request.title)[:200]
    request.round += 1
    request.state = RequestState.IN_APPROVAL
    request.submitted_at = now
    request.finished_at = None
    request.rejected_step = None
    request.current_step = None
    request.save()
    _create_round(request, chain_raw, done_before=start or 0)
    _event(
        request,
        EventAction.RESUBMITTED,
        actor=actor,
        at=now,
        extra={"from_step": start or 0, "facts": request.facts},
        comment=_("从被驳回的步骤重新审批") if from_rejecting else _("从第一步重新审批"),
    )
    _outcome(request, actor)
    _activate_from(request, start or 0, actor=actor, now=now)
    audit_record(
        actor=actor,
        action="approval.resubmit",
        obj=request,
        rule="BR-APR-06",
        extra={"round": request.round, "from_step": start or 0},
    )
    request.refresh_from_db()
    return request


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
    settled = (
        ApprovalTask.objects.filter(step=step, approver=actor)
        .exclude(state=TaskState.PENDING)
        .exists()
    )
    if settled:
        decided = (
            ApprovalTask.objects.filter(step=step, decided_at__isnull=False)
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
        ).exclude(state=StepState.SKIPPED).update(state=StepState.WAITING, decided_at=None)
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
    if ApprovalTask.objects.filter(step=step, approver=target, state=TaskState.PENDING).exists():
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
    _make_task(
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
        key=f"approval-addsigner-{step.pk}-{target.pk}",
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
    copies = ApprovalCopy.objects.bulk_create(
        [ApprovalCopy(request=request, recipient=t, added_by=actor) for t in new]
    )
    if new:
        _event(request, EventAction.COPIED, actor=actor, extra={"people": [_name(t) for t in new]})
        _notify(
            new,
            "approval.copy",
            _("抄送给您：%(t)s") % {"t": request.title},
            _("%(who)s 抄送") % {"who": _name(actor)},
            request,
            key=f"approval-copy-{request.pk}-r{request.round}",
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
