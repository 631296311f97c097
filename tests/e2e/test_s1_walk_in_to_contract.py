"""S1 — walk-in to contract, in the browser, on the demo company: each person logs in as
themselves and does their part on the pages they use every day.

1. 黄丽 (desk) sets today's order 王芳, 李娜, 张伟; 李娜 goes out with a customer; 王芳
   receives the first walk-in, 张伟 the second (李娜 skipped); 李娜 is back and receives the
   third, 欧阳先生, as her make-up turn.
2. 李娜 files 欧阳先生 from the visitor register entry: class A, intent customer.
3. 李娜 holds 3-1502 for him on the 销控表 board; 张伟 is refused, the message names 李娜
   and the expiry.
4. 李明 (supervisor) proposes 3 % off; 王建华 (manager) and 刘志强 (VP) approve (会签), 陈建国
   (GM) approves, each from 我的审批 with an opinion.
5. 李娜 signs the reservation at 1,600,500.00 with a 50,000.00 deposit (the flat is reserved);
   郑红 (finance) records the deposit and prints the receipt (人民币伍万元整).
6. 李娜 prepares the contract from the reservation: special (discount); the special review
   passes (王建华, 陈建国); 李明 ticks the checklist; 李娜 signs: HT-<year>-S1-…; 郑红 converts
   the deposit against the returned receipt.

The demo is shared with the other browser tests: the visitor is a new person (欧阳先生,
13800138888 — 13800138000 is filed by ``test_reception``); after ``test_reception`` the
rotation stands at 王芳 again, as on a fresh demo. Screenshots (var/screenshots/):
sales-board (3-1502 held), sales-board-reserved, receipt-pdf (the printed receipt, page 1),
contract-page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from l2c.core.pdf import pdf_first_page_png, pdf_text
from tests.e2e.conftest import SCREENSHOTS, pick, shot

VISITOR = "欧阳先生"
MOBILE = "13800138888"
UNIT = "3-1502"
AGREED = "1,600,500.00"
TITLE = f"{VISITOR} {UNIT}"


def _logout(page):
    page.context.clear_cookies()


def _walk_in(page, name, mobile=""):
    page.fill("#id_name", name)
    page.fill("#id_mobile", mobile)
    page.check("#id_visit_0")  # 首次来访
    page.click("#receive-submit")
    expect(page.locator(".alert-success")).to_contain_text(f"{name} 已由")


def _choose(page, select: str, pattern: str) -> str:
    """Pick the option of ``select`` whose text matches ``pattern``; answers its text."""
    options = page.locator(f"{select} option")
    texts = options.all_inner_texts()
    matches = [i for i, t in enumerate(texts) if re.search(pattern, t)]
    assert len(matches) == 1, (pattern, texts)
    option = options.nth(matches[0])
    page.select_option(select, value=option.get_attribute("value"))
    return texts[matches[0]]


def _approve(login, demo_server, username: str, title: str, opinion: str) -> None:
    page = login(username)
    page.click("nav >> text=我的审批")
    expect(page.locator("#inbox-tabs .active")).to_contain_text("待我审批")
    page.locator("#inbox-table a", has_text=title).first.click()
    expect(page.locator("#decision-form")).to_be_visible()
    page.fill("#opinion", opinion)
    page.click("#decision-submit")
    expect(page.locator(".alert-success")).to_contain_text("已同意")
    _logout(page)


def test_s1_walk_in_to_contract_in_the_browser(login, demo_server):
    # 1. the reception desk ---------------------------------------------------------------
    page = login("huangli")
    page.goto(f"{demo_server}/reception/")
    page.click("#set-roster")
    page.select_option("#team", value="")
    page.select_option("#id_position_1", label="王芳")
    page.select_option("#id_position_2", label="李娜")
    page.select_option("#id_position_3", label="张伟")
    page.click("#roster-submit")
    expect(page.locator(".alert-success")).to_contain_text("今天的轮值顺序已保存")
    expect(page.locator("#next-name")).to_have_text("下一位接待：王芳")
    row = page.locator("#member-lina")
    row.locator("select[name=reason]").select_option("with_customer")
    row.locator(".mark-out").click()
    expect(page.locator("#member-lina")).to_contain_text("接待客户中")
    _walk_in(page, "路过的客户")
    expect(page.locator(".alert-success")).to_contain_text("路过的客户 已由 王芳 接待（轮流接待）")
    _walk_in(page, "看房的客户")
    expect(page.locator(".alert-success")).to_contain_text("看房的客户 已由 张伟 接待（轮流接待）")
    page.locator("#member-lina .mark-back").click()
    expect(page.locator("#next-name")).to_have_text("下一位接待：李娜")
    _walk_in(page, VISITOR, MOBILE)
    expect(page.locator(".alert-success")).to_contain_text(f"{VISITOR} 已由 李娜 接待（补接）")
    expect(page.locator("#next-name")).to_have_text("下一位接待：王芳")
    _logout(page)

    # 2. 李娜 files the customer from the visitor register entry ---------------------------
    page = login("lina")
    page.goto(f"{demo_server}/reception/registers/")
    page.locator("a", has_text=VISITOR).first.click()
    expect(page.locator("#entry-rep")).to_have_text("李娜")
    page.select_option("#id_klass", "A")
    page.select_option("#id_stage", "intent")
    page.fill("#id_intent", "三居室，预算 160 万，看中 3 号楼 15 层")
    page.click("#register-submit")
    expect(page.locator(".alert-success")).to_contain_text(f"已为 {VISITOR} 建档")
    expect(page.locator("#entry-customer")).to_contain_text("意向客户")
    page.goto(f"{demo_server}/customers/")
    customer_row = page.locator("#customer-table tr", has_text=VISITOR)
    expect(customer_row).to_contain_text(MOBILE)
    customer_row.locator("a", has_text=VISITOR).click()
    expect(page.locator("#customer-owner")).to_contain_text("李娜")
    expect(page.locator("#card-state")).to_contain_text("有效")

    # 3. the hold on the sales-control board ----------------------------------------------
    page.goto(f"{demo_server}/catalog/board/?building=3")
    cell = page.locator(f'#sales-board a.cell[data-unit="{UNIT}"]')
    expect(cell).to_have_attribute("data-state", "available")
    cell.click()
    expect(page.locator("#unit-state")).to_have_text("可售")
    page.select_option("#id_customer_id", label=f"{VISITOR} 8888")
    page.click("#hold-button")
    expect(page.locator(".alert-success")).to_contain_text(f"已销控保留 {UNIT}")
    expect(page.locator("#unit-banner")).to_contain_text("李娜")
    unit_url = page.url
    page.goto(f"{demo_server}/catalog/board/?building=3")
    cell = page.locator(f'#sales-board a.cell[data-unit="{UNIT}"]')
    expect(cell).to_have_attribute("data-state", "held")
    expect(cell).to_contain_text("李娜")
    expect(page.locator(f'#board-holds [data-unit="{UNIT}"]')).to_contain_text(
        f"李娜 保留 · 客户 {VISITOR}"
    )
    expect(page.locator(f'#board-mine [data-unit="{UNIT}"]')).to_contain_text("销控保留")
    page.mouse.move(0, 0)
    shot(page, "sales-board")
    _logout(page)

    page = login("zhangwei")
    page.goto(unit_url)
    expect(page.locator("#hold-button")).to_have_count(0)
    expect(page.locator("body")).to_contain_text(
        re.compile(r"已被 李娜 销控保留至 \d+月\d+日 \d\d:\d\d")
    )
    _logout(page)

    # 4. the discount: supervisor proposes, manager + VP (会签), GM ------------------------
    page = login("liming")
    page.goto(f"{demo_server}/deals/discounts/new/")
    pick(page, "#id_customer_id", VISITOR)  # the file the desk made, from the list
    # held by 李娜; the list price comes from the price list
    assert "1,650,000.00" in pick(page, "#id_unit_id", f" {UNIT} ")
    page.fill("#id_discount_percent", "3")
    page.fill("#id_reason", "客户当日签认购书，交定金 5 万元")
    page.click("#discount-submit")
    expect(page.locator("#discount-status")).to_contain_text("审批中")
    expect(page.locator("body")).to_contain_text(AGREED)
    discount_url = page.url
    _logout(page)
    for username, opinion in (
        ("wangjh", "客户诚意足，同意上报"),
        ("liuzq", "同意"),
        ("chenjg", "同意，当日下发销售主管"),
    ):
        _approve(login, demo_server, username, TITLE, opinion)
    page = login("liming")
    page.goto(discount_url)
    expect(page.locator("#discount-status")).to_contain_text("已批准")
    page.click("#approval-link")
    timeline = page.locator("#timeline-round-1")
    for name, opinion in (
        ("王建华", "客户诚意足，同意上报"),
        ("刘志强", "同意"),
        ("陈建国", "同意，当日下发销售主管"),
    ):
        expect(timeline).to_contain_text(name)
        expect(timeline).to_contain_text(opinion)
    expect(timeline).to_contain_text(re.compile(r"时限 \d\d-\d\d 18:00"))
    _logout(page)

    # 5. the reservation and the deposit --------------------------------------------------
    page = login("lina")
    page.goto(f"{demo_server}/contracts/reservations/new/")
    _choose(page, "#id_customer_id", f"^{VISITOR}")
    _choose(page, "#id_unit_id", f" {UNIT} ·")
    page.select_option("#id_kind", "deposit")
    page.fill("#id_agreed_price", "1600500.00")
    page.fill("#id_deposit_amount", "50000.00")
    _choose(page, "#id_discount_id", f"^{VISITOR} · {UNIT} · 3")
    page.click("#reservation-form button[type=submit]")
    expect(page.locator(".alert-success")).to_contain_text("已签署，房号已锁定")
    reservation_no = page.locator("#reservation-number").inner_text()
    assert re.fullmatch(r"RG-\d{4}-S1-\d{6}", reservation_no)
    expect(page.locator("body")).to_contain_text("人民币伍万元整")
    reservation_url = page.url
    page.goto(f"{demo_server}/catalog/board/?building=3")
    cell = page.locator(f'#sales-board a.cell[data-unit="{UNIT}"]')
    expect(cell).to_have_attribute("data-state", "reserved")
    page.mouse.move(0, 0)
    shot(page, "sales-board-reserved")
    _logout(page)

    page = login("zhenghong")
    page.goto(f"{demo_server}/finance/receive/?q={VISITOR}")
    page.locator(f'#awaiting-table tr[data-reservation="{reservation_no}"] a').click()
    expect(page.locator("#chosen-reservation")).to_contain_text(reservation_no)
    page.select_option("#id_kind", "deposit")
    page.fill("#id_amount", "50000")
    page.fill("#id_payer", VISITOR)
    page.select_option("#id_method", "bank")
    page.fill("#id_bank_ref", f"ICBC-S1-{reservation_no}")
    page.click("#receive-submit")
    expect(page.locator(".alert-success")).to_contain_text("已登记收款，收据号")
    receipt_no = page.locator("#receipt-number").inner_text()
    assert re.fullmatch(r"SJ-\d{6}-\d{6}", receipt_no)
    expect(page.locator("#receipt-amount")).to_have_text("¥50,000.00")
    expect(page.locator("#receipt-amount-upper")).to_have_text("人民币伍万元整")
    pdf = page.request.get(demo_server + page.locator("#receipt-print").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.body())
    for expected in ("收据", receipt_no, VISITOR, "伍万元整", "50,000.00", UNIT):
        assert expected in text, expected
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "receipt-pdf.png").write_bytes(pdf_first_page_png(pdf.body()))
    _logout(page)

    # 6. the special contract, reviewed, checked, signed; the deposit converted -----------
    page = login("lina")
    page.goto(reservation_url)
    expect(page.locator("#reservation-status")).to_contain_text("已交款")
    page.click("#prepare-contract")
    expect(page.locator("#id_buyer_name")).to_have_value(VISITOR)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator(".alert-success")).to_contain_text("合同已准备（特殊合同）")
    expect(page.locator("#contract-class [data-classification=special]")).to_have_text("特殊")
    expect(page.locator("#contract-class")).to_contain_text("优惠")
    contract_url = page.url
    page.click("#submit-review")
    expect(page.locator("#contract-status")).to_have_text("特殊合同评审中")
    _logout(page)
    for username, opinion in (("wangjh", "优惠已经总经理批准，同意"), ("chenjg", "同意签约")):
        _approve(login, demo_server, username, f"特殊合同评审：{VISITOR}", opinion)

    page = login("liming")
    page.goto(contract_url)
    expect(page.locator("#contract-status")).to_have_text("待签约")
    for name in ("clauses_and_figures", "signatures_and_seals", "attachments"):
        page.check(f"#checklist-form input[name={name}]")
    page.check("#checklist-form input[name=special_review_record]")
    page.fill("#checklist-form input[name=note]", "价格与优惠审批一致；附图 3-1502 户型图")
    page.click("#checklist-submit")
    expect(page.locator("#review-complete")).to_be_visible()
    _logout(page)

    page = login("lina")
    page.goto(contract_url)
    page.click("#sign")
    expect(page.locator("#contract-status")).to_have_text("已签约")
    expect(page.locator("#contract-number")).to_have_text(re.compile(r"HT-\d{4}-S1-\d{6}"))
    contract_no = page.locator("#contract-number").inner_text()
    _logout(page)

    page = login("zhenghong")
    page.goto(f"{demo_server}/finance/receipts/{receipt_no}/")
    page.click("#receipt-convert")
    expect(page.locator("#id_contract_number")).to_have_value(contract_no)
    page.check("#id_returned")
    page.click("#convert-submit")
    expect(page.locator(".alert-success")).to_contain_text(f"已转入合同 {contract_no} 的房款")
    expect(page.locator("#receipt-status")).to_contain_text("已收回")
    _logout(page)

    page = login("lina")
    page.goto(contract_url)
    expect(page.locator("#contract-number")).to_have_text(contract_no)
    expect(page.locator("#contract-price")).to_contain_text(AGREED)
    expect(page.locator("#contract-price")).to_contain_text("人民币壹佰陆拾万零伍佰元整")
    expect(page.locator("#contract-discount")).to_contain_text("3.00%")
    expect(page.locator("#contract-discount")).to_contain_text("¥49,500.00")
    steps = page.locator("#review-steps")
    expect(steps).to_contain_text("王建华：优惠已经总经理批准，同意")
    expect(steps).to_contain_text("陈建国：同意签约")
    expect(page.locator("body")).to_contain_text("定金转房款")
    expect(page.locator("#review-complete")).to_be_visible()
    page.goto(f"{demo_server}/catalog/board/?building=3")
    expect(page.locator(f'#sales-board a.cell[data-unit="{UNIT}"]')).to_have_attribute(
        "data-state", "contracted"
    )
    page.goto(contract_url)
    page.mouse.move(0, 0)
    shot(page, "contract-page")
