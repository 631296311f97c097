"""BR-RPT-03: 销售状况一览表 (effective unit states, counts and amounts per state, stock) and
销售日报表 / 销售统计表 (a day's and each month's figures per rep, team and in total)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from l2c.catalog.models import Unit, UnitEvent
from l2c.core.testing import at
from l2c.finance.models import Direction, MoneyKind
from l2c.reception.models import Reception
from l2c.reports.selectors import ActivityFilters, daily_report, sales_statistics, sales_status
from l2c.reports.tests.conftest import pay, register_customer, reserve, sign


def _hold(person, unit, customer, *, hours=24):
    now = timezone.now()
    Unit.objects.filter(pk=unit.pk).update(
        state="held",
        holder=person.user,
        customer=customer,
        held_until=now + dt.timedelta(hours=hours),
    )
    UnitEvent.objects.create(
        unit=unit, from_state="available", to_state="held", at=now, actor=person.user
    )


def _states(report):
    return {line.status: line for line in report.tables[0].rows}


def _units(report):
    return {row.unit: row for row in report.tables[1].rows}


def test_br_rpt_03_status_overview_counts_and_amounts_per_state(company, shop):
    u = shop.units
    _hold(shop.rep_a, u[0], shop.cus_a)
    r = reserve(shop.rep_b, shop.cus_b, u[1], agreed="1600000.00")
    c = sign(shop.rep_c, shop.cus_c, u[2], price="1580000.00")

    report = sales_status(viewer=company.gm.user, project_id=shop.project.pk)
    states = _states(report)
    assert states["available"].count == 5
    assert states["held"].count == 1
    assert states["reserved"].count == 1
    assert states["contracted"].count == 1
    assert states["reserved"].deal_price == Decimal("1600000.00")
    assert states["contracted"].deal_price == Decimal("1580000.00")
    assert states["available"].list_price == Decimal("1650000.00") * 5
    total = report.tables[0].totals
    assert total.count == 8 and total.share == Decimal("100.0")
    assert states["available"].share == Decimal("62.5")
    rows = _units(report)
    assert rows[u[1].code].document == r.number and rows[u[1].code].rep == shop.rep_b.name
    assert rows[u[2].code].document == c.number and rows[u[2].code].customer == "孙先生"
    assert rows[u[0].code].held_until is not None
    # the stock of quantity products: on hand, reserved, available, value
    (stock,) = report.tables[2].rows
    assert (stock.quantity, stock.reserved, stock.available) == (60, 10, 50)
    assert stock.available_value == Decimal("6000.00")


def test_br_rpt_03_expired_hold_counts_available_under_the_fixed_clock(company, shop, clock):
    _hold(shop.rep_a, shop.units[0], shop.cus_a, hours=24)
    report = sales_status(viewer=company.gm.user, project_id=shop.project.pk)
    assert _states(report)["held"].count == 1

    clock.move_to(timezone.now() + dt.timedelta(hours=24, minutes=1))  # no job runs
    report = sales_status(viewer=company.gm.user, project_id=shop.project.pk)
    assert _states(report)["held"].count == 0
    assert _states(report)["available"].count == 8
    row = _units(report)[shop.units[0].code]
    assert row.status == "available" and row.rep == "" and row.customer == ""


def test_br_rpt_03_status_overview_masks_deals_outside_the_viewers_scope(company, shop):
    reserve(shop.rep_b, shop.cus_b, shop.units[1], agreed="1600000.00")
    theirs = _units(sales_status(viewer=shop.rep_a.user, project_id=shop.project.pk))
    row = theirs[shop.units[1].code]
    assert row.customer == "钱**" and row.deal_price is None
    assert row.status == "reserved" and row.rep == shop.rep_b.name  # the board is everyone's
    own = _units(sales_status(viewer=shop.rep_b.user, project_id=shop.project.pk))
    assert own[shop.units[1].code].customer == "钱女士"
    boss = _units(sales_status(viewer=company.manager1.user, project_id=shop.project.pk))
    assert boss[shop.units[1].code].deal_price == Decimal("1600000.00")


def _receive(person, kind="walk_in", when=None):
    return Reception.objects.create(
        kind=kind,
        received_at=when or timezone.now(),
        name="访客",
        source="passing",
        rep=person.user,
        team=person.team,
        department=person.department,
        assignment="rotation",
        recorded_by=person.user,
    )


def test_br_rpt_03_daily_report_sums_the_days_events_per_rep_team_and_total(company, shop, clock):
    a, b, c = shop.rep_a, shop.rep_b, shop.rep_c
    _receive(a)
    _receive(a, "call")
    _receive(b)
    _hold(a, shop.units[0], shop.cus_a)
    small = reserve(a, shop.cus_a, shop.units[3], kind="small_deposit", deposit="5000.00")
    pay(small, "5000.00", by=company.finance)
    dep = reserve(b, shop.cus_b, shop.units[1], deposit="50000.00")
    pay(dep, "50000.00", by=company.finance)
    contract = sign(c, shop.cus_c, shop.units[2], price="1580000.00")
    pay(None, "300000.00", by=company.finance, contract=contract)
    pay(dep, "1000.00", by=company.finance, kind=MoneyKind.REFUND, direction=Direction.OUT)
    # yesterday's events are not today's
    clock.move_to(at(2026, 11, 22, 15))
    _receive(a)
    reserve(a, shop.cus_a, shop.units[4])
    clock.move_to(at(2026, 11, 23, 18))

    report = daily_report(
        viewer=company.gm.user, day=dt.date(2026, 11, 23), filters=ActivityFilters(scope="all")
    )
    table = report.tables[0]
    lines = {line.rep: line for line in table.rows if not line.level}
    assert (lines[a.name].visitors, lines[a.name].calls) == (1, 1)
    assert lines[a.name].holds == 1
    assert lines[a.name].new_customers == 1  # 赵先生 was registered this morning
    assert (lines[a.name].small_deposits, lines[a.name].small_deposit_amount) == (1, 5000)
    assert lines[a.name].received_small_deposit == Decimal("5000.00")
    assert (lines[b.name].deposits, lines[b.name].deposit_amount) == (1, 50000)
    assert lines[b.name].refunded == Decimal("1000.00")
    assert (lines[c.name].contracts, lines[c.name].contract_amount) == (1, 1580000)
    assert lines[c.name].received_payment == Decimal("300000.00")
    subtotal = next(line for line in table.rows if line.level == "subtotal")
    assert subtotal.team == company.team1.name and subtotal.visitors == 2 and subtotal.calls == 1
    total = table.totals
    assert (total.visitors, total.calls, total.holds, total.contracts) == (2, 1, 1, 1)
    assert total.received_total == Decimal("355000.00")
    assert total.new_customers == 3

    yesterday = daily_report(
        viewer=company.gm.user, day=dt.date(2026, 11, 22), filters=ActivityFilters(scope="all")
    )
    assert yesterday.tables[0].totals.visitors == 1 and yesterday.tables[0].totals.deposits == 1


def test_br_rpt_02_sales_statistics_per_month_and_rep(company, shop, clock):
    clock.move_to(at(2026, 10, 31, 23, 30))  # late evening in Shanghai: still October
    reserve(shop.rep_a, shop.cus_a, shop.units[0], deposit="50000.00")
    clock.move_to(at(2026, 11, 1, 0, 30))
    reserve(shop.rep_b, shop.cus_b, shop.units[1], deposit="40000.00")
    sign(shop.rep_b, shop.cus_b, shop.units[2], price="1500000.00")
    clock.move_to(at(2026, 11, 23))

    report = sales_statistics(
        viewer=company.gm.user, year=2026, filters=ActivityFilters(scope="all")
    )
    months, reps = report.tables
    by_month = {line.month: line for line in months.rows}
    assert len(months.rows) == 12
    assert by_month["2026-10"].deposits == 1 and by_month["2026-10"].deposit_amount == 50000
    assert by_month["2026-11"].deposits == 1 and by_month["2026-11"].contracts == 1
    assert months.totals.deposits == 2 and months.totals.contract_amount == 1500000
    per_rep = {line.rep: line for line in reps.rows if not line.level}
    assert per_rep[shop.rep_a.name].deposits == 1 and per_rep[shop.rep_b.name].contracts == 1

    november = sales_statistics(
        viewer=company.gm.user, year=2026, month=11, filters=ActivityFilters(scope="all")
    )
    per_rep = {line.rep: line for line in november.tables[1].rows if not line.level}
    assert shop.rep_a.name not in per_rep or per_rep[shop.rep_a.name].deposits == 0
    assert per_rep[shop.rep_b.name].deposits == 1


def test_br_rpt_03_daily_report_counts_new_files_by_the_rep_who_got_the_card(company, shop):
    register_customer(shop.rep_c, "周先生")
    report = daily_report(
        viewer=company.supervisor2.user, day=None, filters=ActivityFilters(scope="team")
    )
    lines = {line.rep: line for line in report.tables[0].rows if not line.level}
    assert set(lines) == {shop.rep_c.name}
    assert lines[shop.rep_c.name].new_customers == 2
