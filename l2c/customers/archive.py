"""Archiving a customer file (BR-CUS-09): files are kept for ever; "deleting" one means
archiving it with a reason, and only the general manager may do it. The approval chain
(a rep asks, the GM approves) comes later; until then the GM archives directly.

Nobody deletes a customer row: an archived customer keeps its history and its mobile (so a
later registration of the same phone is still recognised) and leaves every list."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers.models import Customer

#: who may archive a customer file (BR-CUS-09)
ARCHIVE_ROLES = frozenset({Role.GM})


def may_archive(user) -> bool:
    return bool(viewer_of(user).roles & ARCHIVE_ROLES)


@transaction.atomic
def customer_archive(*, actor, customer_id: int, reason: str) -> Customer:
    """Archive a customer file with a reason (BR-CUS-09). GM only; audited."""
    if not may_archive(actor):
        raise PermissionDeniedError("BR-CUS-09", _("客户档案须经总经理批准才能删除（归档）。"))
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError("BR-CUS-09", _("请填写归档原因。"), field="reason")
    if len(reason) > 200:
        raise BusinessRuleError("BR-CUS-09", _("归档原因不超过 200 字。"), field="reason")
    try:
        customer = Customer.objects.select_for_update().get(pk=int(customer_id))
    except (Customer.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-CUS-09", _("未找到该客户。")) from exc
    if customer.archived_at is not None:
        raise ConflictError("BR-CUS-09", _("该客户档案已归档。"), code="archived")
    customer.archived_at = timezone.now()
    customer.archive_reason = reason
    customer.save_versioned(update_fields=["archived_at", "archive_reason"])
    audit_record(
        actor=actor,
        action="customer.archive",
        obj=customer,
        rule="BR-CUS-09",
        extra={"reason": reason, "owner": customer.owner_id},
    )
    return customer
