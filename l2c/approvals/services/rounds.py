"""Submission and the life of a round: plan the steps, start each step, finish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals import registry, resolve
from l2c.approvals.chains import parse_chain
from l2c.approvals.models import (
    ApprovalRequest,
    ApprovalStep,
    ApprovalTask,
    EventAction,
    RequestState,
    StepState,
    TaskOrigin,
    TaskState,
)
from l2c.approvals.services._common import (
    chain_with_version,
    json_facts,
    notify_people,
    person_name,
    record_event,
    tell_outcome,
)
from l2c.audit.models import object_type_of
from l2c.audit.services import audit_record
from l2c.core.errors import ConflictError, PermissionDeniedError
from l2c.org.models import Person

# --- the round: plan, activate, finish ------------------------------------------------


def _identity(name: str, specs: list) -> str:
    import json

    return f"{name}|{json.dumps(specs, sort_keys=True, ensure_ascii=False)}"


def _approved_last_round(request: ApprovalRequest) -> set[str]:
    """The steps of the previous round that were actually approved — the only ones a
    resubmission "from the rejecting step" may carry over (matched by name and approvers,
    never by position: the org chart may have changed the number of levels)."""
    return {
        _identity(name, specs)
        for name, specs in ApprovalStep.objects.filter(
            request=request, round=request.round - 1, state=StepState.APPROVED
        ).values_list("name", "specs")
    }


def _create_round(
    request: ApprovalRequest, chain_raw: dict, *, carried: set[str] | None = None
) -> None:
    """Create the steps of ``request.round``; a step approved in the previous round with the
    same name and approvers counts as passed when ``carried`` names it."""
    chain = parse_chain(chain_raw)
    planned = resolve.plan_steps(chain, request.requester, request.facts)
    carried = carried or set()
    rows = []
    for index, p in enumerate(planned):
        state, note = StepState.WAITING, ""
        if p.skipped_note:
            state, note = StepState.SKIPPED, p.skipped_note
        elif _identity(p.name, p.specs) in carried:
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


def make_task(step, approver, *, origin, now, from_task=None, deadline=None, escalates=None):
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


def activate_from(request: ApprovalRequest, index: int, *, actor, now: dt.datetime) -> None:
    """Start the first step at or after ``index`` that has approvers; if none is left, the
    request is approved — unless every step of the round was skipped, in which case the
    administrators decide (BR-APR-01: never a silent pass)."""
    steps = list(
        ApprovalStep.objects.select_for_update()
        .filter(request=request, round=request.round, index__gte=index)
        .order_by("index")
    )
    for step in steps:
        if step.state == StepState.SKIPPED:
            continue
        resolved = resolve.resolve_step(step.specs, request.requester)
        chain_approvers = resolved.approvers
        fallback: list = []
        note = ""
        if not resolved.anyone or (step.mode == "all" and resolved.missing):
            # BR-APR-01: a selector found nobody — the administrators stand in for it.
            fallback = [
                u
                for u in resolve.administrators(exclude=request.requester)
                if u not in chain_approvers
            ]
            note = (
                _("未找到审批人，转系统管理员处理")
                if not resolved.anyone
                else _("部分审批人空缺（%(who)s），由系统管理员代为会签")
                % {"who": "、".join(resolved.missing)}
            )
            if not fallback:
                raise ConflictError(
                    "BR-APR-01",
                    _("“%(step)s”找不到审批人，也没有可代为处理的系统管理员，请联系管理员。")
                    % {"step": step.name},
                    code="no_approver",
                )
        if not chain_approvers and not fallback:
            # BR-APR-05: the only approver is the requester: the step is skipped to the next.
            step.state = StepState.SKIPPED
            step.note = _("审批人即申请人本人，跳至下一级（BR-APR-05）")
            step.save(update_fields=["state", "note"])
            record_event(
                request, EventAction.STEP_SKIPPED, step_index=step.index, comment=step.note
            )
            continue
        _start_step(request, step, chain_approvers, fallback, note=note, now=now)
        return
    ran = ApprovalStep.objects.filter(request=request, round=request.round).exclude(
        state=StepState.SKIPPED
    )
    if not ran.exists():
        _add_fallback_step(request, now=now)
        return
    finish_request(request, RequestState.APPROVED, actor=actor, now=now)


def _start_step(request, step, chain_approvers, fallback, *, note: str, now) -> None:
    deadline = resolve.step_deadline(step.deadline_spec, now)
    escalates = resolve.escalation_moment(deadline, now)
    step.state = StepState.PENDING
    step.started_at = now
    step.decided_at = None
    step.deadline_at = deadline
    step.note = note
    step.save(update_fields=["state", "started_at", "decided_at", "deadline_at", "note"])
    tasks = [
        make_task(step, u, origin=TaskOrigin.CHAIN, now=now, deadline=deadline, escalates=escalates)
        for u in chain_approvers
    ] + [
        make_task(
            step,
            u,
            origin=TaskOrigin.ADMIN_FALLBACK,
            now=now,
            deadline=deadline,
            escalates=escalates,
        )
        for u in fallback
    ]
    approvers = [*chain_approvers, *fallback]
    request.current_step = step.index
    request.save(update_fields=["current_step", "updated_at"])
    record_event(
        request,
        EventAction.STEP_STARTED,
        step_index=step.index,
        extra={
            "approvers": [person_name(u) for u in approvers],
            "origin": TaskOrigin.ADMIN_FALLBACK if fallback else TaskOrigin.CHAIN,
        },
    )
    notify_people(
        approvers,
        "approval.task",
        _("待您审批：%(title)s") % {"title": request.title},
        _("%(step)s · 申请人 %(who)s") % {"step": step.name, "who": person_name(request.requester)},
        request,
        key=f"approval-task-{tasks[0].pk}",
    )


def _add_fallback_step(request: ApprovalRequest, *, now) -> None:
    """Every step of the round was skipped although the request needs approval: the
    administrators decide (BR-APR-01)."""
    last = (
        ApprovalStep.objects.filter(request=request, round=request.round)
        .order_by("-index")
        .values_list("index", flat=True)
        .first()
    )
    admins = resolve.administrators(exclude=request.requester)
    if not admins:
        raise ConflictError(
            "BR-APR-01",
            _("该申请的审批流程没有可执行的步骤，也没有可代为处理的系统管理员。"),
            code="no_approver",
        )
    step = ApprovalStep.objects.create(
        request=request,
        round=request.round,
        index=(last or 0) + 1 if last is not None else 0,
        name=_("系统管理员审核"),
        mode="any",
        specs=[],
        deadline_spec={"type": "working_days", "value": 1},
        deadline_text=_deadline_text({"type": "working_days", "value": 1}),
    )
    _start_step(
        request, step, [], admins, note=_("流程中的步骤均被跳过，由系统管理员审核"), now=now
    )


def finish_request(request: ApprovalRequest, state: str, *, actor, now, comment: str = "") -> None:
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
        record_event(request, EventAction.COMPLETED, actor=None, at=now)
    tell_outcome(request, actor, comment)
    labels = {
        RequestState.APPROVED: _("审批通过"),
        RequestState.REJECTED: _("审批未通过"),
        RequestState.CANCELLED: _("审批已取消"),
        RequestState.WITHDRAWN: _("审批已撤回"),
    }
    if actor is None or actor.pk != request.requester_id:
        notify_people(
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
    chain_raw, version = chain_with_version(kind)
    chain = parse_chain(chain_raw)
    request = existing or ApprovalRequest(
        kind=kind, object_type=object_type_of(obj), object_id=str(obj.pk), requester=actor
    )
    request.title = title[:200]
    request.department_id = person.department_id if person else None
    request.team_id = person.team_id if person else None
    request.facts = json_facts(facts)
    request.chain = chain_raw
    request.chain_version = version
    request.round = 1
    request.submitted_at = now
    if not chain.required(request.facts):
        return _approve_not_required(request, chain, actor=actor, now=now)
    request.state = RequestState.IN_APPROVAL
    request.save()
    _create_round(request, chain_raw)
    record_event(
        request, EventAction.SUBMITTED, actor=actor, at=now, extra={"facts": request.facts}
    )
    tell_outcome(request, actor)
    activate_from(request, 0, actor=actor, now=now)
    audit_record(
        actor=actor,
        action="approval.submit",
        obj=request,
        rule="BR-APR-01",
        extra={"kind": kind, "facts": request.facts, "chain_version": version},
    )
    request.refresh_from_db()
    return request


def _approve_not_required(request, chain, *, actor, now) -> ApprovalRequest:
    request.state = RequestState.APPROVED
    request.finished_at = now
    request.save()
    reasons = "；".join(c.describe() for c in chain.required_when)
    record_event(
        request,
        EventAction.NOT_REQUIRED,
        actor=actor,
        comment=_("在申请人权限内，无需审批（%(c)s 不成立）") % {"c": reasons},
        at=now,
    )
    tell_outcome(request, actor)
    audit_record(
        actor=actor,
        action="approval.not_required",
        obj=request,
        rule="BR-APR-02",
        extra={"facts": request.facts},
    )
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
        chain_raw, request.chain_version = chain_with_version(request.kind)
        request.chain = chain_raw
    if facts is not None:
        request.facts = json_facts(facts)
    person = Person.objects.filter(user=actor).first()
    request.department_id = person.department_id if person else None
    request.team_id = person.team_id if person else None
    request.title = (title or request.title)[:200]
    request.round += 1
    request.state = RequestState.IN_APPROVAL
    request.submitted_at = now
    request.finished_at = None
    request.rejected_step = None
    request.current_step = None
    if not parse_chain(chain_raw).required(request.facts):
        return _approve_not_required(request, parse_chain(chain_raw), actor=actor, now=now)
    request.save()
    _create_round(
        request, chain_raw, carried=_approved_last_round(request) if from_rejecting else None
    )
    record_event(
        request,
        EventAction.RESUBMITTED,
        actor=actor,
        at=now,
        extra={"from_step": start or 0, "facts": request.facts},
        comment=_("从被驳回的步骤重新审批") if from_rejecting else _("从第一步重新审批"),
    )
    tell_outcome(request, actor)
    activate_from(request, 0, actor=actor, now=now)
    audit_record(
        actor=actor,
        action="approval.resubmit",
        obj=request,
        rule="BR-APR-06",
        extra={"round": request.round, "from_step": start or 0},
    )
    request.refresh_from_db()
    return request
