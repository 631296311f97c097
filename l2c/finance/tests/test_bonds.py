"""Bid bonds (BR-DEAL-05) as money records, by finance only (BR-FIN-01), idempotent on the
bank reference (BR-FIN-06): at most 2 % of the estimated price; refunded in full when lost,
less the winning service fee (with its invoice) when won."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.testing import at
from l2c.deals import services as deals
from l2c.deals.models import TenderStatus
from l2c.deals.tests.factories import decided, tender
from l2c.finance.models import Direction, MoneyKind, MoneyRecord, ReceiptStatus
from l2c.finance.services.bonds import bid_bond_pay, bid_bond_refund

pytestmark = pytest.mark.django_db

BIDDERS = [
    {"name": "本公司", "is_us": True},
    {"name": "东方环保", "price": "990000.00"},
    {"name": "清源水务", "price": "1010000.00"},
]


def pay(company, t, amount="20000.00", ref="BANK-0001", who=None):
    return bid_bond_pay(
        actor=(who or company.finance).user, tender_id=t.pk, amount=amount, bank_ref=ref
    )


def refund(company, t, amount, ref="BANK-0002"):
    return bid_bond_refund(actor=company.finance.user, tender_id=t.pk, amount=amount, bank_ref=ref)


def opened(company, clock, t):
    rep = company.rep
    deals.tender_record_step(actor=rep.user, tender_id=t.pk, step="documents_ready")
    deals.tender_set_price(actor=rep.user, tender_id=t.pk, price="1000000.00")
    deals.tender_record_step(actor=rep.user, tender_id=t.pk, step="submitted")
    clock.move_to(at(2026, 12, 10, 11))
    return deals.tender_record_opening(actor=rep.user, tender_id=t.pk, bidders=BIDDERS)


def test_br_deal_05_the_bond_is_at_most_2_percent_of_the_estimated_price(company, clock):
    t = decided(company, tender(company.rep, estimated="1000000.00"))
    with pytest.raises(BusinessRuleError) as err:
        pay(company, t, "20000.01")
    assert err.value.rule == "BR-DEAL-05" and err.value.code == "bond_too_high"
    record = pay(company, t, "20000.00")
    assert (record.direction, record.kind, record.amount) == (
        Direction.OUT,
        MoneyKind.BID_BOND,
        Decimal("20000.00"),
    )
    assert record.number.startswith("SJ-202611-") and record.tender_id == t.pk
    assert record.owner_id == company.rep.user.pk and record.recorded_by == company.finance.user
    t.refresh_from_db()
    assert t.bond_paid == Decimal("20000.00")
    assert t.steps.filter(step="bond_paid").count() == 1
    with pytest.raises(BusinessRuleError):  # the cap counts every bond payment together
        pay(company, t, "0.01", ref="BANK-0003")
    assert AuditLog.objects.filter(action="bid_bond.pay", rule="BR-DEAL-05").count() == 1


def test_br_deal_05_only_finance_pays_and_only_for_a_bid_decided(company, clock):
    t = tender(company.rep, estimated="1000000.00")
    with pytest.raises(PermissionDeniedError) as err:
        pay(company, t, who=company.rep)
    assert err.value.rule == "BR-FIN-01"
    with pytest.raises(ConflictError):  # not decided yet
        pay(company, t)
    assert not MoneyRecord.objects.exists()


def test_br_deal_05_the_same_bank_reference_counts_once(company, clock):
    t = decided(company, tender(company.rep, estimated="1000000.00"))
    first = pay(company, t, "20000.00", ref="ICBC-778899")
    again = pay(company, t, "20000.00", ref="ICBC-778899")
    assert again.pk == first.pk and again.duplicate
    with pytest.raises(ConflictError) as err:  # the reference with another amount
        pay(company, t, "10000.00", ref="ICBC-778899")
    assert err.value.rule == "BR-FIN-06"
    t.refresh_from_db()
    assert t.bond_paid == Decimal("20000.00") and MoneyRecord.objects.count() == 1


def test_br_deal_05_a_lost_bid_gets_the_bond_back_in_full(company, clock):
    t = decided(company, tender(company.rep, estimated="1000000.00"))
    pay(company, t)
    with pytest.raises(ConflictError):  # no result yet
        refund(company, t, "20000.00")
    t = opened(company, clock, t)
    deals.tender_record_result(actor=company.rep.user, tender_id=t.pk, won=False)
    with pytest.raises(BusinessRuleError) as err:
        refund(company, t, "19000.00")
    assert err.value.code == "refund_amount"
    back = refund(company, t, "20000.00")
    assert (back.direction, back.kind, back.amount) == (
        Direction.IN,
        MoneyKind.BID_BOND_REFUND,
        Decimal("20000.00"),
    )
    assert back.related.kind == MoneyKind.BID_BOND
    assert MoneyRecord.objects.get(pk=back.related_id).status == ReceiptStatus.REFUNDED
    assert refund(company, t, "20000.00").pk == back.pk  # the same bank reference again
    with pytest.raises(ConflictError):
        refund(company, t, "20000.00", ref="BANK-0009")
    t.refresh_from_db()
    assert (t.bond_paid, t.bond_refunded) == (Decimal("20000.00"), Decimal("20000.00"))


def test_br_deal_05_a_won_bid_gets_the_bond_back_less_the_invoiced_service_fee(company, clock):
    t = decided(company, tender(company.rep, estimated="1000000.00"))
    pay(company, t)
    t = opened(company, clock, t)
    t = deals.tender_record_result(
        actor=company.rep.user,
        tender_id=t.pk,
        won=True,
        publicity_start="2026-12-11",
        publicity_end="2026-12-17",
    )
    assert t.status == TenderStatus.PUBLICITY
    with pytest.raises(BusinessRuleError) as err:  # the fee's invoice first
        refund(company, t, "20000.00")
    assert err.value.code == "service_fee_invoice_required"
    deals.tender_record_service_fee(
        actor=company.finance.user, tender_id=t.pk, service_fee="12500.00", invoice="No.04417788"
    )
    with pytest.raises(BusinessRuleError):
        refund(company, t, "20000.00")
    back = refund(company, t, "7500.00")
    assert back.amount == Decimal("7500.00") and back.direction == Direction.IN
    t.refresh_from_db()
    assert t.bond_refunded == Decimal("7500.00") and t.service_fee_invoice == "No.04417788"
    with pytest.raises(ConflictError):  # settled: the fee is fixed now
        deals.tender_record_service_fee(
            actor=company.finance.user, tender_id=t.pk, service_fee="1.00", invoice="x"
        )
