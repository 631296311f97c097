"""Finance pays a deposit (or payment) back (BR-CON-07): money out against the receipt it
refunds, once; the same bank reference counts once (BR-FIN-06)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError, ConflictError
from l2c.core.money import yuan
from l2c.finance.models import Direction, Method, MoneyKind, MoneyRecord, ReceiptStatus
from l2c.finance.services.receipts.common import (
    RECEIVABLE_KINDS,
    clean_amount,
    clean_moment,
    clean_text,
    locked_receipt,
    require_finance,
)
from l2c.finance.services.receipts.recording import money_record_write, repeated_payment


@transaction.atomic
def money_refund(
    *,
    actor,
    related_receipt_number: str,
    amount: Any,
    bank_ref: str,
    reason: str,
    at: dt.datetime | None = None,
    method: str = Method.BANK,
) -> MoneyRecord:
    """Finance pays a deposit (or payment) back (BR-CON-07) — money out, kind refund,
    pointing at the receipt it refunds, which becomes ``refunded``. Whether a refund is
    allowed at all is decided before, by the cancellation (contracts app); finance records
    it. A receipt is refunded once; the same bank reference counts once (BR-FIN-06)."""
    require_finance(actor, _("只有财务可以办理退款。"))
    now = timezone.now()
    amount = clean_amount(amount)
    if method not in Method.values:
        raise BusinessRuleError("BR-FIN-01", _("请选择付款方式。"), field="method")
    bank_ref = clean_text(
        bank_ref, field="bank_ref", limit=60, required=method == Method.BANK, label=_("银行流水号")
    )
    reason = clean_text(reason, field="reason", limit=200, required=True, label=_("退款原因"))
    at = clean_moment(at, now)
    related = locked_receipt(related_receipt_number, field="related_receipt_number")
    fields = {
        "direction": Direction.OUT,
        "kind": MoneyKind.REFUND,
        "amount": amount,
        "method": method,
        "bank_ref": bank_ref,
        "payer": related.payer,
        "at": at,
        "note": reason,
        "customer_id": related.customer_id,
        "reservation_id": related.reservation_id,
        "contract_id": related.contract_id,
        "related_id": related.pk,
        "recorded_by_id": actor.pk,
        "owner_id": related.owner_id,
        "team_id": related.team_id,
        "department_id": related.department_id,
    }
    if bank_ref:
        existing = MoneyRecord.objects.filter(bank_ref=bank_ref).first()
        if existing is not None:
            if existing.related_id != related.pk:
                raise ConflictError(
                    "BR-FIN-06",
                    _("银行流水号 %(ref)s 已用于 %(n)s，不能重复入账。")
                    % {"ref": bank_ref, "n": existing.number},
                    field="bank_ref",
                    code="bank_ref_taken",
                )
            return repeated_payment(existing, fields)
    if related.direction != Direction.IN or related.kind not in RECEIVABLE_KINDS:
        raise BusinessRuleError(
            "BR-CON-07", _("只能对收款收据办理退款。"), field="related_receipt_number"
        )
    if related.status != ReceiptStatus.VALID:
        raise ConflictError(
            "BR-CON-07",
            _("收据 %(n)s 状态为“%(s)s”，不能退款。")
            % {"n": related.number, "s": related.get_status_display()},
            field="related_receipt_number",
            code="not_refundable",
        )
    if amount > related.amount:
        raise BusinessRuleError(
            "BR-CON-07",
            _("退款金额不能超过原收据金额 ¥%(a)s。") % {"a": yuan(related.amount)},
            field="amount",
        )

    def _mark_refunded(record: MoneyRecord) -> None:
        related.status = ReceiptStatus.REFUNDED
        related.save_versioned(update_fields=["status"])

    return money_record_write(
        actor=actor,
        fields=fields,
        action="money.refund",
        rule="BR-CON-07",
        on_created=_mark_refunded,
    )
