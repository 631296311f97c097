"""Approving through the engine in tests: who is waiting, and approve in order."""

from __future__ import annotations

from l2c.approvals import selectors as approval_selectors
from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalTask, TaskState


def request_of(obj, kind):
    return approval_selectors.approval_for_object(obj, kind=kind)


def waiting(request) -> list[str]:
    """The usernames of the pending tasks of the request's current step."""
    return sorted(
        ApprovalTask.objects.filter(request=request, state=TaskState.PENDING).values_list(
            "approver__username", flat=True
        )
    )


def approve(person, request, opinion="同意"):
    return engine.approval_decide(
        actor=person.user, request_id=request.pk, decision="approve", opinion=opinion
    )


def reject(person, request, opinion="不同意"):
    return engine.approval_decide(
        actor=person.user, request_id=request.pk, decision="reject", opinion=opinion
    )


def approve_all(request, people, *, limit: int = 10) -> list[str]:
    """Approve step by step as whoever is waiting; returns who approved, in order."""
    by_username = {p.user.username: p for p in people}
    order = []
    for _i in range(limit):
        request.refresh_from_db()
        names = waiting(request)
        if not names:
            break
        for name in names:
            approve(by_username[name], request)
            order.append(name)
    request.refresh_from_db()
    return order


def everyone(company) -> list:
    people = [company.gm, company.vp, company.director, company.admin]
    for i in (1, 2):
        people += [getattr(company, f"manager{i}"), getattr(company, f"supervisor{i}")]
        people += getattr(company, f"reps{i}")
    return people
