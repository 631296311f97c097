"""The registers in the browser (BR-RPT-02…05): the manager 王建华 opens 台账报表, walks the
tab bar (小定明细 | 定金明细 | 签约明细 | 销售状况一览 | 销售日报 | 销售统计), switches the
scope tab, filters, and downloads the Excel of the page; a rep sees only own tabs."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import shot

TABS = ["小定明细", "定金明细", "签约明细", "销售状况一览", "销售日报", "销售统计"]


def test_br_rpt_02_manager_walks_the_registers_and_exports(login, demo_server):
    page = login("wangjh")
    page.goto(f"{demo_server}/reports/")
    expect(page.locator("#report-tabs .nav-link")).to_have_text(TABS)
    expect(page.locator("#report-tabs .nav-link.active")).to_have_text("小定明细")
    # a manager's tabs: mine, shared, the department (the default)
    expect(page.locator("#scope-tabs .nav-link.active")).to_have_text("本部门")
    expect(page.locator("#scope-tabs .nav-link")).to_have_count(3)

    page.click("#report-tabs [data-register=deposits]")
    expect(page.locator("#table-rows")).to_be_visible()
    expect(page.locator("#report-subtitle")).to_contain_text("定金明细表")
    shot(page, "reports-deposits")

    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")

    page.click("#report-tabs [data-register=signings]")
    expect(page.locator("#table-rows")).to_be_visible()

    page.click("#report-tabs [data-register=sales-status]")
    expect(page.locator("#table-states")).to_be_visible()
    expect(page.locator("#table-states tbody tr")).to_have_count(5)  # one line per state
    shot(page, "reports-sales-status")

    page.click("#report-tabs [data-register=daily]")
    expect(page.locator("#table-reps")).to_be_visible()
    shot(page, "reports-daily")

    page.click("#report-tabs [data-register=statistics]")
    expect(page.locator("#table-months tbody tr")).to_have_count(12)

    # the scope tab "mine" narrows to the manager's own deals
    page.click("#scope-tabs [data-scope=mine]")
    expect(page.locator("#scope-tabs .nav-link.active")).to_have_text("我负责的")


def test_br_rpt_05_a_rep_has_only_own_tabs(login, demo_server):
    page = login("wangfang")
    page.goto(f"{demo_server}/reports/deposits/")
    expect(page.locator("#scope-tabs .nav-link")).to_have_text(["我负责的", "我参与的"])
    expect(page.locator("#scope-tabs .nav-link.active")).to_have_text("我负责的")
