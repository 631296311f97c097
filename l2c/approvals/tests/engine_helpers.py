"""What the engine tests share: a request submitted, a decision, who is still to decide."""

from __future__ import annotations

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalTask, TaskState
from l2c.approvals.tests.conftest import make_document


def submit(company, requester, *, facts=None):
    doc = make_document(requester)
    request = engine.approval_submit(
        actor=requester.user, kind="process_change", obj=doc, title="流程变更申请", facts=facts
    )
    return doc, request


def decide(person, request, decision="approve", opinion="", **kw):
    return engine.approval_decide(
        actor=person.user, request_id=request.pk, decision=decision, opinion=opinion, **kw
    )


def pending_names(request):
    return sorted(
        ApprovalTask.objects.filter(request=request, state=TaskState.PENDING).values_list(
            "approver__person__name", flat=True
        )
    )
