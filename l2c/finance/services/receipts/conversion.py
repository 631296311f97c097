"""The deposit converted into the contract price, only against the receipts handed back
to the cashier (BR-FIN-08; 002 art. 8 七 13); the contract records it
(``contract_deposit_converted``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError
from l2c.finance import selectors
from l2c.finance.models import Direction, MoneyRecord, ReceiptStatus
from l2c.finance.services.receipts.common import DEPOSIT_KINDS, locked_receipt, require_finance


def _check_convertible(receipt: MoneyRecord, contract) -> None:
    if receipt.direction != Direction.IN or receipt.kind not in DEPOSIT_KINDS:
        raise BusinessRuleError(
            "BR-FIN-08",
            _("收据 %(n)s 不是定金收据。") % {"n": receipt.number},
            field="receipt_number",
        )
    if receipt.status == ReceiptStatus.RETURNED:
        raise ConflictError(
            "BR-FIN-08",
            _("收据 %(n)s 已于 %(t)s 交回并转入房款，不能重复转款。")
            % {
                "n": receipt.number,
                "t": timezone.localtime(receipt.returned_at).strftime("%Y-%m-%d %H:%M"),
            },
            field="receipt_number",
            code="already_converted",
        )
    if receipt.status != ReceiptStatus.VALID:
        raise BusinessRuleError(
            "BR-FIN-08",
            _("收据 %(n)s 状态为“%(s)s”，不能转入房款。")
            % {"n": receipt.number, "s": receipt.get_status_display()},
            field="receipt_number",
        )
    belongs = (
        # a revised reservation is a new row with the same number (BR-CON-02): the receipt
        # of version 1 still belongs to a contract made from version 2
        receipt.reservation.number == contract.reservation.number
        if receipt.reservation_id and contract.reservation_id
        else receipt.customer_id == contract.customer_id
        and receipt.contract_id in (None, contract.pk)
    )
    if not belongs:
        raise BusinessRuleError(
            "BR-FIN-08",
            _("收据 %(n)s 不是本合同（认购书）的定金收据。") % {"n": receipt.number},
            field="receipt_number",
        )


def _receipt_numbers(raw: str | Sequence[str]) -> list[str]:
    """One number, or several (a list, or separated by commas, 、 or spaces), in order."""
    parts = [raw] if isinstance(raw, str) else list(raw or [])
    numbers: list[str] = []
    for part in parts:
        for n in str(part).replace("，", ",").replace("、", ",").replace(",", " ").split():
            if n not in numbers:
                numbers.append(n)
    if not numbers:
        raise BusinessRuleError(
            "BR-FIN-08", _("请填写客户交回的定金收据号。"), field="receipt_number"
        )
    return numbers


@transaction.atomic
def deposits_convert(
    *, actor, contract_id: int, receipt_numbers: str | Sequence[str]
) -> list[MoneyRecord]:
    """BR-FIN-08: the deposit converts into the contract price, only against the deposit
    receipts the customer hands back to the cashier (定金条交回财务收银处; a receipt not
    handed back does not count). Each receipt is marked returned (``returned_at``) and can
    never be converted or refunded again; the contract's deposit conversion happens once,
    so the 小定 and 定金 receipts are handed back together."""
    require_finance(actor, _("只有财务可以办理定金转房款。"))
    from l2c.contracts import services as contracts
    from l2c.contracts.models import ContractStatus

    numbers = _receipt_numbers(receipt_numbers)
    contract = selectors.contract_for_finance(contract_id=contract_id, lock=True)
    receipts = [locked_receipt(n) for n in numbers]
    if contract.status != ContractStatus.SIGNED:
        raise BusinessRuleError(
            "BR-FIN-08",
            _("合同签订后才能办理定金转房款（当前状态：%(s)s）。")
            % {"s": contract.get_status_display()},
            field="contract",
        )
    for receipt in receipts:
        _check_convertible(receipt, contract)
    contracts.refuse_second_conversion(contract, field="contract")
    now = timezone.now()
    total = Decimal("0.00")
    for receipt in receipts:
        receipt.status = ReceiptStatus.RETURNED
        receipt.returned_at = now
        receipt.contract_id = contract.pk
        receipt.save_versioned(update_fields=["status", "returned_at", "contract"])
        total += receipt.amount
    contracts.contract_deposit_converted(actor=actor, contract_id=contract.pk, amount=total, at=now)
    audit_record(
        actor=actor,
        action="money.deposit_convert",
        obj=receipts[0],
        rule="BR-FIN-08",
        changes={"status": [ReceiptStatus.VALID, ReceiptStatus.RETURNED]},
        extra={
            "contract": str(contract),
            "receipts": [r.number for r in receipts],
            "amount": total,
        },
    )
    return receipts


def deposit_convert(*, actor, contract_id: int, receipt_number: str) -> MoneyRecord:
    """:func:`deposits_convert` for one returned receipt (the usual case)."""
    return deposits_convert(actor=actor, contract_id=contract_id, receipt_numbers=receipt_number)[0]
