"""S1 step 6 in the browser: the supervisor proposes a 3% discount; the manager and the VP
approve from their inboxes (会签); the GM approves; the request page shows the timeline."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import expect

from tests.e2e.conftest import pick, shot

TITLE = "吴女士 3-1602"


def _logout(page, server):
    page.context.clear_cookies()


def _approve_from_inbox(login, demo_server, username, opinion):
    page = login(username)
    page.click("nav >> text=我的审批")
    expect(page.locator("#inbox-tabs .active")).to_contain_text("待我审批")
    page.locator("#inbox-table a", has_text=TITLE).click()
    expect(page.locator("#decision-form")).to_be_visible()
    page.fill("#opinion", opinion)
    page.click("#decision-submit")
    expect(page.locator(".alert-success")).to_contain_text("已同意")
    return page


def test_br_apr_02_discount_chain_in_the_browser(login, demo_server, page):
    page = login("liming")
    page.click("#nav-more")  # the discount request sits under 更多 since the deals module
    page.click("nav >> text=优惠申请")
    page.click("#new-discount")
    pick(page, "#id_customer_id", "吴女士")
    label = pick(page, "#id_unit_id", " 3-1602 ")
    list_price = Decimal(label.rsplit("¥", 1)[1].replace(",", ""))
    page.fill("#id_discount_percent", "3")
    page.fill("#id_reason", "客户当日签预定书")
    shot(page, "discount-new")
    page.click("#discount-submit")
    expect(page.locator("#discount-status")).to_contain_text("审批中")
    expect(page.locator("body")).to_contain_text(f"{list_price * Decimal('0.97'):,.2f}")
    page.click("#approval-link")
    expect(page.locator("#timeline-round-1 .timeline-step")).to_have_count(3)
    expect(page.locator("#timeline-round-1")).to_contain_text("销售经理、营销副总审核（会签）")
    _logout(page, demo_server)

    _approve_from_inbox(login, demo_server, "wangjh", "客户诚意足，同意上报")
    page.context.clear_cookies()
    _approve_from_inbox(login, demo_server, "liuzq", "同意")
    page.context.clear_cookies()

    page = login("chenjg")
    # the GM's home page lists the approval waiting
    expect(page.locator("#todo-panel")).to_contain_text(TITLE)
    page.click("nav >> text=我的审批")
    page.locator("#inbox-table a", has_text=TITLE).click()
    page.fill("#opinion", "同意，当日下发销售主管")
    page.click("#decision-submit")
    expect(page.locator("#request-state")).to_contain_text("通过")
    timeline = page.locator("#timeline-round-1")
    expect(timeline.locator(".timeline-step[data-state=approved]")).to_have_count(2)
    expect(timeline.locator(".timeline-step[data-state=skipped]")).to_have_count(1)
    for name, opinion in (
        ("王建华", "客户诚意足，同意上报"),
        ("刘志强", "同意"),
        ("陈建国", "同意，当日下发销售主管"),
    ):
        expect(timeline).to_contain_text(name)
        expect(timeline).to_contain_text(opinion)
    expect(timeline).to_contain_text(re.compile(r"时限 \d\d-\d\d 18:00"))
    shot(page, "approval-timeline")
    page.click("text=查看单据")
    expect(page.locator("#discount-status")).to_contain_text("已批准")


def test_inbox_tabs_and_bell(login, demo_server):
    page = login("liuzq")
    page.click("nav >> text=我的审批")
    # the demo's S1 discount waits for the VP
    expect(page.locator("#inbox-table")).to_contain_text("赵先生")
    shot(page, "approval-inbox")
    page.click("#inbox-tabs >> text=我已审批")
    expect(page.locator("#inbox-table")).to_contain_text("钱先生")
