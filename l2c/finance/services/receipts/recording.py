"""One money record written: the next receipt number and the row in one savepoint (no
gaps, BR-CON-05); a bank reference counts once (BR-FIN-06): the same payment again
gives back the record already there, a different one under that reference is refused."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import ConflictError
from l2c.core.money import yuan
from l2c.core.numbering import next_number
from l2c.finance.models import MoneyRecord


def _same_payment(existing: MoneyRecord, new: dict[str, Any]) -> bool:
    return all(
        getattr(existing, key) == value
        for key, value in new.items()
        if key
        in {"direction", "kind", "amount", "payer", "reservation_id", "contract_id", "milestone_id"}
    )


def repeated_payment(existing: MoneyRecord, fields: dict[str, Any]) -> MoneyRecord:
    """BR-FIN-06: the same bank reference again. The same payment → the record already
    there, nothing written; a different payment under that reference → refused."""
    if not _same_payment(existing, fields):
        raise ConflictError(
            "BR-FIN-06",
            _(
                "银行流水号 %(ref)s 已登记为收据 %(n)s（%(payer)s，¥%(amount)s），"
                "与本次登记的款项不一致；同一笔银行款项不能重复入账，请核对流水号。"
            )
            % {
                "ref": existing.bank_ref,
                "n": existing.number,
                "payer": existing.payer,
                "amount": yuan(existing.amount),
            },
            field="bank_ref",
            code="bank_ref_taken",
        )
    existing.duplicate = True
    return existing


def money_record_write(
    *,
    actor,
    fields: dict[str, Any],
    action: str,
    rule: str,
    on_created=None,
) -> MoneyRecord:
    """Write one money record: the BR-FIN-06 check, the next receipt number and the row in
    one savepoint, then ``on_created(record)`` and the audit row. Call inside a transaction
    after the permission and business checks (the bid-bond service uses it too).

    Returns the record; ``record.duplicate`` is True when the bank reference was already
    registered for the same payment and nothing was written."""
    bank_ref = fields.get("bank_ref", "")
    if bank_ref:
        existing = MoneyRecord.objects.filter(bank_ref=bank_ref).first()
        if existing is not None:
            return repeated_payment(existing, fields)
    record = MoneyRecord(**fields)
    try:
        # The number and the row share one savepoint: if another connection registered the
        # same bank reference first, both roll back — no gap in the receipt numbers.
        with transaction.atomic():
            record.number = next_number("receipt")
            record.save(force_insert=True)
    except IntegrityError:
        if not bank_ref:
            raise
        existing = MoneyRecord.objects.filter(bank_ref=bank_ref).first()
        if existing is None:  # pragma: no cover — some other constraint failed
            raise
        return repeated_payment(existing, fields)
    record.duplicate = False
    if on_created is not None:
        on_created(record)
    audit_record(
        actor=actor,
        action=action,
        obj=record,
        rule=rule,
        extra={
            "number": record.number,
            "kind": record.kind,
            "direction": record.direction,
            "amount": record.amount,
            "payer": record.payer,
            "bank_ref": record.bank_ref,
            "reservation": record.reservation_id,
            "contract": record.contract_id,
            "milestone": record.milestone_id,
        },
    )
    return record
