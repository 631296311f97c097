"""Archiving a customer file (BR-CUS-09): files are kept for ever; "deleting" one means
archiving it with a reason, and only with the general manager's approval.

Two ways in:

* the owner, or a leader who holds the customer in scope, *asks* (``customer_archive_request``):
  an :class:`ArchiveRequest` with the reason goes through the approval chain
  ``approvals.chain.customer_archive`` (one step: 总经理审批); approved, the engine calls
  ``archive_request_on_outcome`` and the file is archived — once, audited;
* the general manager, who is the approver, archives directly (``customer_archive``): a
  request of theirs would be self-approval. An open request for that customer is then
  cancelled.

Nobody deletes a customer row: an archived customer keeps its history and its mobile (so a
later registration of the same phone is still recognised) and leaves every list."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.models import ApprovalRequest, RequestState
from l2c.approvals.registry import Outcome
from l2c.approvals.services.documents import document_submit, follow_outcome
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.roles import LEADER_ROLES, Role
from l2c.core.scope import can_see, viewer_of
from l2c.customers.models import (
    OPEN_ARCHIVE_STATUSES,
    ArchiveRequest,
    ArchiveStatus,
    Customer,
)
from l2c.org.models import Person

RULE = "BR-CUS-09"
#: the approval kind (and chain ``approvals.chain.customer_archive``)
KIND = ArchiveRequest.approval_kind
#: who may archive a customer file directly (BR-CUS-09): the approver of the chain
ARCHIVE_ROLES = frozenset({Role.GM})


def may_archive(user) -> bool:
    return bool(viewer_of(user).roles & ARCHIVE_ROLES)


def may_request_archive(user, customer: Customer) -> bool:
    """The owner, or a leader who holds the customer in scope — but not the GM, who
    archives directly."""
    if may_archive(user) or customer.archived_at is not None:
        return False
    if customer.owner_id is not None and customer.owner_id == user.pk:
        return True
    return bool(viewer_of(user).roles & LEADER_ROLES) and can_see(user, customer)


def _clean_reason(reason) -> str:
    reason = str(reason or "").strip()
    if not reason:
        raise BusinessRuleError(RULE, _("请填写归档原因。"), field="reason")
    if len(reason) > 200:
        raise BusinessRuleError(RULE, _("归档原因不超过 200 字。"), field="reason")
    return reason


def _locked_customer(customer_id) -> Customer:
    try:
        return Customer.objects.select_for_update().get(pk=int(customer_id))
    except (Customer.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(RULE, _("未找到该客户。")) from exc


def _archive(customer: Customer, *, actor, reason: str, extra: dict | None = None) -> Customer:
    """Archive a locked, live customer with its reason; one audit row."""
    customer.archived_at = timezone.now()
    customer.archive_reason = reason
    customer.save_versioned(update_fields=["archived_at", "archive_reason"])
    audit_record(
        actor=actor,
        action="customer.archive",
        obj=customer,
        rule=RULE,
        extra={"reason": reason, "owner": customer.owner_id, **(extra or {})},
    )
    return customer


def open_archive_request(customer) -> ArchiveRequest | None:
    return (
        ArchiveRequest.objects.filter(customer=customer, status__in=OPEN_ARCHIVE_STATUSES)
        .order_by("-id")
        .first()
    )


def approval_request_of(archive_request: ArchiveRequest) -> ApprovalRequest | None:
    """The engine's request for an archive request (for the link to the approval page)."""
    return archive_request.approval


@transaction.atomic
def customer_archive(*, actor, customer_id: int, reason: str) -> Customer:
    """Archive a customer file with a reason (BR-CUS-09). GM only; audited. A request still
    in approval for that customer is cancelled (the approver decided by archiving)."""
    from l2c.approvals.services import approval_cancel

    if not may_archive(actor):
        raise PermissionDeniedError(RULE, _("客户档案须经总经理批准才能删除（归档）。"))
    reason = _clean_reason(reason)
    customer = _locked_customer(customer_id)
    if customer.archived_at is not None:
        raise ConflictError(RULE, _("该客户档案已归档。"), code="archived")
    _archive(customer, actor=actor, reason=reason)
    pending = open_archive_request(customer)
    if pending is not None:
        approval = approval_request_of(pending)
        if approval is not None and approval.state == RequestState.IN_APPROVAL:
            approval_cancel(
                actor=actor, request_id=approval.pk, reason=_("总经理已直接归档该客户档案。")
            )
        else:
            pending.status = ArchiveStatus.CANCELLED
            pending.save_versioned(update_fields=["status"])
    return customer


@transaction.atomic
def customer_archive_request(*, actor, customer_id: int, reason: str) -> ArchiveRequest:
    """Ask the general manager to archive a customer file (BR-CUS-09): the owner or a leader
    who holds the customer in scope; a reason is required; one open request per customer.
    Submitted to the chain ``approvals.chain.customer_archive`` in the same transaction."""
    customer = _locked_customer(customer_id)
    owner = customer.owner_id is not None and customer.owner_id == actor.pk
    if customer.archived_at is not None or not (owner or can_see(actor, customer)):
        raise NotFoundError(RULE, _("未找到该客户。"))
    if may_archive(actor):
        raise PermissionDeniedError(
            RULE, _("总经理可直接归档客户档案，无需申请。"), code="archive_directly"
        )
    if not may_request_archive(actor, customer):
        raise PermissionDeniedError(RULE, _("只有负责人或其上级可以申请归档该客户。"))
    reason = _clean_reason(reason)
    if open_archive_request(customer) is not None:
        raise ConflictError(RULE, _("该客户已有待审批的归档申请。"), code="archive_request_open")
    person = Person.objects.filter(user=actor).only("team_id", "department_id").first()
    request = ArchiveRequest.objects.create(
        customer=customer,
        reason=reason,
        owner=actor,
        team_id=person.team_id if person else None,
        department_id=person.department_id if person else None,
    )
    audit_record(
        actor=actor,
        action="customer.archive_request",
        obj=request,
        rule=RULE,
        extra={"customer": customer.pk, "reason": reason},
    )
    return document_submit(
        actor=actor,
        doc=request,
        title=_("客户档案归档申请：%(name)s") % {"name": customer.name},
        facts={"customer_id": customer.pk},
    )


def archive_request_on_outcome(outcome: Outcome) -> None:
    """The engine tells us where the request stands; the archive request follows it, and
    an approved one archives the customer (once; audited as ``customer.archive``)."""
    request = ArchiveRequest.objects.select_for_update().get(pk=outcome.obj.pk)
    state = outcome.state
    if (
        state in OPEN_ARCHIVE_STATUSES
        and ArchiveRequest.objects.filter(
            customer_id=request.customer_id, status__in=OPEN_ARCHIVE_STATUSES
        )
        .exclude(pk=request.pk)
        .exists()
    ):
        raise ConflictError(RULE, _("该客户已有待审批的归档申请。"), code="archive_request_open")
    request.save_versioned(update_fields=follow_outcome(request, outcome))
    if state != ArchiveStatus.APPROVED:
        return
    customer = Customer.objects.select_for_update().get(pk=request.customer_id)
    if customer.archived_at is None:
        _archive(
            customer,
            actor=outcome.actor,
            reason=request.reason,
            extra={
                "archive_request": request.pk,
                "requested_by": request.owner_id,
                "approval": outcome.request.pk,
            },
        )
