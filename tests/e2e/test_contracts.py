"""Reservations and contracts in the browser (BR-CON-01, 03, 04, 06), on the demo company
(needs ``load_contracts_demo`` wired into ``l2c.web.demo``):

- 张伟 opens his signed standard contract: number HT-<year>-S1-…, badge 标准, the
  supervisor's checklist done, his own view in the access log; the PDF opens;
- 王芳 (same team, not the handling rep) gets 404 for it and does not see it in her list;
- 王建华 (the manager) sees 刘洋's special contract in review, badge 特殊 with its reason;
- 王芳's new-reservation form offers 3-1502 (kept for S1) but not 3-1501 (held by 李娜) nor
  the flats the demo reserved.

Nothing is changed, so the shared demo stays as it was. Screenshots: contract-page,
contract-special, reservation-new."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import shot


def test_br_con_06_the_handling_rep_sees_the_contract_a_colleague_does_not(login, demo_server):
    page = login("zhangwei")
    page.goto(f"{demo_server}/contracts/")
    row = page.locator("#contract-table tbody tr").filter(has_text=re.compile(r"HT-\d{4}-S1-"))
    expect(row.first).to_be_visible()
    row.first.locator("a").first.click()
    expect(page.locator("#contract-number")).to_have_text(re.compile(r"HT-\d{4}-S1-\d{6}"))
    expect(page.locator("#contract-class [data-classification=standard]")).to_have_text("标准")
    expect(page.locator("#contract-status")).to_have_text("已签约")
    expect(page.locator("#review-complete")).to_be_visible()
    expect(page.locator("#access-log")).to_contain_text("张伟")
    expect(page.locator("#access-log")).to_contain_text("经办人")
    shot(page, "contract-page")
    contract_url = page.url
    number = page.locator("#contract-number").inner_text()
    pdf = page.request.get(f"{contract_url}pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    page.context.clear_cookies()
    page = login("wangfang")
    response = page.goto(contract_url)
    assert response is not None and response.status == 404
    page.goto(f"{demo_server}/contracts/")
    expect(page.locator("#contract-table")).not_to_contain_text(number)


def test_br_con_03_the_manager_sees_the_special_contract_in_review(login, demo_server):
    page = login("wangjh")
    page.goto(f"{demo_server}/contracts/?status=in_review")
    page.locator("#contract-table tbody tr a").first.click()
    expect(page.locator("#contract-class [data-classification=special]")).to_have_text("特殊")
    expect(page.locator("#contract-class")).to_contain_text("条款修改或增加")
    expect(page.locator("#contract-status")).to_have_text("特殊合同评审中")
    expect(page.locator("#approval-link")).to_be_visible()
    expect(page.locator("#contract-number")).to_have_text("（签约时编号）")
    shot(page, "contract-special")


def test_br_con_01_the_unit_picker_offers_only_available_units(login, demo_server):
    page = login("wangfang")
    page.goto(f"{demo_server}/contracts/reservations/new/")
    options = page.locator("#id_unit_id option").all_inner_texts()
    codes = {m.group(1) for text in options if (m := re.search(r" (\d-\d+) ·", text))}
    assert "3-1502" in codes
    assert "3-1501" not in codes  # held by 李娜 in the catalog demo
    mine = page.request.get(f"{demo_server}/api/v1/contracts/reservations/")
    assert mine.status == 200
    reserved = {r["unit_code"] for r in mine.json()["results"]}
    assert reserved and not reserved & codes  # her own reserved flat is not offered again
    expect(page.locator("#reservation-form")).to_be_visible()
    shot(page, "reservation-new")


def test_br_con_07_the_change_form_shows_the_fields_of_the_chosen_kind(login, demo_server):
    page = login("zhangwei")
    page.goto(f"{demo_server}/contracts/")
    page.locator("#contract-table tbody tr").filter(
        has_text=re.compile(r"HT-\d{4}-S1-")
    ).first.locator("a").first.click()
    page.click("#contract-change")
    fee, unit, refund = (
        page.locator("#id_fee"),
        page.locator("#id_new_unit_id"),
        page.locator("#id_refund_amount"),
    )
    page.select_option("#id_kind", "unit_exchange")
    expect(unit).to_be_visible()
    expect(fee).to_be_hidden()
    expect(refund).to_be_hidden()
    page.select_option("#id_kind", "name_change")
    expect(fee).to_be_visible()
    expect(page.locator("#id_new_buyer_name")).to_be_visible()
    expect(unit).to_be_hidden()
    page.select_option("#id_kind", "cancellation")
    expect(refund).to_be_visible()
    expect(fee).to_be_hidden()
    expect(fee).to_be_disabled()  # a hidden field is not sent
    shot(page, "contract-change-form")
