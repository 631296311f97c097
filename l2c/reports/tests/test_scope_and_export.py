"""BR-RPT-04 / BR-RPT-05: every register respects the data scope — a rep sees own rows,
the supervisor the team's, the manager the department's, the GM (and finance, for the
money registers) everyone's — and exports to Excel with the same rows, audited."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.reports.exports import report_export
from l2c.reports.registers import BY_SLUG, build_report, resolve_scope
from l2c.reports.selectors import scopes_for
from l2c.reports.tests.conftest import pay, reserve, sign


@pytest.fixture
def deals(company, shop):
    """One deposit reservation, one small deposit and one contract per rep: rep_a and rep_b
    in team 1 of department 1, rep_c in team 2 of department 2."""
    u = shop.units
    out = {}
    for i, (rep, cus) in enumerate(
        ((shop.rep_a, shop.cus_a), (shop.rep_b, shop.cus_b), (shop.rep_c, shop.cus_c))
    ):
        r = reserve(rep, cus, u[i], deposit="50000.00")
        pay(r, "50000.00", by=company.finance)
        reserve(rep, cus, u[3 + i], kind="small_deposit", deposit="5000.00")
        out[rep.pk] = sign(rep, cus, u[6] if i == 0 else u[7] if i == 1 else u[5], reservation=None)
    return out


def _who(report) -> set[str]:
    table = report.tables[-1]  # the statistics' second table is per rep
    rows = table.rows if report.make_rows is None else report.make_rows(report.queryset)
    return {row.rep for row in rows if not getattr(row, "level", "")}


@pytest.mark.parametrize("slug", ["small-deposits", "deposits", "signings", "daily", "statistics"])
def test_br_rpt_04_each_role_sees_its_scope(company, shop, deals, slug):
    a, b, c = shop.rep_a.name, shop.rep_b.name, shop.rep_c.name
    register = BY_SLUG[slug]

    def seen(person, scope=None):
        scope = resolve_scope(person.user, register, scope, strict=False)
        return _who(build_report(register, viewer=person.user, params={"scope": scope}))

    assert seen(shop.rep_a) == {a}
    assert seen(company.supervisor1) == {a, b}
    assert seen(company.manager1) == {a, b}
    assert seen(company.manager2) == {c}
    assert seen(company.gm) == {a, b, c}
    assert seen(company.supervisor1, "mine") == set()


def test_br_rpt_04_finance_sees_every_money_row_but_no_visitor_counts(company, shop, deals):
    register = BY_SLUG["deposits"]
    assert scopes_for(company.finance.user, **register.scope_kwargs()) == ["all"]
    report = build_report(register, viewer=company.finance.user, params={"scope": "all"})
    assert report.tables[0].totals.count == 3


def test_br_rpt_05_tabs_follow_the_role(company):
    assert scopes_for(company.rep.user) == ["mine", "shared"]
    assert scopes_for(company.supervisor1.user) == ["mine", "shared", "team"]
    assert scopes_for(company.manager1.user) == ["mine", "shared", "department"]
    assert scopes_for(company.assistant1.user) == ["department"]
    assert scopes_for(company.gm.user) == ["all"]
    assert scopes_for(company.rep.user, shared=False) == ["mine"]
    assert scopes_for(company.service.user) == []


def test_br_rpt_05_a_tab_the_role_lacks_is_refused(company, shop, deals):
    with pytest.raises(BusinessRuleError) as err:
        resolve_scope(shop.rep_a.user, BY_SLUG["deposits"], "department", strict=True)
    assert err.value.rule == "BR-RPT-05"
    # the pages fall back to the broadest tab the role has instead
    assert resolve_scope(shop.rep_a.user, BY_SLUG["deposits"], "all", strict=False) == "mine"
    with pytest.raises(PermissionDeniedError):
        resolve_scope(company.service.user, BY_SLUG["deposits"], None, strict=False)


def test_br_rpt_04_excel_export_has_the_same_rows_and_is_audited(company, shop, deals):
    register = BY_SLUG["deposits"]
    params = {"scope": "team"}
    page = build_report(register, viewer=company.supervisor1.user, params=params)
    page_rows = page.make_rows(page.queryset)

    content, count = report_export(actor=company.supervisor1.user, register=register, params=params)

    assert count == len(page_rows) == 2
    ws = load_workbook(io.BytesIO(content)).active
    assert ws["A1"].value == "定金明细表"
    header = [c.value for c in ws[3]]
    assert header[:4] == ["日期", "认购书编号", "客户", "电话"]
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    numbers = [row[1] for row in data[:-1]]
    assert numbers == [r.number for r in page_rows]
    # phones masked as on the page; amounts are numbers; the totals row closes the sheet
    assert all("****" in row[3] for row in data[:-1])
    assert data[0][header.index("已交定金")] == 50000
    assert data[-1][0] == page.tables[0].totals.label
    assert data[-1][header.index("成交价")] == float(page.tables[0].totals.agreed_price)
    log = AuditLog.objects.get(action="report.export")
    assert log.rule == "BR-RPT-04"
    assert log.actor == company.supervisor1.user
    assert log.extra["register"] == "deposits" and log.extra["rows"] == 2
    assert log.extra["scope"] == "team"


@pytest.mark.parametrize(
    "slug", ["small-deposits", "signings", "sales-status", "daily", "statistics"]
)
def test_br_rpt_04_every_register_exports(company, shop, deals, slug):
    register = BY_SLUG[slug]
    scope = resolve_scope(company.gm.user, register, None, strict=False)
    content, _count = report_export(
        actor=company.gm.user,
        register=register,
        params={"scope": scope, "project_id": shop.project.pk},
    )
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames
    assert AuditLog.objects.filter(action="report.export", extra__register=slug).count() == 1


def test_br_sec_02_a_formula_in_a_customer_name_is_exported_as_text(company, shop, deals):
    from l2c.customers.models import Customer

    formula = '=HYPERLINK("http://evil.example/","点此")'
    Customer.objects.filter(pk=shop.cus_a.pk).update(name=formula)
    content, _count = report_export(
        actor=company.gm.user, register=BY_SLUG["deposits"], params={"scope": "all"}
    )
    ws = load_workbook(io.BytesIO(content)).active
    cells = [c for row in ws.iter_rows(min_row=4) for c in row if c.value == formula]
    assert cells and all(c.data_type == "s" for c in cells)


def test_br_rpt_04_a_control_character_in_a_filter_does_not_break_the_export(company, shop, deals):
    content, _count = report_export(
        actor=company.gm.user,
        register=BY_SLUG["sales-status"],
        params={"scope": "all", "project_id": shop.project.pk, "building": "\x06"},
    )
    assert load_workbook(io.BytesIO(content)).sheetnames
