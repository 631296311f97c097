"""Money received and the receipt issued (BR-FIN-01): a deposit against a signed
reservation, within its agreed deposit and 20% of the price (BR-CON-01, BR-CAT-03),
makes the reservation paid; a transfer fee against the contract of an approved name
change (BR-CON-07)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.core.errors import BusinessRuleError
from l2c.core.money import percent_of, yuan
from l2c.finance import selectors
from l2c.finance.models import Direction, Method, MoneyKind, MoneyRecord
from l2c.finance.services.receipts.common import (
    DEPOSIT_KINDS,
    RECEIVABLE_KINDS,
    clean_amount,
    clean_moment,
    clean_text,
    require_finance,
    scope_from,
)
from l2c.finance.services.receipts.recording import money_record_write, repeated_payment


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
                "total": yuan(total),
                "price": yuan(reservation.agreed_price),
                "pct": percent,
                "cap": yuan(cap),
            },
            field="amount",
        )
    if total > reservation.deposit_amount:
        raise BusinessRuleError(
            "BR-CON-01",
            _("认购书约定定金 ¥%(due)s，已收 ¥%(held)s，本次最多可收 ¥%(left)s。")
            % {
                "due": yuan(reservation.deposit_amount),
                "held": yuan(held),
                "left": yuan(max(reservation.deposit_amount - held, Decimal(0))),
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
    payer = clean_text(payer, field="payer", limit=100, required=True, label=_("付款人"))
    bank_ref = clean_text(
        bank_ref, field="bank_ref", limit=60, required=method == Method.BANK, label=_("银行流水号")
    )
    note = clean_text(note, field="note", limit=200, required=False, label=_("备注"))
    at = clean_moment(at, now)

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
    scope = scope_from(document or customer)

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
            return repeated_payment(existing, fields)
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
