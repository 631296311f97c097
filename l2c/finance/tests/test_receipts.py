"""Receipts (BR-FIN-01, 02, 06; BR-CON-01 money side; BR-CAT-03 deposit cap)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.audit.models import AuditLog
from l2c.contracts.models import ReservationStatus
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.money import rmb_upper, to_yuan
from l2c.core.testing import at
from l2c.finance import selectors, services
from l2c.finance.models import MoneyRecord, ReceiptStatus
from l2c.finance.tests.conftest import make_contract, make_reservation

pytestmark = pytest.mark.django_db


# --- BR-FIN-01: only finance records money; unique, printable receipt numbers -------------


@pytest.mark.parametrize("who", ["rep", "supervisor1", "manager1", "gm", "assistant1"])
def test_br_fin_01_only_finance_records_money_a_rep_never_collects(deal, receive, who):
    person = getattr(deal.company, who)
    with pytest.raises(PermissionDeniedError) as err:
        receive(actor=person)
    assert err.value.rule == "BR-FIN-01"
    assert "只有财务可以登记收款" in str(err.value.message)
    assert not MoneyRecord.objects.exists()
    deal.reservation.refresh_from_db()
    assert deal.reservation.status == ReservationStatus.SIGNED


def test_br_fin_01_deposit_receipt_makes_the_reservation_paid(deal, receive):
    record = receive("50000", bank_ref="ICBC20261123001")
    assert record.number == "SJ-202611-000001"
    assert record.amount == Decimal("50000.00")
    assert record.kind == "deposit" and record.direction == "in"
    assert record.status == ReceiptStatus.VALID
    # the rep, team and department of the reservation: the rep sees the receipt
    assert record.owner_id == deal.rep.user.pk
    assert record.team_id == deal.rep.team_id
    assert record.department_id == deal.rep.department_id
    assert record.customer_id == deal.customer.pk
    assert record.recorded_by_id == deal.cashier.user.pk
    deal.reservation.refresh_from_db()
    assert deal.reservation.status == ReservationStatus.PAID
    assert deal.reservation.paid_amount == Decimal("50000.00")
    audit = AuditLog.objects.get(action="money.receive")
    assert audit.rule == "BR-FIN-01" and audit.object_id == str(record.pk)


def test_br_fin_01_receipt_numbers_are_unique_and_consecutive(deal, receive, company):
    numbers = [receive("10000").number for _ in range(3)]
    other = make_reservation(company, company.reps2[0])
    numbers.append(receive("20000", reservation=other).number)
    assert numbers == [f"SJ-202611-{i:06d}" for i in range(1, 5)]
    assert len(set(MoneyRecord.objects.values_list("number", flat=True))) == 4


def test_br_fin_01_small_deposit_then_deposit(deal, receive):
    receive("5000", kind="small_deposit")
    deal.reservation.refresh_from_db()
    assert deal.reservation.status == ReservationStatus.SIGNED  # 5,000 of 50,000 so far
    receive("45000", kind="deposit")
    deal.reservation.refresh_from_db()
    assert deal.reservation.status == ReservationStatus.PAID


def test_br_con_01_deposit_needs_a_reservation_and_no_more_than_agreed(deal, receive):
    with pytest.raises(BusinessRuleError) as err:
        receive("50000", reservation_id=None, customer_id=deal.customer.pk)
    assert err.value.rule == "BR-CON-01"
    with pytest.raises(BusinessRuleError) as err:
        receive("50000.01")
    assert err.value.rule == "BR-CON-01" and err.value.field == "amount"
    receive("50000")
    with pytest.raises(BusinessRuleError) as err:
        receive("1")  # paid: the reservation takes no more deposit
    assert err.value.rule == "BR-CON-01"
    assert MoneyRecord.objects.count() == 1


def test_br_cat_03_deposit_over_20_percent_refused(company, clock, receive):
    # a reservation whose agreed deposit breaks the 20% cap (as if entered before the rule)
    reservation = make_reservation(company, price="200000.00", deposit="50000.00")
    with pytest.raises(BusinessRuleError) as err:
        receive("40000.01", reservation=reservation, payer="钱女士")
    assert err.value.rule == "BR-CAT-03"
    assert "20" in str(err.value.message) and "586" in str(err.value.message)
    assert not MoneyRecord.objects.exists()
    # exactly 20% is allowed
    record = receive("40000.00", reservation=reservation, payer="钱女士")
    assert record.amount == Decimal("40000.00")


def test_br_cat_03_deposit_cap_follows_the_policy(company, clock, receive):
    from l2c.policy.services import policy_change

    reservation = make_reservation(company, price="200000.00", deposit="30000.00")
    policy_change(
        actor=company.gm.user, key="catalog.max_deposit_percent", value="10", reason="测试"
    )
    with pytest.raises(BusinessRuleError) as err:
        receive("20000.01", reservation=reservation)
    assert err.value.rule == "BR-CAT-03"


def test_payment_against_a_contract_and_a_customer(deal, receive):
    contract = make_contract(deal.reservation)
    record = receive("300000", kind="payment", contract_id=contract.pk)
    assert record.contract_id == contract.pk and record.owner_id == deal.rep.user.pk
    plain = receive("800", kind="payment", customer_id=deal.customer.pk, method="cash", bank_ref="")
    assert plain.reservation_id is None and plain.owner_id == deal.customer.owner_id


def name_change_approved(deal, contract, fee="3000"):
    from l2c.approvals.selectors import approval_for_object
    from l2c.contracts import services as contracts
    from l2c.contracts.tests.conftest import approve_all

    change = contracts.contract_change_request(
        actor=deal.rep.user,
        contract_id=contract.pk,
        kind="name_change",
        reason="加名配偶",
        new_buyer_name="赵先生、孙女士",
        fee=fee,
    )
    return change, approve_all(approval_for_object(change, kind="contract_change"))


def test_br_con_07_finance_receives_the_transfer_fee_of_an_approved_name_change(deal, receive):
    from l2c.finance.selectors import fee_todo_section

    contract = make_contract(deal.reservation)
    fee = {"kind": "name_change_fee", "contract_id": contract.pk, "payer": "孙女士"}
    with pytest.raises(BusinessRuleError) as err:  # no name change approved yet
        receive("3000", **fee)
    assert err.value.rule == "BR-CON-07" and err.value.field == "contract"
    change, _request = name_change_approved(deal, contract)
    assert fee_todo_section(deal.rep.user) is None  # finance's to-do only
    (item,) = fee_todo_section(deal.cashier.user).items
    assert contract.number in item.title and "3,000.00" in item.title
    with pytest.raises(BusinessRuleError) as err:  # the approved amount, no other
        receive("2000", **fee)
    assert err.value.rule == "BR-CON-07" and err.value.field == "amount"
    with pytest.raises(BusinessRuleError):  # against the contract, not just the customer
        receive("3000", kind="name_change_fee", customer_id=deal.customer.pk)
    record = receive("3000", bank_ref="ICBC-FEE-01", **fee)
    assert record.kind == "name_change_fee" and record.contract_id == contract.pk
    change.refresh_from_db()
    assert change.fee_receipt == record.number and change.fee_paid_at is not None
    assert AuditLog.objects.filter(action="contract_change.fee_paid").count() == 1
    # the same transfer again returns the receipt (BR-FIN-06); a new one is refused
    assert receive("3000", bank_ref="ICBC-FEE-01", **fee).number == record.number
    with pytest.raises(BusinessRuleError) as err:
        receive("3000", bank_ref="ICBC-FEE-02", **fee)
    assert err.value.rule == "BR-CON-07"
    assert MoneyRecord.objects.filter(kind="name_change_fee").count() == 1
    assert fee_todo_section(deal.cashier.user) is None
    # voided the same day (entered in error): the fee is due again, and received again
    services.money_void(actor=deal.cashier.user, number=record.number, reason="金额录错")
    change.refresh_from_db()
    assert change.fee_receipt == "" and change.fee_paid_at is None
    assert fee_todo_section(deal.cashier.user) is not None
    again = receive("3000", bank_ref="ICBC-FEE-03", **fee)
    change.refresh_from_db()
    assert change.fee_receipt == again.number


def test_br_fin_01_input_checked_with_clear_messages(deal, receive):
    cases = [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"payer": " "}, "payer"),
        ({"method": "gold"}, "method"),
        ({"kind": "refund"}, "kind"),
        ({"bank_ref": ""}, "bank_ref"),  # a bank transfer has a reference
        ({"at": at(2026, 11, 24)}, "at"),  # tomorrow
    ]
    for kw, field in cases:
        amount = kw.pop("amount", "100")
        with pytest.raises(BusinessRuleError) as err:
            receive(amount, **kw)
        assert err.value.field == field, kw
    assert not MoneyRecord.objects.exists()


# --- BR-FIN-02: exact decimals, half-up, capitals ------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0.005", "0.01"), ("2.675", "2.68"), ("2.665", "2.67"), ("1.004", "1.00"),
     ("16409.015", "16409.02"), (2.675, "2.68"), ("1,234.565", "1234.57")],
)  # fmt: skip
def test_br_fin_02_half_up_rounding(raw, expected):
    assert to_yuan(raw) == Decimal(expected)


def test_br_fin_02_capitals_bank_style():
    assert rmb_upper("50000") == "人民币伍万元整"
    assert rmb_upper("16409.02") == "人民币壹万陆仟肆佰零玖元零贰分"


def test_br_fin_02_receipt_amount_is_rounded_half_up(deal, receive):
    record = receive("0.005", kind="small_deposit")
    assert record.amount == Decimal("0.01")
    record.refresh_from_db()
    assert record.amount == Decimal("0.01")
    assert receive("2.675", kind="small_deposit").amount == Decimal("2.68")


# --- BR-FIN-06: the same bank reference never counts twice --------------------------------


def test_br_fin_06_same_bank_ref_twice_changes_nothing(deal, receive):
    first = receive("5000", kind="small_deposit", bank_ref="ICBC-7788")
    audits = AuditLog.objects.count()
    second = receive("5000", kind="small_deposit", bank_ref="ICBC-7788")
    assert second.pk == first.pk and second.number == first.number
    assert second.duplicate is True and first.duplicate is False
    assert MoneyRecord.objects.count() == 1
    assert AuditLog.objects.count() == audits  # nothing written, not even an audit row
    deal.reservation.refresh_from_db()
    assert deal.reservation.paid_amount == Decimal("5000.00")


def test_br_fin_06_repeat_of_a_full_deposit_returns_the_receipt_not_an_error(deal, receive):
    first = receive("50000", bank_ref="CCB-1")
    again = receive("50000", bank_ref="CCB-1")  # the reservation is paid now
    assert again.pk == first.pk
    assert MoneyRecord.objects.count() == 1


def test_br_fin_06_same_bank_ref_different_payment_refused(deal, receive):
    first = receive("5000", kind="small_deposit", bank_ref="ICBC-7788")
    for kw in ({"amount": "5001"}, {"payer": "钱女士"}):
        amount = kw.pop("amount", "5000")
        with pytest.raises(ConflictError) as err:
            receive(amount, kind="small_deposit", bank_ref="ICBC-7788", **kw)
        assert err.value.rule == "BR-FIN-06"
        assert first.number in str(err.value.message)
    assert MoneyRecord.objects.count() == 1


def test_br_fin_06_no_gap_in_receipt_numbers_after_a_refusal(deal, receive):
    receive("100", kind="small_deposit")
    with pytest.raises(BusinessRuleError):
        receive("60000")
    assert receive("100", kind="small_deposit").number == "SJ-202611-000002"


# --- voiding ------------------------------------------------------------------------------


def test_void_same_day_frees_the_bank_ref(deal, receive, clock):
    contract = make_contract(deal.reservation)
    wrong = receive("30000", kind="payment", contract_id=contract.pk, bank_ref="ABC-1")
    voided = services.money_void(actor=deal.cashier.user, number=wrong.number, reason="金额录错")
    assert voided.status == ReceiptStatus.VOID and voided.bank_ref == ""
    assert voided.voided_bank_ref == "ABC-1" and voided.voided_by_id == deal.cashier.user.pk
    right = receive("3000", kind="payment", contract_id=contract.pk, bank_ref="ABC-1")
    assert right.pk != wrong.pk
    assert AuditLog.objects.filter(action="money.void", rule="BR-FIN-01").count() == 1
    with pytest.raises(ConflictError):
        services.money_void(actor=deal.cashier.user, number=wrong.number, reason="再次")


def test_void_only_on_the_day_and_only_by_finance(deal, receive, clock):
    contract = make_contract(deal.reservation)
    record = receive("30000", kind="payment", contract_id=contract.pk)
    with pytest.raises(PermissionDeniedError):
        services.money_void(actor=deal.rep.user, number=record.number, reason="x")
    clock.move_to(at(2026, 11, 24, 9))
    with pytest.raises(BusinessRuleError) as err:
        services.money_void(actor=deal.cashier.user, number=record.number, reason="x")
    assert err.value.code == "void_same_day_only"


def test_void_of_a_deposit_counted_by_the_reservation_is_refused(deal, receive):
    small = receive("5000", kind="small_deposit")  # the reservation counts it, still signed
    full = receive("45000")
    for record in (small, full):
        with pytest.raises(ConflictError) as err:
            services.money_void(actor=deal.cashier.user, number=record.number, reason="录错")
        assert "退款" in str(err.value.message)
        record.refresh_from_db()
        assert record.status == ReceiptStatus.VALID
    deal.reservation.refresh_from_db()
    assert deal.reservation.paid_amount == Decimal("50000.00")


def test_void_record_no_longer_counts_in_totals(deal, receive):
    contract = make_contract(deal.reservation)
    record = receive("30000", kind="payment", contract_id=contract.pk)
    services.money_void(actor=deal.cashier.user, number=record.number, reason="录错")
    totals = selectors.daily_totals(viewer=deal.cashier.user)
    assert totals == []


def test_money_time_may_be_earlier_today(deal, receive):
    record = receive("50000", at=at(2026, 11, 23, 8, 30))
    assert record.at == at(2026, 11, 23, 8, 30)
    record.refresh_from_db()
    assert record.at == at(2026, 11, 23, 8, 30)
