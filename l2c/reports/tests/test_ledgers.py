"""BR-RPT-02: 小定明细表, 定明细表, 签约明细表 show each document the moment it exists — no
job, no copy — with its money, totals, filters and masking."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from l2c.core.testing import at
from l2c.customers.policies import mask_mobile
from l2c.finance.models import Direction, MoneyKind, ReceiptStatus
from l2c.reports.registers import BY_SLUG, build_report
from l2c.reports.selectors import LedgerFilters, reservation_register, signing_register
from l2c.reports.tests.conftest import pay, reserve, sign


def _rows(report):
    return report.make_rows(report.queryset)


def test_br_rpt_02_small_deposit_list_shows_a_reservation_right_after_it_is_signed(company, shop):
    filters = LedgerFilters(scope="all")
    before = reservation_register(viewer=company.gm.user, kind="small_deposit", filters=filters)
    assert before.tables[0].totals.count == 0

    r = reserve(shop.rep_a, shop.cus_a, shop.units[0], kind="small_deposit", deposit="5000.00")

    report = reservation_register(viewer=company.gm.user, kind="small_deposit", filters=filters)
    (row,) = _rows(report)
    assert row.number == r.number
    assert row.customer == "赵先生"
    assert row.unit == shop.units[0].code
    assert row.deposit_due == Decimal("5000.00")
    assert row.paid == Decimal("0.00") and row.unpaid == Decimal("5000.00")
    assert row.status == "signed"
    assert row.rep == shop.rep_a.name
    # a deposit reservation is not a small deposit, and vice versa
    deposits = reservation_register(viewer=company.gm.user, kind="deposit", filters=filters)
    assert deposits.tables[0].totals.count == 0


def test_br_rpt_02_deposit_list_shows_the_receipt_the_moment_finance_records_it(company, shop):
    filters = LedgerFilters(scope="all")
    r = reserve(shop.rep_a, shop.cus_a, shop.units[0], agreed="1600000.00", deposit="50000.00")
    pay(r, "30000.00", by=company.finance)
    receipt = pay(r, "20000.00", by=company.finance)

    report = reservation_register(viewer=company.gm.user, kind="deposit", filters=filters)
    (row,) = _rows(report)
    assert row.paid == Decimal("50000.00")
    assert row.unpaid == Decimal("0.00")
    assert receipt.number in row.receipts and len(row.receipt_list) == 2
    assert row.discount == Decimal("3.03")  # (1,650,000 − 1,600,000) / 1,650,000
    totals = report.tables[0].totals
    assert totals.count == 1
    assert totals.paid == Decimal("50000.00")
    assert totals.agreed_price == Decimal("1600000.00")
    assert totals.area == Decimal("120.50")


def test_br_rpt_02_void_receipts_do_not_count_and_refunds_show(company, shop):
    r = reserve(shop.rep_a, shop.cus_a, shop.units[0], deposit="50000.00")
    void = pay(r, "50000.00", by=company.finance)
    void.status = ReceiptStatus.VOID
    void.save(update_fields=["status"])
    pay(r, "50000.00", by=company.finance)
    pay(r, "10000.00", by=company.finance, kind=MoneyKind.REFUND, direction=Direction.OUT)

    report = reservation_register(
        viewer=company.gm.user, kind="deposit", filters=LedgerFilters(scope="all")
    )
    (row,) = _rows(report)
    assert row.paid == Decimal("50000.00")
    assert row.refunded == Decimal("10000.00")
    assert report.tables[0].totals.paid == Decimal("50000.00")
    assert report.tables[0].totals.refunded == Decimal("10000.00")


def test_br_rpt_02_a_changed_reservation_is_listed_once(company, shop):
    first = reserve(shop.rep_a, shop.cus_a, shop.units[0], deposit="50000.00", status="superseded")
    pay(first, "50000.00", by=company.finance)
    from l2c.contracts.models import Reservation

    second = Reservation.objects.create(
        number=first.number,
        version_no=2,
        previous=first,
        change_reason="改付款方式",
        kind=first.kind,
        customer=first.customer,
        unit=first.unit,
        list_price=first.list_price,
        agreed_price=first.agreed_price,
        deposit_amount=first.deposit_amount,
        signed_at=timezone.now(),
        status="paid",
        owner=first.owner,
        department=first.department,
        team=first.team,
    )
    report = reservation_register(
        viewer=company.gm.user, kind="deposit", filters=LedgerFilters(scope="all")
    )
    (row,) = _rows(report)
    assert (row.id, row.version_no) == (second.pk, 2)
    # the money recorded against version 1 still belongs to the deal
    assert row.paid == Decimal("50000.00") and row.unpaid == 0
    everything = reservation_register(
        viewer=company.gm.user,
        kind="deposit",
        filters=LedgerFilters(scope="all", status="superseded"),
    )
    assert [r.version_no for r in _rows(everything)] == [1]


def test_br_rpt_02_signing_list_shows_a_contract_right_after_it_is_signed(company, shop):
    r = reserve(shop.rep_a, shop.cus_a, shop.units[0], deposit="50000.00")
    pay(r, "50000.00", by=company.finance)
    filters = LedgerFilters(scope="all")
    assert signing_register(viewer=company.gm.user, filters=filters).tables[0].totals.count == 0

    c = sign(shop.rep_a, shop.cus_a, shop.units[0], price="1584000.00", reservation=r, special=True)
    pay(None, "400000.00", by=company.finance, contract=c)

    report = signing_register(viewer=company.gm.user, filters=filters)
    (row,) = _rows(report)
    assert row.number == c.number
    assert row.price == Decimal("1584000.00")
    assert row.discount == Decimal("4.00")
    assert row.classification == "special"
    assert row.deposit_converted == Decimal("50000.00")
    assert row.received == Decimal("400000.00")
    assert row.outstanding == Decimal("1134000.00")
    assert row.reservation == r.number
    totals = report.tables[0].totals
    assert (totals.count, totals.special) == (1, 1)
    assert totals.outstanding == Decimal("1134000.00")
    # the reservation now shows as converted to a contract
    deposits = reservation_register(viewer=company.gm.user, kind="deposit", filters=filters)
    assert _rows(deposits)[0].status == "contracted"


def test_br_rpt_02_filters_by_period_project_team_and_rep(company, shop, clock):
    clock.move_to(at(2026, 11, 2))
    reserve(shop.rep_a, shop.cus_a, shop.units[0])
    clock.move_to(at(2026, 11, 20))
    reserve(shop.rep_b, shop.cus_b, shop.units[1])
    reserve(shop.rep_c, shop.cus_c, shop.units[2])
    gm = company.gm.user

    def numbers(**kw):
        report = reservation_register(
            viewer=gm, kind="deposit", filters=LedgerFilters(scope="all", **kw)
        )
        return report.tables[0].totals.count

    import datetime as dt

    assert numbers() == 3  # this month by default
    assert numbers(date_from=dt.date(2026, 11, 10), date_to=dt.date(2026, 11, 30)) == 2
    assert numbers(date_from=dt.date(2026, 10, 1), date_to=dt.date(2026, 10, 31)) == 0
    assert numbers(team_id=company.team1.pk) == 2
    assert numbers(rep_id=shop.rep_c.user_id) == 1
    assert numbers(project_id=shop.project.pk) == 3


def test_br_rpt_02_phone_masked_for_everyone_but_the_owner(company, shop):
    reserve(shop.rep_a, shop.cus_a, shop.units[0])
    mine = reservation_register(
        viewer=shop.rep_a.user, kind="deposit", filters=LedgerFilters(scope="mine")
    )
    assert _rows(mine)[0].mobile == shop.cus_a.mobile
    team = reservation_register(
        viewer=company.supervisor1.user, kind="deposit", filters=LedgerFilters(scope="team")
    )
    assert _rows(team)[0].mobile == mask_mobile(shop.cus_a.mobile)


def test_br_rpt_05_shared_tab_lists_deals_of_customers_i_hold_a_share_of(company, shop):
    from l2c.reception.models import AttributionDecision, AttributionShare

    reserve(shop.rep_a, shop.cus_a, shop.units[0])
    decision = AttributionDecision.objects.create(
        customer=shop.cus_a,
        rule="BR-ATT-02",
        receiver=shop.rep_b.user,
        deal_owner=shop.rep_a.user,
        department=company.dept1,
        decided_at=timezone.now(),
    )
    AttributionShare.objects.create(
        decision=decision, user=shop.rep_b.user, role="A", percent=Decimal("20")
    )
    AttributionShare.objects.create(
        decision=decision, user=shop.rep_a.user, role="B", percent=Decimal("80"), is_deal_owner=True
    )
    shared = build_report(BY_SLUG["deposits"], viewer=shop.rep_b.user, params={"scope": "shared"})
    assert shared.tables[0].totals.count == 1
    assert _rows(shared)[0].mobile == mask_mobile(shop.cus_a.mobile)
    # the deal owner's own deal is "mine", not "shared"
    own = build_report(BY_SLUG["deposits"], viewer=shop.rep_a.user, params={"scope": "shared"})
    assert own.tables[0].totals.count == 0
    # a colleague without a share sees nothing there
    other = build_report(
        BY_SLUG["deposits"], viewer=company.reps2[1].user, params={"scope": "shared"}
    )
    assert other.tables[0].totals.count == 0
