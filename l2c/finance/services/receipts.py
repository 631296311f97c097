"""Receipts: money received against reservations and contracts, refunds, deposit conversion
and voiding (BR-FIN-01, 02, 06, 08; money side of BR-CON-01, BR-CAT-03, BR-CON-07).

Only finance records money (002 art. 2 (七): 销售人员开认购书后，带客户到财务交缴定金，不得私自
收取). Every record gets the next receipt number in its own transaction (BR-CON-05, no gaps);
a bank reference counts once (BR-FIN-06), enforced by the partial unique index on
``bank_ref`` so two cashiers entering the same transfer at the same moment still produce one
record. A deposit converts into the price only against the returned receipt (002 art. 8 七
13: 将定金条交回财务收银处，未上交的，定金不计入车款总额).

Finance is later in the flow than contracts, so it tells contracts what happened through
their services (``reservation_mark_paid``, ``contract_deposit_converted``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.money import percent_of, to_yuan
from l2c.core.numbering import next_number
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.finance import selectors
from l2c.finance.models import Direction, Method, MoneyKind, MoneyRecord, ReceiptStatus

#: who records money (BR-FIN-01)
FINANCE_ROLES = frozenset({Role.FINANCE})
#: what ``money_receive`` takes in (bid bonds have their own service)
RECEIVABLE_KINDS = (
    MoneyKind.SMALL_DEPOSIT,
    MoneyKind.DEPOSIT,
    MoneyKind.PAYMENT,
    MoneyKind.NAME_CHANGE_FEE,
)
DEPOSIT_KINDS = selectors.DEPOSIT_KINDS
#: the most an amount may be (DecimalField(max_digits=14, decimal_places=2))
MAX_AMOUNT = Decimal("999999999999.99")
#: how far in the future a money time may lie (clock drift between machines)
FUTURE_SLACK = dt.timedelta(minutes=5)


def require_finance(actor, message=None) -> None:
    """BR-FIN-01: only finance touches money; a sales rep never collects."""
    viewer = viewer_of(actor)
    if not (viewer.roles & FINANCE_ROLES or viewer.is_superuser):
        raise PermissionDeniedError(
            "BR-FIN-01", message or _("只有财务可以登记收款，销售人员不得收取款项。")
        )


def clean_amount(raw: Any, *, field: str = "amount") -> Decimal:
    """BR-FIN-02: an exact amount in 元, 2 places, rounded half-up, above zero."""
    try:
        amount = to_yuan(raw)
    except ValueError as exc:
        raise BusinessRuleError("BR-FIN-02", _("请输入正确的金额。"), field=field) from exc
    if amount <= 0:
        raise BusinessRuleError("BR-FIN-02", _("金额必须大于零。"), field=field)
    if amount > MAX_AMOUNT:
        raise BusinessRuleError("BR-FIN-02", _("金额过大。"), field=field)
    return amount


def _clean_text(raw: Any, *, field: str, limit: int, required: bool, label: str) -> str:
    value = " ".join(str(raw or "").split())
    if required and not value:
        raise BusinessRuleError("BR-FIN-01", _("请填写%(f)s。") % {"f": label}, field=field)
    if len(value) > limit:
        raise BusinessRuleError(
            "BR-FIN-01", _("%(f)s不能超过 %(n)s 个字符。") % {"f": label, "n": limit}, field=field
        )
    return value


def _clean_at(at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + FUTURE_SLACK:
        raise BusinessRuleError("BR-FIN-01", _("收付时间不能晚于现在。"), field="at")
    return at


def _same_payment(existing: MoneyRecord, new: dict[str, Any]) -> bool:
    return all(
        getattr(existing, key) == value
        for key, value in new.items()
        if key in {"direction", "kind", "amount", "payer", "reservation_id", "contract_id"}
    )


def _duplicate(existing: MoneyRecord, fields: dict[str, Any]) -> MoneyRecord:
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
                "amount": f"{existing.amount:,.2f}",
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
            return _duplicate(existing, fields)
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
        return _duplicate(existing, fields)
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
        },
    )
    return record


def _scope_from(document) -> dict[str, Any]:
    """Owner, team and department of the sales document: the rep sees their receipts."""
    return {
        "owner_id": document.owner_id,
        "team_id": document.team_id,
        "department_id": document.department_id,
    }


def _check_deposit(reservation, amount: Decimal, at: dt.datetime) -> None:
    """BR-CAT-03 (定金 ≤ 20% of the price, 民法典 第586条) and BR-CON-01 (no more than the
    reservation's agreed deposit)."""
    from l2c.contracts.models import ReservationStatus

    if reservation.status != ReservationStatus.SIGNED:
        raise BusinessRuleError(
            "BR-CON-01",
            _("认购书 %(n)s 当前状态为“%(s)s”，不能再收取定金。")
            % {"n": reservation.number, "s": reservation.get_status_display()},
            field="reservation",
        )
    held = selectors.deposits_received([reservation.pk]).get(reservation.pk, Decimal("0.00"))
    total = held + amount
    percent = policy.value("catalog.max_deposit_percent", at=at)
    cap = percent_of(reservation.agreed_price, percent)
    if total > cap:
        raise BusinessRuleError(
            "BR-CAT-03",
            _(
                "定金合计 ¥%(total)s 超过成交价 ¥%(price)s 的 %(pct)s%%（上限 ¥%(cap)s），"
                "依《民法典》第586条不予收取。"
            )
            % {
                "total": f"{total:,.2f}",
                "price": f"{reservation.agreed_price:,.2f}",
                "pct": percent,
                "cap": f"{cap:,.2f}",
            },
            field="amount",
        )
    if total > reservation.deposit_amount:
        raise BusinessRuleError(
            "BR-CON-01",
            _("认购书约定定金 ¥%(due)s，已收 ¥%(held)s，本次最多可收 ¥%(left)s。")
            % {
                "due": f"{reservation.deposit_amount:,.2f}",
                "held": f"{held:,.2f}",
                "left": f"{max(reservation.deposit_amount - held, Decimal(0)):,.2f}",
            },
            field="amount",
        )


def _fee_change(contract, reservation):
    """BR-CON-07: a transfer fee is received against the contract of an approved name
    change (its amount is checked by ``contract_change_fee_paid``)."""
    from l2c.contracts import selectors as contracts

    if contract is None or reservation is not None:
        raise BusinessRuleError(
            "BR-CON-07", _("过户费请对应办理换名的合同收取。"), field="contract"
        )
    change = contracts.name_change_fee_due(contract.pk)
    if change is None:
        raise BusinessRuleError(
            "BR-CON-07",
            _("合同 %(n)s 没有待收的过户费：换名须先经审批，每次换名只收一次。")
            % {"n": contract.number},
            field="contract",
        )
    return change


@transaction.atomic
def money_receive(
    *,
    actor,
    kind: str,
    amount: Any,
    payer: str,
    method: str,
    bank_ref: str = "",
    at: dt.datetime | None = None,
    reservation_id: int | None = None,
    contract_id: int | None = None,
    customer_id: int | None = None,
    note: str = "",
) -> MoneyRecord:
    """Finance records money received and issues the receipt (BR-FIN-01).

    A deposit (小定/定金) is taken against a signed reservation, within its agreed deposit
    and 20% of the price (BR-CAT-03); the reservation then becomes paid (the contracts
    app's ``reservation_mark_paid``). The same bank reference again returns the receipt
    already issued and writes nothing (BR-FIN-06)."""
    require_finance(actor)
    now = timezone.now()
    if kind not in RECEIVABLE_KINDS:
        raise BusinessRuleError("BR-FIN-01", _("请选择款项类型。"), field="kind")
    if method not in Method.values:
        raise BusinessRuleError("BR-FIN-01", _("请选择收款方式。"), field="method")
    amount = clean_amount(amount)
    payer = _clean_text(payer, field="payer", limit=100, required=True, label=_("付款人"))
    bank_ref = _clean_text(
        bank_ref, field="bank_ref", limit=60, required=method == Method.BANK, label=_("银行流水号")
    )
    note = _clean_text(note, field="note", limit=200, required=False, label=_("备注"))
    at = _clean_at(at, now)

    reservation = contract = customer = None
    if reservation_id:
        reservation = selectors.reservation_for_finance(reservation_id=reservation_id, lock=True)
    if contract_id:
        contract = selectors.contract_for_finance(contract_id=contract_id, lock=True)
    if customer_id:
        customer = selectors.customer_for_finance(customer_id=customer_id)
    if kind in DEPOSIT_KINDS and reservation is None:
        raise BusinessRuleError(
            "BR-CON-01", _("定金须对应一份已签署的认购书。"), field="reservation"
        )
    if reservation is None and contract is None and customer is None:
        raise BusinessRuleError("BR-FIN-01", _("请选择认购书、合同或客户。"), field="reservation")
    if contract is not None:
        from l2c.contracts.models import ContractStatus

        if contract.status == ContractStatus.CANCELLED:
            raise BusinessRuleError(
                "BR-CON-07", _("合同 %(n)s 已解除，不能收款。") % {"n": contract}, field="contract"
            )
        if reservation is not None and contract.reservation_id != reservation.pk:
            raise BusinessRuleError("BR-FIN-01", _("所选合同与认购书不对应。"), field="contract")
    document = contract or reservation
    if customer is None:
        customer = document.customer
    elif document is not None and document.customer_id != customer.pk:
        raise BusinessRuleError("BR-FIN-01", _("所选客户与单据不对应。"), field="customer")
    scope = _scope_from(document or customer)

    fields = {
        "direction": Direction.IN,
        "kind": kind,
        "amount": amount,
        "method": method,
        "bank_ref": bank_ref,
        "payer": payer,
        "at": at,
        "note": note,
        "customer_id": customer.pk,
        "reservation_id": reservation.pk if reservation else None,
        "contract_id": contract.pk if contract else None,
        "recorded_by_id": actor.pk,
        **scope,
    }
    if bank_ref:
        # BR-FIN-06 first: a repeated registration of a deposit must not be refused as an
        # overpayment — it is the same money, and the receipt already issued comes back.
        existing = MoneyRecord.objects.filter(bank_ref=bank_ref).first()
        if existing is not None:
            return _duplicate(existing, fields)
    if kind in DEPOSIT_KINDS:
        _check_deposit(reservation, amount, at)
    fee_change = None
    if kind == MoneyKind.NAME_CHANGE_FEE:
        fee_change = _fee_change(contract, reservation)

    def _tell_contracts(record: MoneyRecord) -> None:
        if fee_change is not None:
            from l2c.contracts import services as contracts

            contracts.contract_change_fee_paid(
                actor=actor,
                change_id=fee_change.pk,
                receipt_number=record.number,
                amount=amount,
                at=at,
            )
        if kind in DEPOSIT_KINDS:
            from l2c.contracts import services as contracts

            contracts.reservation_mark_paid(
                actor=actor, reservation_id=reservation.pk, amount=amount, at=at
            )

    return money_record_write(
        actor=actor,
        fields=fields,
        action="money.receive",
        rule="BR-FIN-01",
        on_created=_tell_contracts,
    )


def _locked_receipt(number: str, *, field: str = "receipt_number") -> MoneyRecord:
    number = str(number or "").strip()
    record = (
        MoneyRecord.objects.select_for_update().filter(number=number).first() if number else None
    )
    if record is None:
        raise BusinessRuleError(
            "BR-FIN-08", _("收据号 %(n)s 不存在。") % {"n": number[:40]}, field=field
        )
    return record


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
    from l2c.contracts.models import ContractStatus

    numbers = _receipt_numbers(receipt_numbers)
    contract = selectors.contract_for_finance(contract_id=contract_id, lock=True)
    receipts = [_locked_receipt(n) for n in numbers]
    if contract.status != ContractStatus.SIGNED:
        raise BusinessRuleError(
            "BR-FIN-08",
            _("合同签订后才能办理定金转房款（当前状态：%(s)s）。")
            % {"s": contract.get_status_display()},
            field="contract",
        )
    for receipt in receipts:
        _check_convertible(receipt, contract)
    if contract.deposit_converted_at is not None:
        raise ConflictError(
            "BR-FIN-08",
            _("合同 %(n)s 的定金已于 %(t)s 转为房款，不能重复办理。")
            % {
                "n": contract.number,
                "t": timezone.localtime(contract.deposit_converted_at).strftime("%Y-%m-%d %H:%M"),
            },
            field="contract",
            code="already_converted",
        )
    now = timezone.now()
    total = Decimal("0.00")
    for receipt in receipts:
        receipt.status = ReceiptStatus.RETURNED
        receipt.returned_at = now
        receipt.contract_id = contract.pk
        receipt.save_versioned(update_fields=["status", "returned_at", "contract"])
        total += receipt.amount
    from l2c.contracts import services as contracts

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
    bank_ref = _clean_text(
        bank_ref, field="bank_ref", limit=60, required=method == Method.BANK, label=_("银行流水号")
    )
    reason = _clean_text(reason, field="reason", limit=200, required=True, label=_("退款原因"))
    at = _clean_at(at, now)
    related = _locked_receipt(related_receipt_number, field="related_receipt_number")
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
            return _duplicate(existing, fields)
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
            _("退款金额不能超过原收据金额 ¥%(a)s。") % {"a": f"{related.amount:,.2f}"},
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
    reason = _clean_text(reason, field="reason", limit=200, required=True, label=_("作废原因"))
    record = _locked_receipt(number, field="number")
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
