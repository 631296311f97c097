"""The sales-control board in the browser (BR-CAT-02, 03): 李娜 opens 销控表 of 翠湖天地,
sees 3-1502 available at 1,650,000.00 (kept free for S1), holds 5-1502 for 24 hours from the
unit page; 张伟 is refused with a message naming 李娜 and the expiry and has no release
button; 李娜 releases it again (the shared demo stays as it was). Needs the catalog demo
wired into ``l2c.web.demo`` (``load_catalog_demo``). Screenshots: sales-board, unit-page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import shot

UNIT = "5-1502"


def test_br_cat_03_hold_on_the_board_refused_to_a_colleague(login, demo_server):
    page = login("lina")
    page.goto(f"{demo_server}/catalog/board/")
    expect(page.locator("h3")).to_contain_text("销控表")
    expect(page.locator("h3")).to_contain_text("翠湖天地")
    s1 = page.locator('#sales-board a.cell[data-unit="3-1502"]')
    expect(s1).to_have_attribute("data-state", "available")
    expect(s1).to_contain_text("165.0万")
    expect(page.locator("#board-legend [data-state=held]")).to_contain_text("销控保留")
    expect(page.locator("#building-3 th.floor").nth(1)).to_have_text("18F")  # top floor first
    shot(page, "sales-board")

    page.locator(f'#sales-board a.cell[data-unit="{UNIT}"]').click()
    expect(page.locator("#unit-state")).to_have_text("可售")
    page.click("#hold-button")
    expect(page.locator(".alert-success")).to_contain_text(f"已销控保留 {UNIT}")
    expect(page.locator("#unit-state")).to_have_text("销控保留")
    expect(page.locator("#unit-banner")).to_contain_text("李娜")
    expect(page.locator("#unit-events")).to_contain_text("可售")
    expect(page.locator("#release-button")).to_be_visible()
    shot(page, "unit-page")
    unit_url = page.url

    page.context.clear_cookies()
    page = login("zhangwei")
    page.goto(unit_url)
    expect(page.locator("#hold-button")).to_have_count(0)
    expect(page.locator("#release-button")).to_have_count(0)
    expect(page.locator("body")).to_contain_text(
        re.compile(r"已被 李娜 销控保留至 \d+月\d+日 \d\d:\d\d")
    )
    page.goto(f"{demo_server}/catalog/board/?building=5")
    cell = page.locator(f'#sales-board a.cell[data-unit="{UNIT}"]')
    expect(cell).to_have_attribute("data-state", "held")
    expect(cell).to_contain_text("李娜 保留")

    page.context.clear_cookies()
    page = login("lina")
    page.goto(unit_url)
    page.fill("#release-form input[name=reason]", "客户改约下周再看")
    page.click("#release-button")
    expect(page.locator(".alert-success")).to_contain_text(f"已释放 {UNIT}")
    expect(page.locator("#unit-state")).to_have_text("可售")
