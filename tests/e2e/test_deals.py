"""Deals in the browser: a rep opens an opportunity and moves it through the pipeline; a
tender is reported, decided by the manager from the inbox, priced by the bid team — and a
supervisor outside the team sees "保密" (BR-DEAL-01, 02, 04). Screenshots of the pipeline
and the tender page go to var/screenshots/."""

from __future__ import annotations

import datetime as dt
import uuid

from playwright.sync_api import expect

from l2c.core.testing import SHANGHAI
from tests.e2e.conftest import shot


def test_br_deal_01_opportunity_pipeline_in_the_browser(login, demo_server, page):
    name = f"E2E 商机 {uuid.uuid4().hex[:6]}"
    page = login("wangfang")
    page.goto(f"{demo_server}/deals/opportunities/")
    expect(page.locator("#funnel")).to_contain_text("报价谈判")
    page.click("#new-opportunity")
    page.select_option("#id_customer", index=1)  # index 0 is "—— 请选择客户 ——"
    page.fill("#id_name", name)
    page.fill("#id_amount", "1650000")
    page.click("#opportunity-save")
    expect(page.locator(".alert-success")).to_contain_text("商机已建立")
    expect(page.locator("#opportunity-stage")).to_contain_text("线索")
    # won is never a manual move: it comes with a signed reservation or contract
    expect(page.locator("#id_stage option[value=won]")).to_have_count(0)
    page.select_option("#id_stage", "needs")
    page.click("#move-submit")
    expect(page.locator("#opportunity-stage")).to_contain_text("需求分析")
    expect(page.locator("#stage-history")).to_contain_text("需求分析")
    page.goto(f"{demo_server}/deals/opportunities/")
    expect(page.locator("#opportunity-table")).to_contain_text(name)
    shot(page, "deals-pipeline")


def test_br_deal_04_tender_price_confidential_in_the_browser(login, demo_server, page):
    title = f"E2E 中水回用工程 {uuid.uuid4().hex[:6]}"
    now = dt.datetime.now(tz=SHANGHAI)
    opening = (now + dt.timedelta(days=30)).strftime("%Y-%m-%dT09:30")
    page = login("sunyue")
    page.goto(f"{demo_server}/deals/tenders/")
    page.click("#new-tender")
    page.select_option("#id_customer", index=1)  # index 0 is "—— 请选择客户 ——"
    page.fill("#id_title", title)
    page.fill("#id_estimated_price", "900000")
    page.fill("#id_opening_at", opening)
    page.select_option("#id_bid_team", label="曹磊（技术部）")
    page.click("#tender-save")
    expect(page.locator(".alert-success")).to_contain_text("报告部门经理")
    expect(page.locator("#tender-deadlines")).to_contain_text("期限")
    tender_url = page.url
    page.click("#tender-decide")
    expect(page.locator(".alert-success")).to_contain_text("已提交投标决策")

    page.context.clear_cookies()
    page = login("wuzg")  # the manager decides from the inbox (below 1,000,000: alone)
    page.click("nav >> text=我的审批")
    page.locator("#inbox-table a", has_text=title).click()
    page.fill("#opinion", "资质符合，投")
    page.click("#decision-submit")
    expect(page.locator("#request-state")).to_contain_text("通过")

    page.context.clear_cookies()
    page = login("sunyue")
    page.goto(tender_url)
    expect(page.locator("#tender-status")).to_contain_text("准备投标")
    page.select_option("#step-select", "documents_bought")
    page.click("#step-submit")
    expect(page.locator("#tender-steps")).to_contain_text("购买标书")
    page.fill("#price-form input[name=price]", "868000.00")
    page.click("#price-submit")
    expect(page.locator("#bid-price")).to_contain_text("868,000.00")
    shot(page, "deals-tender-team")

    page.context.clear_cookies()
    page = login("xufeng")  # sunyue's supervisor, not on the bid team
    page.goto(tender_url)
    expect(page.locator("#bid-price")).to_contain_text("保密")
    expect(page.locator("body")).not_to_contain_text("868,000.00")
    shot(page, "deals-tender-confidential")
