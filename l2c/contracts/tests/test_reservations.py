"""Reservations (BR-CON-01, 02, 07 before contract; BR-CAT-03; BR-APR-02; BR-CUS-06) under
the fixed clock (Monday 23 November 2026, 10:00 Shanghai)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.audit.models import AuditLog
from l2c.catalog import services as catalog_services
from l2c.catalog.models import Unit, UnitState
from l2c.catalog.tests.factories import make_customer
from l2c.contracts import printing, services
from l2c.contracts.models import Reservation, ReservationKind, ReservationStatus
from l2c.contracts.tests.conftest import approved_discount, reserve
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.models import DocumentSequence
from l2c.core.pdf import pdf_text
from l2c.customers.models import Customer, Stage

pytestmark = pytest.mark.django_db


def test_br_con_01_reservation_checks_and_reserves_the_unit_in_one_go(company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    assert r.number == "RG-2026-S1-000001" and r.version_no == 1
    assert r.status == ReservationStatus.SIGNED and r.kind == ReservationKind.DEPOSIT
    assert r.list_price == Decimal("1650000.00") == r.agreed_price
    assert r.owner == company.rep.user and r.department == company.dept1 and r.team == company.team1
    unit = Unit.objects.get(pk=catalog.unit.pk)
    assert unit.state == UnitState.RESERVED and unit.customer_id == customer.pk
    assert unit.holder_id == company.rep.user.pk
    assert AuditLog.objects.filter(action="reservation.sign", object_id=str(r.pk)).count() == 1


def test_br_con_01_small_deposit_and_deposit_are_both_supported(company, catalog, customer):
    small = reserve(
        company.rep, customer, catalog.units["3-1501"], kind="small_deposit", deposit="5000"
    )
    assert small.kind == ReservationKind.SMALL_DEPOSIT and small.deposit_amount == Decimal(
        "5000.00"
    )
    with pytest.raises(BusinessRuleError) as exc:
        reserve(company.rep, customer, catalog.units["3-1401"], kind="big")
    assert exc.value.field == "kind"


def test_br_con_01_needs_the_customers_file_in_the_reps_scope(company, catalog, customer):
    with pytest.raises(NotFoundError) as exc:
        reserve(company.reps1[1], customer, catalog.unit)
    assert exc.value.field == "customer_id" and "建档" in str(exc.value.message)
    assert not Reservation.objects.exists()


def test_br_con_01_only_sales_people_sign_reservations(company, catalog, customer):
    with pytest.raises(PermissionDeniedError):
        reserve(company.finance, customer, catalog.unit)


def test_br_cat_03_a_unit_held_by_another_rep_is_refused_and_nothing_is_written(
    company, catalog, customer
):
    other = company.reps1[1]
    catalog_services.unit_hold(actor=other.user, unit_id=catalog.unit.pk)
    with pytest.raises(BusinessRuleError) as exc:
        reserve(company.rep, customer, catalog.unit)
    assert exc.value.rule == "BR-CAT-03"
    assert other.name in str(exc.value.message)  # the holder and the expiry are named
    assert not Reservation.objects.exists()
    # the number taken inside the refused transaction was given back
    assert not DocumentSequence.objects.filter(kind="reservation", last_value__gt=0).exists()
    customer.refresh_from_db()
    assert customer.deal_at is None


def test_br_cat_03_the_reps_own_hold_turns_into_the_reservation(company, catalog, customer):
    catalog_services.unit_hold(
        actor=company.rep.user, unit_id=catalog.unit.pk, customer_id=customer.pk
    )
    r = reserve(company.rep, customer, catalog.unit)
    assert Unit.objects.get(pk=catalog.unit.pk).state == UnitState.RESERVED and r.pk


def test_br_cat_03_deposit_above_twenty_percent_is_refused_quoting_the_civil_code(
    company, catalog, customer
):
    price = Decimal("1650000.00")
    with pytest.raises(BusinessRuleError) as exc:
        reserve(
            company.rep,
            customer,
            catalog.unit,
            deposit=str(price * Decimal("0.2") + Decimal("0.01")),
        )
    assert exc.value.rule == "BR-CAT-03" and exc.value.field == "deposit_amount"
    assert "民法典》第586条" in str(exc.value.message)
    assert Unit.objects.get(pk=catalog.unit.pk).state == UnitState.AVAILABLE
    r = reserve(company.rep, customer, catalog.unit, deposit="330000.00")  # exactly 20 %
    assert r.deposit_amount == Decimal("330000.00")


def test_br_apr_02_below_the_list_price_needs_an_approved_discount(company, catalog, customer):
    unit = catalog.unit
    three_off = Decimal("1600500.00")  # 1,650,000 − 3 %
    with pytest.raises(BusinessRuleError) as exc:
        reserve(company.rep, customer, unit, price=three_off)
    assert exc.value.rule == "BR-APR-02" and "3.00%" in str(exc.value.message)
    dr = approved_discount(company, customer, unit, percent="3")
    assert dr.status == "approved"
    with pytest.raises(BusinessRuleError) as exc:
        reserve(company.rep, customer, unit, price=three_off - Decimal("0.01"))
    assert exc.value.rule == "BR-APR-02" and "最低 1,600,500.00 元" in str(exc.value.message)
    r = reserve(company.rep, customer, unit, price=three_off)
    assert r.discount_id == dr.pk and r.agreed_price == three_off


def test_br_apr_02_a_discount_for_another_customer_does_not_count(company, catalog, customer):
    other = make_customer(company.rep, mobile="13900139000", name="钱女士")
    approved_discount(company, other, catalog.unit)
    with pytest.raises(BusinessRuleError) as exc:
        reserve(company.rep, customer, catalog.unit, price=Decimal("1600500.00"))
    assert exc.value.rule == "BR-APR-02"


def test_br_cus_06_a_signed_reservation_makes_the_customer_a_deal_customer(
    company, catalog, customer, clock
):
    reserve(company.rep, customer, catalog.unit)
    customer = Customer.objects.get(pk=customer.pk)
    assert customer.deal_at is not None and customer.stage == Stage.DEAL


def test_br_con_02_a_change_after_signing_is_a_new_version_with_its_reason(
    company, catalog, customer
):
    r = reserve(company.rep, customer, catalog.unit)
    services.reservation_mark_paid(
        actor=company.finance.user, reservation_id=r.pk, amount=Decimal("20000"), at=None
    )
    new = services.reservation_revise(
        actor=company.rep.user,
        reservation_id=r.pk,
        changes={"deposit_amount": "80000.00", "sign_by": "2026-12-20"},
        reason="客户要求提高定金",
    )
    old = Reservation.objects.get(pk=r.pk)
    assert old.status == ReservationStatus.SUPERSEDED
    assert old.deposit_amount == Decimal("50000.00")  # the signed version is never altered
    assert new.number == old.number and new.version_no == 2 and new.previous_id == old.pk
    assert new.change_reason == "客户要求提高定金" and new.deposit_amount == Decimal("80000.00")
    assert new.paid_amount == Decimal("20000.00") and new.status == ReservationStatus.SIGNED
    assert str(new.sign_by) == "2026-12-20"
    with pytest.raises(BusinessRuleError) as exc:
        services.reservation_revise(
            actor=company.rep.user, reservation_id=new.pk, changes={"terms": "x"}, reason=""
        )
    assert exc.value.field == "reason"
    with pytest.raises(ConflictError):
        services.reservation_revise(
            actor=company.rep.user, reservation_id=old.pk, changes={"terms": "x"}, reason="再改"
        )
    with pytest.raises(BusinessRuleError):
        services.reservation_revise(
            actor=company.rep.user, reservation_id=new.pk, changes={"unit_id": 1}, reason="换房"
        )


def test_br_con_02_the_reservation_prints_four_copies_with_amounts_in_capitals(
    company, catalog, customer
):
    r = reserve(company.rep, customer, catalog.unit)
    text = pdf_text(printing.reservation_pdf(r))
    for copy in ("客户联", "财务联", "销售联（一）", "销售联（二）"):
        assert copy in text
    assert text.count("RG-2026-S1-000001") == 4
    assert "人民币伍万元整" in text and "人民币壹佰陆拾伍万元整" in text


def test_br_con_07_cancelling_before_the_contract_needs_a_retention_attempt(
    company, catalog, customer
):
    r = reserve(company.rep, customer, catalog.unit)
    with pytest.raises(BusinessRuleError) as exc:
        services.reservation_cancel(
            actor=company.rep.user, reservation_id=r.pk, reason="资金不足", retention_note=" "
        )
    assert exc.value.rule == "BR-CON-07" and exc.value.field == "retention_note"
    assert Unit.objects.get(pk=catalog.unit.pk).state == UnitState.RESERVED
    r = services.reservation_cancel(
        actor=company.rep.user,
        reservation_id=r.pk,
        reason="资金不足",
        retention_note="主管与客户面谈，建议换小户型，客户仍坚持退订",
    )
    assert r.status == ReservationStatus.CANCELLED and r.retention_note.startswith("主管")
    assert Unit.objects.get(pk=catalog.unit.pk).state == UnitState.AVAILABLE
    with pytest.raises(PermissionDeniedError):
        services.reservation_cancel(
            actor=company.reps2[0].user, reservation_id=r.pk, reason="x", retention_note="y"
        )


def test_br_fin_01_finance_marks_the_deposit_paid_never_more_than_agreed(
    company, catalog, customer
):
    r = reserve(company.rep, customer, catalog.unit)
    with pytest.raises(PermissionDeniedError):
        services.reservation_mark_paid(
            actor=company.rep.user, reservation_id=r.pk, amount=Decimal("50000"), at=None
        )
    r = services.reservation_mark_paid(
        actor=company.finance.user, reservation_id=r.pk, amount=Decimal("30000"), at=None
    )
    assert r.status == ReservationStatus.SIGNED and r.paid_amount == Decimal("30000.00")
    with pytest.raises(BusinessRuleError) as exc:
        services.reservation_mark_paid(
            actor=company.finance.user, reservation_id=r.pk, amount=Decimal("20000.01"), at=None
        )
    assert "本次最多只能收 20,000.00 元" in str(exc.value.message)
    r = services.reservation_mark_paid(
        actor=company.finance.user, reservation_id=r.pk, amount=Decimal("20000"), at=None
    )
    assert r.status == ReservationStatus.PAID and r.paid_at is not None
