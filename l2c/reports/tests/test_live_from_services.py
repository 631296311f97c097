"""BR-RPT-02: the registers follow the real business actions — a hold on the board, a
reservation signed through the contracts service, a deposit recorded by finance — with no
job in between: each shows in its register in the same instant."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from l2c.catalog import services as catalog
from l2c.contracts import services as contracts
from l2c.finance import services as finance
from l2c.finance.models import Method
from l2c.reports.selectors import (
    ActivityFilters,
    LedgerFilters,
    daily_report,
    reservation_register,
    sales_status,
)


def test_br_rpt_02_registers_follow_the_services_as_they_happen(company, shop, clock):
    rep, unit, customer = shop.rep_a, shop.units[0], shop.cus_a
    gm = company.gm.user

    def deposits():
        report = reservation_register(viewer=gm, kind="deposit", filters=LedgerFilters(scope="all"))
        return report.make_rows(report.queryset)

    def states():
        report = sales_status(viewer=gm, project_id=shop.project.pk)
        return {line.status: line.count for line in report.tables[0].rows}

    def today():
        return (
            daily_report(viewer=gm, day=dt.date(2026, 11, 23), filters=ActivityFilters(scope="all"))
            .tables[0]
            .totals
        )

    catalog.unit_hold(actor=rep.user, unit_id=unit.pk, customer_id=customer.pk)
    assert states()["held"] == 1 and today().holds == 1

    reservation = contracts.reservation_create(
        actor=rep.user,
        customer_id=customer.pk,
        unit_id=unit.pk,
        kind="deposit",
        agreed_price=unit.market_price,
        deposit_amount="50000.00",
    )
    (row,) = deposits()
    assert row.number == reservation.number and row.paid == 0
    assert states()["reserved"] == 1 and states()["held"] == 0
    assert today().deposits == 1 and today().deposit_amount == Decimal("50000.00")

    receipt = finance.money_receive(
        actor=company.finance.user,
        kind="deposit",
        amount="50000.00",
        payer=customer.name,
        method=Method.BANK,
        bank_ref="BANK-0001",
        reservation_id=reservation.pk,
    )
    (row,) = deposits()
    assert row.paid == Decimal("50000.00") and row.unpaid == 0
    assert row.receipt_list == [receipt.number]
    assert today().received_deposit == Decimal("50000.00")
