"""What ``l2c_tick`` does for approvals (BR-APR-03): send the reminders and escalation
notices that time has made due. Idempotent: each task is marked (``reminded_at``,
``escalated_at``) with a conditional UPDATE, so a second run — or two ticks at once — sends
nothing twice. Who *may* decide never depends on this: an escalated task is open to the
approver's superior from ``escalates_at`` on, whether or not the tick ran.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from l2c.approvals.models import ApprovalTask, EventAction, RequestState, TaskState
from l2c.approvals.services import notify_people, person_name, record_event
from l2c.audit.services import audit_record


def _open_tasks():
    return ApprovalTask.objects.filter(
        state=TaskState.PENDING, request__state=RequestState.IN_APPROVAL
    ).select_related("request", "step", "approver", "escalate_to")


def send_deadline_notices(now: dt.datetime) -> dict[str, int]:
    reminded = escalated = 0
    for task in _open_tasks().filter(deadline_at__lte=now, reminded_at__isnull=True)[:500]:
        with transaction.atomic():
            claimed = ApprovalTask.objects.filter(
                pk=task.pk, state=TaskState.PENDING, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            request = task.request
            record_event(
                request,
                EventAction.REMINDED,
                step_index=task.step.index,
                comment=_("%(who)s 未在时限内审批") % {"who": person_name(task.approver)},
                extra={
                    "approver": person_name(task.approver),
                    "deadline": task.deadline_at.isoformat() if task.deadline_at else None,
                },
                at=now,
            )
            notify_people(
                [task.approver],
                "approval.reminder",
                _("审批已超时：%(t)s") % {"t": request.title},
                _("%(step)s 的时限已过，请尽快处理。") % {"step": task.step.name},
                request,
                key=f"approval-task-{task.pk}-reminder",
            )
            reminded += 1
    for task in _open_tasks().filter(
        escalates_at__lte=now, escalated_at__isnull=True, escalate_to__isnull=False
    )[:500]:
        with transaction.atomic():
            claimed = ApprovalTask.objects.filter(
                pk=task.pk, state=TaskState.PENDING, escalated_at__isnull=True
            ).update(escalated_at=now)
            if not claimed:
                continue
            request = task.request
            who, boss = person_name(task.approver), person_name(task.escalate_to)
            record_event(
                request,
                EventAction.ESCALATED,
                step_index=task.step.index,
                comment=_("%(who)s 超时未审批，已升级至 %(boss)s") % {"who": who, "boss": boss},
                extra={"approver": who, "escalated_to": boss},
                at=now,
            )
            notify_people(
                [task.escalate_to, task.approver],
                "approval.escalation",
                _("审批超时升级：%(t)s") % {"t": request.title},
                _("%(who)s 超时未审批 %(step)s，现由 %(boss)s 处理。")
                % {"who": who, "step": task.step.name, "boss": boss},
                request,
                key=f"approval-task-{task.pk}-escalation",
            )
            audit_record(
                actor=None,
                action="approval.escalate",
                obj=request,
                rule="BR-APR-03",
                extra={"approver": who, "escalated_to": boss, "step": task.step.name},
            )
            escalated += 1
    return {"reminded": reminded, "escalated": escalated}
