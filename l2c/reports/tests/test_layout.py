"""How the register pages read (BR-RPT-02): titles match their tabs, the totals row shows the
weighted average discount (not a sum of percents), the 状态 column stays in view on a wide
ledger, and the tab icons are icons (no weekday drawn in them)."""

from __future__ import annotations

import re

import pytest

from l2c.reports.registers import BY_SLUG, REGISTERS, build_report
from l2c.reports.tests.conftest import login, reserve, sign


def test_br_rpt_02_each_register_title_is_its_tab_label_plus_biao():
    for register in REGISTERS:
        assert str(register.title) == f"{register.label}表", register.slug
    assert str(BY_SLUG["deposits"].title) == "定金明细表"
    assert "calendar-day" not in {r.icon for r in REGISTERS}


@pytest.mark.parametrize("slug", ["small-deposits", "deposits", "signings"])
def test_br_rpt_02_built_report_carries_the_register_title(company, shop, slug):
    register = BY_SLUG[slug]
    report = build_report(register, viewer=company.manager1.user, params={"scope": "department"})
    assert str(report.title) == str(register.title)
    assert str(report.tables[0].title) == str(register.title)


def _totals_row(html: str, key: str = "rows") -> str:
    match = re.search(rf'<tr class="l2c-rpt-total" id="totals-{key}">(.*?)</tr>', html, re.S)
    assert match, "no totals row"
    return match.group(1)


def test_br_rpt_02_deposit_totals_show_the_weighted_average_discount(client, company, shop):
    # list 1,650,000 each; discounts 50,000 (3.03%) and 100,000 (6.06%)
    reserve(shop.rep_a, shop.cus_a, shop.units[0], agreed="1600000.00")
    reserve(shop.rep_b, shop.cus_b, shop.units[1], agreed="1550000.00")
    login(client, company.manager1)
    html = client.get("/reports/deposits/?scope=department").content.decode()
    assert "定金明细表" in html and "定明细表" not in html
    totals = _totals_row(html)
    assert 'data-average="discount"' in totals and "均 4.55%" in totals
    assert 'title="按标价加权的平均优惠"' in totals
    assert "9.09%" not in totals


def test_br_rpt_02_signing_totals_show_the_weighted_average_discount(client, company, shop):
    sign(shop.rep_a, shop.cus_a, shop.units[0], price="1600000.00")
    sign(shop.rep_b, shop.cus_b, shop.units[1], price="1650000.00")
    login(client, company.manager1)
    totals = _totals_row(client.get("/reports/signings/?scope=department").content.decode())
    assert "均 1.52%" in totals  # 50,000 / 3,300,000


@pytest.mark.parametrize("slug", ["small-deposits", "deposits", "signings"])
def test_br_rpt_02_status_column_of_a_wide_ledger_stays_in_view(client, company, shop, slug):
    if slug == "signings":
        sign(shop.rep_a, shop.cus_a, shop.units[0])
    else:
        kind = "small_deposit" if slug == "small-deposits" else "deposit"
        reserve(shop.rep_a, shop.cus_a, shop.units[0], kind=kind)
    login(client, company.manager1)
    html = client.get(f"/reports/{slug}/?scope=department").content.decode()
    table = html[html.index('id="table-rows"') :]
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", table, re.S).group(1)
    last = re.findall(r"<th[^>]*>[^<]*</th>", head)[-1]
    assert "l2c-rpt-pinned" in last and ">状态<" in last
    assert head.count("l2c-rpt-pinned") == 1
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    assert re.search(r'<td class="[^"]*l2c-rpt-pinned"><span class="badge', body)
    assert "position: sticky" in html


def test_br_rpt_03_status_overview_pins_no_column(client, company, shop):
    login(client, company.manager1)
    html = client.get("/reports/sales-status/").content.decode()
    assert 'class="l2c-rpt-pinned' not in html and " l2c-rpt-pinned" not in html


def test_br_rpt_03_daily_tab_icon_is_not_a_weekday_calendar(client, company, shop):
    login(client, company.manager1)
    html = client.get("/reports/daily/").content.decode()
    assert "bi-calendar-day" not in html and "bi-journal-text" in html
