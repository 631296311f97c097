"""Finance pages: money list with daily totals, 收款登记, receipt detail with 打印, 定金转房款."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.contracts.models import ReservationStatus
from l2c.finance.models import MoneyRecord, ReceiptStatus
from l2c.finance.tests.conftest import login, make_contract, make_reservation

pytestmark = pytest.mark.django_db


def test_money_list_page_with_daily_totals_and_query_count(client, deal, receive, company):
    for i in range(6):
        receive("20000", reservation=make_reservation(company, company.reps1[i % 2]))
    login(client, deal.cashier)
    client.get("/finance/")  # warm caches (session, policy)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/finance/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "收付款记录" in page and "每日合计" in page and "120,000.00" in page
    assert page.count("data-number=") == 6
    assert len(ctx.captured_queries) <= 14, [q["sql"] for q in ctx.captured_queries]


def test_money_list_page_is_scoped_for_a_rep(client, deal, receive, company):
    mine = receive("50000")
    theirs = receive("50000", reservation=make_reservation(company, company.reps2[0]))
    login(client, deal.rep)
    page = client.get("/finance/").content.decode()
    assert mine.number in page and theirs.number not in page
    assert "收款登记" not in page  # no entry for a rep
    assert client.get(f"/finance/receipts/{theirs.number}/").status_code == 404
    assert client.get(f"/finance/receipts/{theirs.number}/pdf/").status_code == 404


def test_br_fin_01_receive_page_refuses_a_rep(client, deal):
    login(client, deal.rep)
    response = client.get("/finance/receive/")
    assert response.status_code == 403
    assert "只有财务可以登记收款" in response.content.decode()
    response = client.post("/finance/receive/", {"reservation_number": deal.reservation.number})
    assert response.status_code == 403
    assert not MoneyRecord.objects.exists()


def test_receive_page_picks_the_reservation_and_records_the_deposit(client, deal):
    login(client, deal.cashier)
    listing = client.get("/finance/receive/?q=赵").content.decode()
    assert deal.reservation.number in listing
    prefilled = client.get(f"/finance/receive/?reservation={deal.reservation.number}")
    form = prefilled.context["form"]
    assert form.initial["amount"] == "50000.00" and form.initial["payer"] == "赵先生"
    data = {
        "reservation_number": deal.reservation.number,
        "kind": "deposit",
        "amount": "50000.00",
        "payer": "赵先生",
        "method": "bank",
        "bank_ref": "ICBC-WEB-1",
    }
    response = client.post("/finance/receive/", data)
    record = MoneyRecord.objects.get()
    assert response.status_code == 302 and response.url == f"/finance/receipts/{record.number}/"
    deal.reservation.refresh_from_db()
    assert deal.reservation.status == ReservationStatus.PAID
    again = client.post("/finance/receive/", data, follow=True)
    assert "未重复入账" in again.content.decode()
    assert MoneyRecord.objects.count() == 1
    detail = client.get(f"/finance/receipts/{record.number}/").content.decode()
    assert "人民币伍万元整" in detail and "打印" in detail
    pdf = client.get(f"/finance/receipts/{record.number}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_br_cat_03_receive_page_shows_the_refusal_in_the_form(client, deal, company):
    reservation = make_reservation(company, price="100000.00", deposit="30000.00")
    login(client, deal.cashier)
    response = client.post(
        "/finance/receive/",
        {
            "reservation_number": reservation.number,
            "kind": "deposit",
            "amount": "30000",
            "payer": "赵先生",
            "method": "cash",
        },
    )
    assert response.status_code == 200
    assert "BR-CAT-03" in response.content.decode()
    assert not MoneyRecord.objects.exists()


def test_br_fin_08_convert_page(client, deal, receive):
    record = receive("50000")
    contract = make_contract(deal.reservation)
    login(client, deal.cashier)
    page = client.get(f"/finance/conversions/new/?receipt={record.number}")
    assert page.status_code == 200
    missing_tick = client.post(
        "/finance/conversions/new/",
        {"contract_number": contract.number, "receipt_number": record.number},
    )
    assert "交回的定金收据" in missing_tick.content.decode()
    done = client.post(
        "/finance/conversions/new/",
        {"contract_number": contract.number, "receipt_number": record.number, "returned": "on"},
    )
    assert done.status_code == 302
    record.refresh_from_db()
    assert record.status == ReceiptStatus.RETURNED
    twice = client.post(
        "/finance/conversions/new/",
        {"contract_number": contract.number, "receipt_number": record.number, "returned": "on"},
    )
    assert "不能重复转款" in twice.content.decode()


def test_refund_and_void_from_the_receipt_page(client, deal, receive):
    contract = make_contract(deal.reservation)
    payment = receive("1000", kind="payment", contract_id=contract.pk)
    deposit = receive("50000")
    login(client, deal.cashier)
    page = client.get(f"/finance/receipts/{deposit.number}/").content.decode()
    assert 'id="refund-form"' in page and 'id="receipt-convert"' in page
    response = client.post(
        f"/finance/receipts/{deposit.number}/refund/",
        {"amount": "50000", "method": "bank", "bank_ref": "R-WEB", "reason": "签约前退订"},
    )
    refund = MoneyRecord.objects.get(kind="refund")
    assert response.url == f"/finance/receipts/{refund.number}/"
    client.post(f"/finance/receipts/{payment.number}/void/", {"reason": "录错"})
    payment.refresh_from_db()
    assert payment.status == ReceiptStatus.VOID


def test_receive_page_lists_awaiting_reservations_in_few_queries(client, deal, company):
    for i in range(6):
        make_reservation(company, company.reps2[i % 2])
    login(client, deal.cashier)
    client.get("/finance/receive/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/finance/receive/")
    assert response.content.decode().count("data-reservation=") == 7
    assert len(ctx.captured_queries) <= 12, [q["sql"] for q in ctx.captured_queries]


def test_finance_home_shows_deposits_to_receive(client, deal, receive):
    login(client, deal.cashier)
    page = client.get("/").content.decode()
    assert "待收定金" in page and deal.reservation.number in page
    receive("50000")
    assert "待收定金" not in client.get("/").content.decode()
    login(client, deal.rep)
    assert "待收定金" not in client.get("/").content.decode()


def test_br_con_07_transfer_fee_from_the_home_page_to_the_change_page(client, deal):
    from l2c.finance.tests.test_receipts import name_change_approved

    contract = make_contract(deal.reservation)
    change, _request = name_change_approved(deal, contract, fee="3000")
    login(client, deal.cashier)
    home = client.get("/").content.decode()
    assert "待收过户费" in home and contract.number in home
    prefilled = client.get(f"/finance/receive/?contract={contract.number}")
    initial = prefilled.context["form"].initial
    assert (initial["kind"], initial["amount"], initial["payer"]) == (
        "name_change_fee",
        "3000.00",
        "赵先生、孙女士",
    )
    data = {**initial, "method": "cash", "bank_ref": ""}
    response = client.post("/finance/receive/", data)
    record = MoneyRecord.objects.get(kind="name_change_fee")
    assert response.status_code == 302 and response.url == f"/finance/receipts/{record.number}/"
    login(client, deal.rep)
    page = client.get(f"/contracts/changes/{change.pk}/").content.decode()
    assert "财务已收" in page and record.number in page
