"""Reads of the approval engine, scoped (BR-ORG-02) and with a fixed number of queries.

Who sees a request: whoever its data scope shows it to (the requester, their supervisor,
manager, the company-wide roles), plus everyone it involves — its approvers, the
superiors it escalated to, and the people copied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.documents import Approvable
from l2c.approvals.models import (
    ApprovalCopy,
    ApprovalEvent,
    ApprovalRequest,
    ApprovalStep,
    ApprovalTask,
    RequestState,
    StepState,
    TaskState,
)
from l2c.audit.models import object_type_of
from l2c.core.errors import NotFoundError
from l2c.core.scope import scope_q, viewer_of

INBOX_BOXES = ("waiting", "done", "copied", "mine")


def _request_qs() -> QuerySet[ApprovalRequest]:
    return ApprovalRequest.objects.select_related("requester__person", "department", "team")


def _involved_q(user) -> Q:
    tasks = ApprovalTask.objects.filter(request=OuterRef("pk")).filter(
        Q(approver=user) | Q(escalate_to=user)
    )
    copies = ApprovalCopy.objects.filter(request=OuterRef("pk"), recipient=user)
    return Q(Exists(tasks)) | Q(Exists(copies))


def visible_requests(user) -> QuerySet[ApprovalRequest]:
    viewer = viewer_of(user)
    q = scope_q(viewer, ApprovalRequest.scope)
    qs = _request_qs()
    if q is None:
        return qs
    return qs.filter(q | _involved_q(user))


def approval_request_list(
    *, viewer, state: str | None = None, kind: str | None = None
) -> QuerySet[ApprovalRequest]:
    qs = visible_requests(viewer)
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-submitted_at", "-id")


def approval_request_get(*, viewer, request_id) -> ApprovalRequest:
    try:
        return visible_requests(viewer).get(pk=int(request_id))
    except (ApprovalRequest.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-APR-06", _("未找到该审批申请。")) from exc


def with_approval_request_id(qs: QuerySet, kind: str) -> QuerySet:
    """Annotate each row of ``qs`` (a document model) with ``approval_request_id``: the id
    of its approval request of ``kind``, or None — in the same query, for list pages."""
    from django.db.models import CharField, OuterRef, Subquery
    from django.db.models.functions import Cast

    requests = ApprovalRequest.objects.filter(
        kind=kind,
        object_type=object_type_of(qs.model),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return qs.annotate(approval_request_id=Subquery(requests.values("pk")[:1]))


def approval_for_object(obj, kind: str | None = None) -> ApprovalRequest | None:
    """The request approving ``obj``: an approvable document's own link (BR-APR-06), or the
    one found by the object's type and id (also for a copy loaded before it was submitted)."""
    own = isinstance(obj, Approvable) and kind in (None, obj.approval_kind)
    if own and obj.approval_id is not None:
        return obj.approval
    qs = ApprovalRequest.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.first()


# --- the inbox ------------------------------------------------------------------------


def _waiting_q(user, now: dt.datetime) -> Q:
    return Q(approver=user) | Q(escalate_to=user, escalates_at__lte=now)


def approval_inbox(*, user, box: str, now: dt.datetime | None = None) -> QuerySet:
    """``waiting``: tasks I must decide now (mine, or escalated to me); ``done``: tasks I
    decided; ``copied``: requests copied to me; ``mine``: requests I submitted."""
    now = now or timezone.now()
    if box == "mine":
        return (
            _request_qs()
            .filter(requester=user)
            .exclude(state=RequestState.DRAFT)
            .order_by("-submitted_at", "-id")
        )
    if box == "copied":
        return (
            ApprovalCopy.objects.filter(recipient=user)
            .select_related("request__requester__person", "added_by__person")
            .order_by("-created_at", "-id")
        )
    tasks = ApprovalTask.objects.select_related(
        "request__requester__person", "step", "approver__person"
    )
    if box == "done":
        return tasks.filter(decided_by=user).order_by("-decided_at", "-id")
    return tasks.filter(
        _waiting_q(user, now),
        state=TaskState.PENDING,
        step__state=StepState.PENDING,
        request__state=RequestState.IN_APPROVAL,
    ).order_by("deadline_at", "id")


def inbox_counts(*, user, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "waiting": approval_inbox(user=user, box="waiting", now=now).count(),
        "copied_unread": ApprovalCopy.objects.filter(recipient=user, read_at__isnull=True).count(),
    }


def todo_section(user):
    """The home page's "approvals waiting" (BR-RPT-05): two queries."""
    from l2c.core.todo import TodoItem, TodoSection

    if not getattr(user, "is_authenticated", False):
        return None
    now = timezone.now()
    waiting = approval_inbox(user=user, box="waiting", now=now)
    total = waiting.count()
    if not total:
        return None
    items = [
        TodoItem(
            title=t.request.title,
            url=reverse("approvals:request", args=[t.request_id]),
            due=t.deadline_at,
            overdue=bool(t.deadline_at and t.deadline_at < now),
            note=t.step.name,
        )
        for t in waiting[:5]
    ]
    return TodoSection(
        key="approvals",
        label=_("待我审批"),
        icon="check2-square",
        order=30,
        items=items,
        total=total,
        more_url=reverse("approvals:inbox"),
    )


# --- the request page -----------------------------------------------------------------


@dataclass
class TimelineStep:
    step: ApprovalStep
    tasks: list[ApprovalTask]
    overdue: bool = False
    is_current: bool = False


@dataclass
class TimelineRound:
    number: int
    steps: list[TimelineStep] = field(default_factory=list)


def approval_timeline(request: ApprovalRequest, *, now: dt.datetime | None = None):
    """The request's rounds → steps → tasks, newest round first; and its events. Three
    queries whatever the size."""
    now = now or timezone.now()
    steps = (
        ApprovalStep.objects.filter(request=request)
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=ApprovalTask.objects.select_related(
                    "approver__person", "decided_by__person", "escalate_to__person"
                ).order_by("created_at", "id"),
            )
        )
        .order_by("-round", "index")
    )
    rounds: dict[int, TimelineRound] = {}
    for step in steps:
        tasks = list(step.tasks.all())
        overdue = (
            step.state == StepState.PENDING
            and step.deadline_at is not None
            and step.deadline_at < now
        )
        current = request.state == RequestState.IN_APPROVAL and (
            step.round == request.round and step.index == request.current_step
        )
        rounds.setdefault(step.round, TimelineRound(step.round)).steps.append(
            TimelineStep(step, tasks, overdue, current)
        )
    events = list(
        ApprovalEvent.objects.filter(request=request).select_related("actor").order_by("at", "id")
    )
    return list(rounds.values()), events


def actions_for(request: ApprovalRequest, user, *, now: dt.datetime | None = None) -> dict:
    """What ``user`` may do on the request page now (the services check again)."""
    now = now or timezone.now()
    can_decide = False
    escalated_from = None
    if request.state == RequestState.IN_APPROVAL and request.current_step is not None:
        task = (
            ApprovalTask.objects.filter(
                _waiting_q(user, now),
                request=request,
                state=TaskState.PENDING,
                step__round=request.round,
                step__index=request.current_step,
            )
            .select_related("approver__person")
            .first()
        )
        if task is not None:
            can_decide = True
            if task.approver_id != user.pk:
                escalated_from = task.approver
    is_requester = request.requester_id == user.pk
    return {
        "can_decide": can_decide,
        "escalated_from": escalated_from,
        "can_withdraw": is_requester and request.state == RequestState.IN_APPROVAL,
        "can_copy": is_requester
        or ApprovalTask.objects.filter(request=request, approver=user).exists(),
        "return_targets": list(
            ApprovalStep.objects.filter(
                request=request, round=request.round, index__lt=request.current_step or 0
            )
            .exclude(state=StepState.SKIPPED)
            .order_by("index")
        )
        if can_decide
        else [],
    }
