"""Deposit conversion against the returned receipt (BR-FIN-08) and refunds (BR-CON-07)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.finance import services
from l2c.finance.models import MoneyRecord, ReceiptStatus
from l2c.finance.tests.conftest import make_contract, make_reservation

pytestmark = pytest.mark.django_db


def convert(deal, contract, number, actor=None):
    return services.deposit_convert(
        actor=(actor or deal.cashier).user, contract_id=contract.pk, receipt_number=number
    )


def test_br_fin_08_deposit_converts_only_against_the_returned_receipt(deal, receive):
    receipt = receive("50000")
    contract = make_contract(deal.reservation)
    converted = convert(deal, contract, receipt.number)
    assert converted.pk == receipt.pk
    assert converted.status == ReceiptStatus.RETURNED
    assert converted.returned_at is not None
    assert converted.contract_id == contract.pk
    contract.refresh_from_db()
    assert contract.deposit_converted == Decimal("50000.00")
    assert contract.deposit_converted_at is not None
    assert AuditLog.objects.filter(action="money.deposit_convert", rule="BR-FIN-08").count() == 1


def test_br_fin_08_converting_twice_is_refused(deal, receive):
    receipt = receive("50000")
    contract = make_contract(deal.reservation)
    convert(deal, contract, receipt.number)
    with pytest.raises(ConflictError) as err:
        convert(deal, contract, receipt.number)
    assert err.value.rule == "BR-FIN-08" and err.value.code == "already_converted"
    contract.refresh_from_db()
    assert contract.deposit_converted == Decimal("50000.00")  # counted once


def test_br_fin_08_small_deposit_and_deposit_receipts_handed_back_together(deal, receive):
    small = receive("5000", kind="small_deposit")
    big = receive("45000")
    contract = make_contract(deal.reservation)
    converted = services.deposits_convert(
        actor=deal.cashier.user,
        contract_id=contract.pk,
        receipt_numbers=f"{small.number}、{big.number}",
    )
    assert [r.number for r in converted] == [small.number, big.number]
    contract.refresh_from_db()
    assert contract.deposit_converted == Decimal("50000.00")
    assert all(r.status == ReceiptStatus.RETURNED for r in converted)


def test_br_fin_08_a_receipt_not_handed_back_does_not_count(deal, receive):
    small = receive("5000", kind="small_deposit")
    big = receive("45000")
    contract = make_contract(deal.reservation)
    convert(deal, contract, big.number)  # the 小定 receipt was lost
    contract.refresh_from_db()
    assert contract.deposit_converted == Decimal("45000.00")
    with pytest.raises(ConflictError) as err:  # the contract converts once
        convert(deal, contract, small.number)
    assert err.value.rule == "BR-FIN-08"
    small.refresh_from_db()
    assert small.status == ReceiptStatus.VALID


def test_br_fin_08_receipt_of_another_reservation_is_refused(deal, receive, company):
    other = make_reservation(company, company.reps1[1])
    foreign = receive("50000", reservation=other, payer="钱女士")
    contract = make_contract(deal.reservation)
    with pytest.raises(BusinessRuleError) as err:
        convert(deal, contract, foreign.number)
    assert err.value.rule == "BR-FIN-08"
    foreign.refresh_from_db()
    assert foreign.status == ReceiptStatus.VALID


def test_br_fin_08_unknown_or_non_deposit_receipt_refused(deal, receive):
    contract = make_contract(deal.reservation)
    payment = receive("1000", kind="payment", contract_id=contract.pk)
    for number in ("SJ-000000-999999", payment.number):
        with pytest.raises(BusinessRuleError) as err:
            convert(deal, contract, number)
        assert err.value.rule == "BR-FIN-08"


def test_br_fin_08_contract_must_be_signed(deal, receive):
    receipt = receive("50000")
    draft = make_contract(deal.reservation, status="draft")
    with pytest.raises(BusinessRuleError) as err:
        convert(deal, draft, receipt.number)
    assert err.value.rule == "BR-FIN-08" and err.value.field == "contract"


def test_br_fin_08_only_finance_converts(deal, receive):
    receipt = receive("50000")
    contract = make_contract(deal.reservation)
    with pytest.raises(PermissionDeniedError):
        convert(deal, contract, receipt.number, actor=deal.rep)


# --- refunds (BR-CON-07: the cancellation decides, finance records) -----------------------


def refund(deal, number, amount="50000", bank_ref="REFUND-1", **kw):
    return services.money_refund(
        actor=deal.cashier.user,
        related_receipt_number=number,
        amount=amount,
        bank_ref=bank_ref,
        reason=kw.pop("reason", "签约前退订，挽留未果"),
        **kw,
    )


def test_br_con_07_refund_is_money_out_against_the_receipt(deal, receive):
    receipt = receive("50000")
    out = refund(deal, receipt.number)
    assert out.direction == "out" and out.kind == "refund"
    assert out.related_id == receipt.pk and out.amount == Decimal("50000.00")
    assert out.owner_id == deal.rep.user.pk and out.reservation_id == deal.reservation.pk
    assert out.payer == receipt.payer
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.REFUNDED
    assert AuditLog.objects.filter(action="money.refund", rule="BR-CON-07").count() == 1


def test_br_con_07_refund_once_and_never_of_a_converted_receipt(deal, receive):
    receipt = receive("50000")
    refund(deal, receipt.number)
    with pytest.raises(ConflictError):
        refund(deal, receipt.number, bank_ref="REFUND-2")
    # the same refund registered again (same bank ref) changes nothing (BR-FIN-06)
    again = refund(deal, receipt.number, bank_ref="REFUND-1")
    assert again.duplicate is True
    assert MoneyRecord.objects.filter(kind="refund").count() == 1

    other = make_reservation(deal.company, deal.rep)
    second = receive("50000", reservation=other)
    convert(deal, make_contract(other), second.number)
    with pytest.raises(ConflictError):
        refund(deal, second.number, bank_ref="REFUND-3")
    with pytest.raises(BusinessRuleError):
        services.deposit_convert(
            actor=deal.cashier.user,
            contract_id=make_contract(deal.reservation).pk,
            receipt_number=receipt.number,  # refunded: cannot convert
        )


def test_br_con_07_refund_not_above_the_receipt_and_only_by_finance(deal, receive):
    receipt = receive("50000")
    with pytest.raises(BusinessRuleError) as err:
        refund(deal, receipt.number, amount="50000.01")
    assert err.value.field == "amount"
    with pytest.raises(PermissionDeniedError):
        services.money_refund(
            actor=deal.rep.user,
            related_receipt_number=receipt.number,
            amount="1",
            bank_ref="X",
            reason="x",
        )
    with pytest.raises(ConflictError):  # a bank ref already used for the deposit itself
        refund(deal, receipt.number, bank_ref=receipt.bank_ref)
    assert not MoneyRecord.objects.filter(kind="refund").exists()


def test_br_con_07_partial_refund_retained_part_noted(deal, receive):
    receipt = receive("50000")
    out = refund(
        deal, receipt.number, amount="40000", reason="签约前退订，扣除定金 10000（定金罚则）"
    )
    assert out.amount == Decimal("40000.00") and "定金罚则" in out.note


def test_br_fin_08_receipt_of_a_revised_reservation_converts_into_its_contract(deal, receive):
    """A change after signing is a new version with the same number (BR-CON-02): the
    receipt recorded against version 1 still converts into the contract of version 2."""
    from l2c.contracts import services as contracts

    receipt = receive("50000")
    revised = contracts.reservation_revise(
        actor=deal.rep.user,
        reservation_id=deal.reservation.pk,
        changes={"agreed_price": deal.reservation.list_price, "terms": "交房日期顺延 30 天"},
        reason="客户放弃优惠，要求调整交房日期",
    )
    assert revised.pk != deal.reservation.pk and revised.number == deal.reservation.number
    contract = make_contract(revised)
    converted = convert(deal, contract, receipt.number)
    assert converted.status == ReceiptStatus.RETURNED
    contract.refresh_from_db()
    assert contract.deposit_converted == Decimal("50000.00")
