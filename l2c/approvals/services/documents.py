"""Submit, withdraw and resubmit an approvable document, and follow its approval's outcome
(BR-APR-06) — the wiring every document of ``approvals.documents`` shares.

The owning app's service checks its own rules, then calls :func:`document_submit`; the
engine runs the chain and, at every turn (in approval, approved, rejected, withdrawn,
cancelled), calls the kind's outcome handler in the same transaction. A document whose
status is its approval's registers :func:`document_follows_outcome`; one whose approval
has an effect (a price change applies the new prices) writes a handler that calls
:func:`follow_outcome`, adds its effect and saves once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from l2c.approvals.documents import FINAL_STATUSES, Approvable, ApprovableDocument
from l2c.approvals.models import ApprovalRequest
from l2c.approvals.registry import Outcome
from l2c.approvals.services.decisions import approval_withdraw
from l2c.approvals.services.rounds import approval_submit
from l2c.core.errors import ConflictError


def follow_outcome(doc: Approvable, outcome: Outcome, *, status: str | None = None) -> list[str]:
    """Record on ``doc`` where its approval stands: the link to the request, when it was
    submitted and decided, and its status — the outcome's state for an
    :class:`ApprovableDocument`, or ``status`` (the document's own status the outcome maps
    to) for a document with a lifecycle of its own; ``None`` there means the document has
    left the approval's stage and records nothing. Returns the fields set (unsaved)."""
    if isinstance(doc, ApprovableDocument):
        status = outcome.state
    if status is None:
        return []
    request: ApprovalRequest = outcome.request
    decided = request.finished_at if outcome.state in FINAL_STATUSES else None
    values: dict[str, Any] = {
        "approval_id": request.pk,
        "submitted_at": request.submitted_at,
        "decided_at": decided,
        "status": status,
    }
    fields = []
    for attname, value in values.items():
        if getattr(doc, attname) != value:
            setattr(doc, attname, value)
            fields.append(attname.removesuffix("_id"))
    return fields


def document_follows_outcome(outcome: Outcome) -> None:
    """The outcome handler of a document whose status is its approval's (no audit row of
    its own: the engine's service that caused the outcome wrote one)."""
    doc = outcome.obj
    fields = follow_outcome(doc, outcome)
    if fields:
        doc.save_versioned(update_fields=fields)


def document_submit(
    *, actor, doc: Approvable, title: str, facts: dict[str, Any] | None = None
) -> Approvable:
    """Send ``doc`` into its chain (``approvals.chain.<approval_kind>``), or again after a
    rejection or a withdrawal (a new round, BR-APR-06); returns the document as the
    outcome left it (approved at once when the chain is not required)."""
    if not doc.approval_kind:
        raise TypeError(f"{type(doc).__name__} declares no approval_kind")
    approval_submit(actor=actor, kind=doc.approval_kind, obj=doc, title=title, facts=facts)
    doc.refresh_from_db()
    return doc


@transaction.atomic
def document_withdraw(*, actor, doc: Approvable, reason: str = "") -> Approvable:
    """The requester takes the document back while it is in approval (BR-APR-06)."""
    if doc.approval_id is None:
        raise ConflictError("BR-APR-06", _("只有审批中的申请可以撤回。"), code="not_in_approval")
    approval_withdraw(actor=actor, request_id=doc.approval_id, reason=reason)
    doc.refresh_from_db()
    return doc
