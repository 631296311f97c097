"""S1 steps 1–2 at the reception desk in the browser: the assistant 黄丽 sets today's order
王芳, 李娜, 张伟; 李娜 goes out with a customer; three new visitors arrive: 王芳 receives the
first, 李娜 is skipped, 张伟 the second; 李娜 is back and receives the third (make-up) before
the rotation continues with 王芳. Then the phone lookup of a known number shows the owner,
masked (BR-REC-06)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import shot

KNOWN_MOBILE = "13800138000"


def _register_walk_in(page, name, mobile=""):
    page.fill("#id_name", name)
    page.fill("#id_mobile", mobile)
    page.check("#id_visit_0")  # 首次来访
    page.click("#receive-submit")
    expect(page.locator(".alert-success")).to_contain_text(f"{name} 已由")


def test_br_rec_03_s1_rotation_at_the_desk(login, demo_server):
    page = login("huangli")
    page.goto(f"{demo_server}/reception/")

    # the assistant sets today's order
    page.click("#set-roster")
    page.select_option("#team", value="")  # the whole department (the demo has 二组's own)
    page.select_option("#id_position_1", label="王芳")
    page.select_option("#id_position_2", label="李娜")
    page.select_option("#id_position_3", label="张伟")
    page.click("#roster-submit")
    expect(page.locator(".alert-success")).to_contain_text("今天的轮值顺序已保存")
    expect(page.locator("#next-name")).to_have_text("下一位接待：王芳")
    expect(page.locator("#roster-list .rc-name")).to_have_count(3)

    # 李娜 is out with a customer
    row = page.locator("#member-lina")
    row.locator("select[name=reason]").select_option("with_customer")
    row.locator(".mark-out").click()
    expect(page.locator("#member-lina")).to_contain_text("接待客户中")

    _register_walk_in(page, "访客一")
    expect(page.locator(".alert-success")).to_contain_text("访客一 已由 王芳 接待（轮流接待）")
    _register_walk_in(page, "访客二")
    expect(page.locator(".alert-success")).to_contain_text("访客二 已由 张伟 接待（轮流接待）")
    expect(page.locator("#member-lina .owed-badge")).to_contain_text("欠补接 1 名")
    expect(page.locator("#history-table")).to_contain_text("跳过：李娜")

    # 李娜 is back: she receives the third visitor (make-up) before the rotation moves on
    page.locator("#member-lina .mark-back").click()
    expect(page.locator("#next-name")).to_have_text("下一位接待：李娜")
    expect(page.locator("#next-makeup")).to_be_visible()
    _register_walk_in(page, "访客三", KNOWN_MOBILE)
    expect(page.locator(".alert-success")).to_contain_text("访客三 已由 李娜 接待（补接）")
    expect(page.locator("#next-name")).to_have_text("下一位接待：王芳")
    reps = page.locator("#history-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.rep)"
    )
    assert reps == ["李娜", "张伟", "王芳"]  # newest first

    # 访客三 states purchase intent: the desk files the customer for 李娜 (S1 step 3)
    page.locator("#history-table a", has_text="访客三").click()
    page.click("#register-submit")
    expect(page.locator(".alert-success")).to_contain_text("已为 访客三 建档")

    # BR-REC-06: typing a known number shows who owns the customer — masked
    page.goto(f"{demo_server}/reception/")
    page.fill("#id_name", "访客四")
    page.locator("#id_mobile").press_sequentially(KNOWN_MOBILE, delay=20)
    found = page.locator("#lookup-found")
    expect(found).to_be_visible()
    expect(page.locator("#lookup-owner")).to_have_text("李娜")
    expect(page.locator("#lookup-state")).to_have_text("有效")
    expect(found).to_contain_text(re.compile(r"访\*+"))
    expect(found).not_to_contain_text(KNOWN_MOBILE)
    expect(page.locator("#attribution-questions")).to_be_visible()  # asks "came before? who?"
    shot(page, "reception-desk")


def test_br_rpt_01_registers_page_and_export(login, demo_server):
    page = login("wangjh")
    page.goto(f"{demo_server}/reception/registers/")
    expect(page.locator("#day-stats")).to_contain_text("来人来电统计表")
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")
    shot(page, "reception-registers")
