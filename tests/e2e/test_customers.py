"""The customer archive in the browser (BR-CUS-01, 03, 10; BR-RPT-05): 李娜 creates a
customer file on the new-customer page and lands on the customer page, full number shown
to her as the owner; her supervisor 李明 finds it on the team's list, masked, reveals the
number (audited — the GM sees the reveal in the audit log); a second registration of the
same phone is a duplicate card that names the owner only; the public pool page.
Screenshots: customer-list, customer-page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import shot

NAME = "冯先生"
MOBILE = "13712345678"
MASKED = "137****5678"


def _logout(page):
    page.context.clear_cookies()


def test_br_cus_10_customer_file_masked_for_the_supervisor_and_revealed(login, demo_server):
    page = login("lina")
    page.goto(f"{demo_server}/customers/")
    expect(page.locator("#scope-tabs .active")).to_contain_text("我负责的")
    page.click("#new-customer")
    page.fill("#id_name", NAME)
    page.fill("#id_mobile", "+86 137-1234-5678")
    page.fill("#id_company", "杭州西溪科技有限公司")
    page.select_option("#id_klass", "A")
    page.select_option("#id_stage", "intent")
    page.fill("#id_intent", "改善型需求，看中 5 号楼 18 层")
    page.click("#customer-submit")
    expect(page.locator(".alert-success")).to_contain_text("客户已建档")
    expect(page.locator("#customer-name")).to_have_text(NAME)
    expect(page.locator("#customer-owner")).to_contain_text("李娜")
    expect(page.locator("#customer-stage")).to_have_text("意向客户")
    expect(page.locator("#card-state")).to_contain_text("有效")
    expect(page.locator("#card-state")).to_contain_text(re.compile(r"还剩 \d+ 天"))
    expect(page.locator("#shown-mobile")).to_have_text(MOBILE)  # the owner sees it all
    expect(page.locator("#reveal-mobile")).to_have_count(0)

    # the same phone registered again by a colleague: a duplicate card naming the owner only
    _logout(page)
    page = login("wangfang")
    page.goto(f"{demo_server}/customers/new/")
    page.fill("#id_name", "冯总")
    page.fill("#id_mobile", MOBILE)
    page.click("#customer-submit")
    expect(page.locator("#duplicate-owner")).to_have_text("该客户已由 李娜 负责（有效卡）")
    expect(page.locator("body")).not_to_contain_text("杭州西溪科技")

    # the supervisor: the team's list, masked; the customer page; reveal (audited)
    _logout(page)
    page = login("liming")
    page.goto(f"{demo_server}/customers/?scope=team")
    row = page.locator("#customer-table tr", has_text=NAME)
    expect(row).to_contain_text(MASKED)
    expect(row).not_to_contain_text(MOBILE)
    expect(page.locator("#customer-total")).to_contain_text("位客户")
    shot(page, "customer-list")
    row.locator("a", has_text=NAME).click()
    expect(page.locator("#shown-mobile")).to_have_text(MASKED)
    expect(page.locator("#customer-data")).to_contain_text("杭州西溪科技有限公司")
    page.locator("#ownership-tab").click()
    expect(page.locator("#ownership-table")).to_contain_text("建档")
    page.locator("#duplicates-tab").click()
    expect(page.locator("#duplicates-table")).to_contain_text("王芳")
    page.click("#reveal-mobile")
    expect(page.locator("#mobile-value")).to_contain_text(MOBILE)
    expect(page.locator("#mobile-value")).to_have_attribute("data-revealed", "1")
    page.locator("#timeline-tab").click()
    expect(page.locator("#timeline-tab")).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator("#timeline .timeline-entry").first).to_be_visible()
    page.mouse.move(0, 0)
    shot(page, "customer-page")

    # the reveal is in the audit log
    _logout(page)
    page = login("chenjg")
    page.goto(f"{demo_server}/audit/?action=customer.reveal")
    expect(page.locator("table")).to_contain_text("李明")
    expect(page.locator("table")).to_contain_text(NAME)


def test_br_cus_07_public_pool_page(login, demo_server):
    page = login("lina")
    page.goto(f"{demo_server}/customers/pool/")
    expect(page.locator("#scope-tabs .active")).to_contain_text("公海")
    expect(page.locator("#pool-rules")).to_contain_text("BR-CUS-07")
    expect(page.locator("#claim-allowance")).to_contain_text(re.compile(r"今日已领取 \d+ / 10"))
    expect(page.locator("#pool-table")).to_be_visible()
    for phone in page.locator("#pool-table td.l2c-cus-mobile").all_inner_texts():
        assert "****" in phone  # nobody sees a pooled customer's number before claiming
