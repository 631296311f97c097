"""退订 before a contract (BR-CON-07): after the retention attempt is recorded, the unit
goes back to available."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.catalog import services as catalog
from l2c.contracts.models import ContractStatus, Reservation, ReservationStatus
from l2c.contracts.services._common import doc_ref, locked_reservation, may_handle
from l2c.contracts.services.reservations.checks import OPEN
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError


@transaction.atomic
def reservation_cancel(
    *, actor, reservation_id: int, reason: str, retention_note: str
) -> Reservation:
    """退订 before a contract (BR-CON-07; 002 art. 2 (六) 4: 签订合同前要求退房的尽量做客户
    工作): only after the rep has recorded the retention attempt; the unit goes back to
    available. A refund of the deposit is a change request (``contract_change_request``)."""
    reservation = locked_reservation(reservation_id, "BR-CON-07")
    if not may_handle(actor, reservation):
        raise PermissionDeniedError("BR-CON-07", _("只有经办人或其主管、经理可以办理退订。"))
    reason = (reason or "").strip()
    retention_note = (retention_note or "").strip()
    if not reason:
        raise BusinessRuleError("BR-CON-07", _("请填写退订原因。"), field="reason")
    if not retention_note:
        raise BusinessRuleError(
            "BR-CON-07",
            _("签订合同前客户要求退订，须先做挽留工作并记录挽留情况。"),
            field="retention_note",
        )
    if reservation.status not in OPEN:
        raise ConflictError(
            "BR-CON-07",
            _("认购书 %(n)s 当前为「%(s)s」，不能退订。")
            % {"n": reservation.number, "s": reservation.get_status_display()},
            code="not_open",
        )
    if reservation.contracts.exclude(status=ContractStatus.CANCELLED).exists():
        raise ConflictError(
            "BR-CON-07", _("已据此认购书办理合同，请通过合同变更办理解除。"), code="has_contract"
        )
    return cancel_reservation(
        actor=actor, reservation=reservation, reason=reason, retention_note=retention_note
    )


def cancel_reservation(*, actor, reservation: Reservation, reason: str, retention_note: str):
    """The cancellation itself (the reservation is locked and open): the unit back to
    available, the reservation cancelled, one audit row."""
    now = timezone.now()
    catalog.unit_cancel(
        actor=actor, unit_id=reservation.unit_id, document=doc_ref(reservation), reason=reason
    )
    reservation.status = ReservationStatus.CANCELLED
    reservation.cancelled_at = now
    reservation.cancel_reason = reason[:200]
    reservation.retention_note = retention_note[:500]
    reservation.save_versioned(
        update_fields=["status", "cancelled_at", "cancel_reason", "retention_note"]
    )
    audit_record(
        actor=actor,
        action="reservation.cancel",
        obj=reservation,
        rule="BR-CON-07",
        changes={"status": ["open", ReservationStatus.CANCELLED]},
        extra={"reason": reason, "retention_note": retention_note},
    )
    return reservation
