"""Receivables in the browser at phone width (BR-FIN-03, 04, 05): the cashier 郑红 opens 应收账款
on a 390 px wide phone — the ageing chart and the list by contract without sideways
scrolling — then the demo contract's payment plan: the down payment paid, the second
instalment partly paid and overdue, the balance overdue and the contract in default.
Screenshots: finance-receivables-phone, finance-payment-plan-phone."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import shot


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


def test_br_fin_04_receivables_and_payment_plan_at_phone_width(login, demo_server):
    page = login("zhenghong")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{demo_server}/finance/receivables/")
    expect(page.locator("#ageing-chart canvas")).to_have_count(1)
    row = page.locator("#receivables-table tbody tr[data-contract]").first
    expect(row).to_contain_text("违约")
    _no_sideways_scroll(page)
    shot(page, "finance-receivables-phone")

    row.locator("a").first.click()
    expect(page.locator("#in-default")).to_be_visible()
    states = page.locator("#milestones tr[data-state]")
    expect(states).to_have_count(3)
    expect(states.nth(0)).to_contain_text("已付清")
    expect(states.nth(1)).to_contain_text("部分付款")
    expect(states.nth(2)).to_contain_text("逾期")
    expect(page.locator("#record-event")).to_be_visible()
    _no_sideways_scroll(page)
    shot(page, "finance-payment-plan-phone")
