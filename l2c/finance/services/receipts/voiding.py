"""A record registered in error voided — the same day only, by finance (BR-FIN-01); a
voided transfer fee is due again (BR-CON-07), a deposit counted against its
reservation is corrected by a refund."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError
from l2c.finance import selectors
from l2c.finance.models import MoneyKind, MoneyRecord, ReceiptStatus
from l2c.finance.services.receipts.common import (
    DEPOSIT_KINDS,
    clean_text,
    locked_receipt,
    require_finance,
)


def may_void(record: MoneyRecord, now: dt.datetime | None = None) -> bool:
    """Whether :func:`money_void` would accept ``record`` today (for showing the action;
    the service checks again under the row lock)."""
    from l2c.contracts import services as contracts

    now = now or timezone.now()
    if record.status != ReceiptStatus.VALID:
        return False
    if timezone.localdate(record.created_at) != timezone.localdate(now):
        return False
    if record.kind in DEPOSIT_KINDS and record.reservation_id:
        return hasattr(contracts, "reservation_mark_unpaid")
    return True


@transaction.atomic
def money_void(*, actor, number: str, reason: str) -> MoneyRecord:
    """Void a record registered in error — the same day only, by finance, audited. A
    receipt already handed back (converted) or refunded, or one a refund points at, stays.
    The void record gives up its bank reference (kept in ``voided_bank_ref``) so the
    corrected entry can be registered; it never counts again (BR-FIN-06)."""
    require_finance(actor, _("只有财务可以作废收据。"))
    reason = clean_text(reason, field="reason", limit=200, required=True, label=_("作废原因"))
    record = locked_receipt(number, field="number")
    now = timezone.now()
    if record.status != ReceiptStatus.VALID:
        raise ConflictError(
            "BR-FIN-01",
            _("收据 %(n)s 状态为“%(s)s”，不能作废。")
            % {"n": record.number, "s": record.get_status_display()},
            code="not_voidable",
        )
    if timezone.localdate(record.created_at) != timezone.localdate(now):
        raise BusinessRuleError(
            "BR-FIN-01",
            _("收据只能在登记当日作废；之后的更正请办理退款或红冲。"),
            code="void_same_day_only",
        )
    if MoneyRecord.objects.filter(related=record).exclude(status=ReceiptStatus.VOID).exists():
        raise ConflictError("BR-FIN-01", _("该收据已有退款记录，不能作废。"), code="not_voidable")
    if record.kind in DEPOSIT_KINDS and record.reservation_id:
        _release_deposit(actor, record, now)
    if record.kind == MoneyKind.NAME_CHANGE_FEE:
        from l2c.contracts import services as contracts

        contracts.contract_change_fee_voided(actor=actor, receipt_number=record.number)
    before = {"status": record.status, "bank_ref": record.bank_ref}
    record.status = ReceiptStatus.VOID
    record.voided_at = now
    record.voided_by = actor
    record.void_reason = reason
    record.voided_bank_ref = record.bank_ref
    record.bank_ref = ""
    record.save_versioned(
        update_fields=[
            "status",
            "voided_at",
            "voided_by",
            "void_reason",
            "voided_bank_ref",
            "bank_ref",
        ]
    )
    audit_record(
        actor=actor,
        action="money.void",
        obj=record,
        rule="BR-FIN-01",
        changes={
            "status": [before["status"], ReceiptStatus.VOID],
            "bank_ref": [before["bank_ref"], ""],
        },
        extra={"reason": reason},
    )
    return record


def _release_deposit(actor, record: MoneyRecord, now: dt.datetime) -> None:
    """A void deposit receipt no longer counts against its reservation. The contracts app
    keeps the paid total (``Reservation.paid_amount``); it is told through
    ``reservation_mark_unpaid`` when it offers that service — until then a deposit receipt,
    once recorded against a reservation, is corrected by a refund, never voided."""
    from l2c.contracts import services as contracts

    undo = getattr(contracts, "reservation_mark_unpaid", None)
    reservation = selectors.reservation_for_finance(reservation_id=record.reservation_id)
    if undo is None:
        raise ConflictError(
            "BR-FIN-01",
            _("收据 %(r)s 已计入认购书 %(n)s 的已交定金（%(s)s），不能作废；如需更正请办理退款。")
            % {"r": record.number, "n": reservation.number, "s": reservation.get_status_display()},
            code="not_voidable",
        )
    undo(actor=actor, reservation_id=reservation.pk, amount=record.amount, at=now)
