"""Receipts in the browser (BR-FIN-01, 02, 06): the cashier 郑红 finds 王芳's 50,000.00 元
deposit on the money list with the day's total, opens the receipt (人民币伍万元整) and prints
it as PDF; a deposit counted by its reservation offers a refund, never a void; 王芳 sees her own
receipt and is refused the 收款登记 page (a rep never collects money); a rep of another team
sees none of it. Screenshots: finance-money-list, finance-receipt."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import shot


def _logout(page):
    page.context.clear_cookies()


def test_br_fin_01_cashier_prints_the_receipt_and_a_rep_never_collects(login, demo_server):
    page = login("zhenghong")
    page.goto(f"{demo_server}/finance/")
    row = page.locator("#money-table tbody tr", has_text="王芳").filter(has_text="50,000.00")
    expect(row).to_have_count(1)
    expect(page.locator("#daily-totals tr[data-day]")).not_to_have_count(0)
    expect(page.locator("#receive-money")).to_be_visible()
    shot(page, "finance-money-list")
    number = row.get_attribute("data-number")

    row.locator("a").first.click()
    expect(page.locator("#receipt-number")).to_have_text(number)
    expect(page.locator("#receipt-amount")).to_have_text("¥50,000.00")
    expect(page.locator("#receipt-amount-upper")).to_have_text("人民币伍万元整")
    expect(page.locator("#receipt-status")).to_contain_text("有效")
    shot(page, "finance-receipt")
    pdf = page.request.get(demo_server + page.locator("#receipt-print").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # the deposit counts for the reservation: a correction is a refund, never a void
    expect(page.locator("#void-form")).to_have_count(0)
    expect(page.locator("#refund-form")).to_be_visible()
    _logout(page)

    page = login("wangfang")
    page.goto(f"{demo_server}/finance/")
    expect(page.locator(f"#money-table tr[data-number='{number}']")).to_have_count(1)
    expect(page.locator("#receive-money")).to_have_count(0)
    response = page.goto(f"{demo_server}/finance/receive/")
    assert response.status == 403
    expect(page.locator("body")).to_contain_text("只有财务可以登记收款")
    _logout(page)

    page = login("sunyue")  # 销售二部: not her deal
    page.goto(f"{demo_server}/finance/")
    expect(page.locator(f"#money-table tr[data-number='{number}']")).to_have_count(0)
    response = page.goto(f"{demo_server}/finance/receipts/{number}/")
    assert response.status == 404
