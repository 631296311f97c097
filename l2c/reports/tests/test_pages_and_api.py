"""The register pages and the API: tabs, filters, totals rows, 导出 Excel, scope refusals,
and a fixed number of queries whatever the row count (no N+1)."""

from __future__ import annotations

import io
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from l2c.audit.models import AuditLog
from l2c.reports.registers import REGISTERS
from l2c.reports.tests.conftest import login, make_unit, pay, register_customer, reserve, sign

PAGES = [r.slug for r in REGISTERS]
_buildings = itertools.count(10)


def _deals(company, shop, n: int):
    """``n`` deposits, small deposits and contracts spread over the department's reps."""
    reps = [shop.rep_a, shop.rep_b, company.supervisor1]
    for i in range(n):
        rep = reps[i % 3]
        customer = register_customer(rep, f"客户{i}")
        building = next(_buildings)
        units = [
            make_unit(shop.project, shop.flat, f"{building}-0{k + 1}01", floor=k) for k in range(3)
        ]
        r = reserve(rep, customer, units[0])
        pay(r, "50000.00", by=company.finance)
        reserve(rep, customer, units[1], kind="small_deposit", deposit="5000.00")
        pay(None, "100000.00", by=company.finance, contract=sign(rep, customer, units[2]))


@pytest.mark.parametrize("slug", PAGES)
def test_br_rpt_02_every_register_page_renders_with_tabs_and_export(client, company, shop, slug):
    reserve(shop.rep_a, shop.cus_a, shop.units[0])
    login(client, company.manager1)
    response = client.get(f"/reports/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="report-tabs"' in html and "销售状况一览" in html
    assert 'id="export-xlsx"' in html
    if slug != "sales-status":
        assert 'data-scope="department"' in html and 'data-scope="mine"' in html


def test_br_rpt_02_deposit_page_lists_the_reservation_with_totals(client, company, shop):
    r = reserve(shop.rep_a, shop.cus_a, shop.units[0])
    pay(r, "50000.00", by=company.finance)
    login(client, shop.rep_a)
    html = client.get("/reports/deposits/").content.decode()
    assert r.number in html and "赵先生" in html and "50,000.00" in html
    assert 'id="totals-rows"' in html and "合计 1 笔" in html
    login(client, shop.rep_c)
    assert r.number not in client.get("/reports/deposits/").content.decode()


def test_br_rpt_04_page_export_button_downloads_the_same_scope(client, company, shop):
    r = reserve(shop.rep_a, shop.cus_a, shop.units[0])
    reserve(shop.rep_c, shop.cus_c, shop.units[1])
    login(client, company.manager1)
    response = client.get("/reports/deposits/export/?scope=department")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    numbers = [row[1].value for row in ws.iter_rows(min_row=4)][:-1]
    assert numbers == [r.number]
    assert AuditLog.objects.filter(action="report.export", actor=company.manager1.user).exists()


def test_br_rpt_04_roles_without_registers_see_a_notice(client, company):
    login(client, company.service)
    response = client.get("/reports/deposits/")
    assert response.status_code == 200
    assert 'id="no-access"' in response.content.decode()


def test_br_rpt_04_api_lists_in_scope_and_refuses_a_tab_the_role_lacks(api, company, shop):
    r = reserve(shop.rep_a, shop.cus_a, shop.units[0])
    pay(r, "50000.00", by=company.finance)
    reserve(shop.rep_c, shop.cus_c, shop.units[1])
    data = api.as_(shop.rep_a).get("/api/v1/reports/deposits/").json()
    assert data["scope"] == "mine" and data["count"] == 1
    (row,) = data["rows"]
    assert row["number"] == r.number and row["paid"] == "50000.00"
    assert row["mobile"] == shop.cus_a.mobile
    assert data["totals"]["paid"] == "50000.00"
    refused = api.as_(shop.rep_a).get("/api/v1/reports/deposits/?scope=department")
    assert refused.status_code == 422 and refused.json()["rule"] == "BR-RPT-05"
    gm = api.as_(company.gm).get("/api/v1/reports/deposits/").json()
    assert gm["scope"] == "all" and gm["count"] == 2
    assert api.as_(company.service).get("/api/v1/reports/deposits/").status_code == 403


def test_br_rpt_03_api_status_daily_statistics_and_export(api, company, shop):
    reserve(shop.rep_a, shop.cus_a, shop.units[0], agreed="1600000.00")
    client = api.as_(company.gm)
    status = client.get(f"/api/v1/reports/sales-status/?project={shop.project.pk}").json()
    assert {s["status"]: s["count"] for s in status["states"]}["reserved"] == 1
    assert status["total"]["count"] == 8 and len(status["units"]) == 8
    assert status["stock"][0]["available"] == 50
    daily = client.get("/api/v1/reports/daily/").json()
    assert daily["total"]["deposits"] == 1 and daily["total"]["deposit_amount"] == "50000.00"
    stats = client.get("/api/v1/reports/statistics/?year=2026&month=11").json()
    assert stats["year_total"]["deposits"] == 1 and len(stats["months"]) == 12
    xlsx = client.get("/api/v1/reports/signings/export/")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/api/v1/reports/nothing/export/").status_code == 404


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("slug", PAGES)
def test_register_pages_take_a_fixed_number_of_queries(client, company, shop, slug):
    login(client, company.manager1)
    url = f"/reports/{slug}/?project={shop.project.pk}"
    client.get(url)  # warm the policy cache and the session
    _deals(company, shop, 1)
    few = _count(lambda: client.get(url))
    _deals(company, shop, 6)
    many = _count(lambda: client.get(url))
    assert many == few, f"{slug}: {few} queries with few rows, {many} with many"
    assert many <= 25


@pytest.mark.parametrize("slug", PAGES)
def test_register_api_takes_a_fixed_number_of_queries(api, company, shop, slug):
    client = api.as_(company.gm)
    url = f"/api/v1/reports/{slug}/?project={shop.project.pk}"
    client.get(url)
    _deals(company, shop, 1)
    few = _count(lambda: client.get(url))
    _deals(company, shop, 6)
    many = _count(lambda: client.get(url))
    assert many == few, f"{slug}: {few} queries with few rows, {many} with many"
    assert many <= 15


@pytest.mark.parametrize("slug", ["small-deposits", "deposits", "signings"])
def test_br_rpt_04_a_20_digit_offset_is_a_422_not_a_500(api, company, shop, slug):
    response = api.as_(company.gm).get(f"/api/v1/reports/{slug}/", {"offset": "9" * 20})
    assert response.status_code == 422 and "offset" in str(response.json())
