"""Excel import and export of customers (BR-RPT-04, 06; BR-CUS-03, 10): the template, the
report of created / updated / duplicate / failed rows with reasons, nothing half-imported,
duplicates by mobile, owner by 工号; exports masked and audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from l2c.audit.models import AuditLog
from l2c.customers.excel import HEADERS
from l2c.customers.import_models import ImportJob, ImportRow, ImportStatus
from l2c.customers.imports import customers_import
from l2c.customers.models import Customer, OwnershipKind, OwnershipRecord
from l2c.customers.tests.test_views import login, register

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(*rows, headers=HEADERS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "客户.xlsx"
    return out


def row(name, mobile, owner="", **kw):
    values = {"单位": "", "等级": "", "阶段": "", "来源": "", "生日": "", "地址": "", "需求": ""}
    values.update(kw)
    return [name, mobile, *(values[h] for h in HEADERS[2:9]), owner]


def run(person, *rows, update_existing=False) -> ImportJob:
    return customers_import(
        actor=person.user, file=sheet(*rows), file_name="客户.xlsx", update_existing=update_existing
    )


def report(job) -> dict[int, tuple[str, str]]:
    return {r.row_no: (r.outcome, r.message) for r in job.rows.all()}


# --- template ----------------------------------------------------------------------------


def test_br_rpt_06_template_has_the_columns(company, clock, client, api):
    login(client, company.rep)
    response = client.get("/customers/import/template/")
    assert response["Content-Type"] == XLSX
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == HEADERS == [
        "姓名", "手机", "单位", "等级", "阶段", "来源", "生日", "地址", "需求", "负责人工号"
    ]  # fmt: skip
    assert api.as_(company.rep).get("/api/v1/customers/template/").status_code == 200


# --- import ------------------------------------------------------------------------------


def test_br_rpt_06_import_reports_each_row_and_owner_defaults_to_the_importer(company, clock):
    register(company.reps1[1], mobile="13800138000", name="老客户")
    job = run(
        company.rep,
        row("赵先生", "13900139000", 单位="华润置地", 等级="A", 阶段="意向客户", 生日="1980-05-03"),
        row("钱女士", "+86 139 0013 9001", 来源="来电"),
        row("", "13900139002"),  # no name
        row("孙先生", "12345"),  # bad mobile
        row("李先生", "13900139000"),  # same mobile as row 2
        row("周先生", "13800138000"),  # already a customer
        row("吴先生", "13900139006", 等级="D"),
        row("郑先生", "13900139007", 阶段="成交客户"),
    )
    assert job.status == ImportStatus.DONE and job.processed_rows == 8
    assert (job.created_count, job.updated_count, job.duplicate_count, job.failed_count) == (
        2,
        0,
        1,
        5,
    )
    rows = report(job)
    assert rows[4][0] == "failed" and "姓名" in rows[4][1]
    assert rows[5][0] == "failed" and "手机" in rows[5][1]
    assert rows[6] == ("failed", "与第 2 行的手机号重复。")
    assert rows[7] == ("duplicate", "该客户已由 顾问1b 负责（有效卡）")
    assert "等级" in rows[8][1] and "阶段" in rows[9][1]
    zhao = Customer.objects.get(mobile="13900139000")
    assert (zhao.owner, zhao.klass, zhao.stage, zhao.company) == (
        company.rep.user,
        "A",
        "intent",
        "华润置地",
    )
    assert str(zhao.birthday) == "1980-05-03" and zhao.void_at is not None
    assert Customer.objects.get(mobile="13900139001").channel == "call"
    assert OwnershipRecord.objects.filter(customer=zhao, kind=OwnershipKind.REGISTER).count() == 1
    # one audit record for the whole import, with its counts — not one per row
    log = AuditLog.objects.get(action="customer.import")
    assert log.extra["created"] == 2 and log.extra["failed"] == 5 and log.extra["rows"] == 8
    assert not AuditLog.objects.filter(action="customer.register", actor=company.rep.user).exists()


def test_br_rpt_06_import_reads_typed_cells_codes_and_labels(company, clock):
    """Cells as Excel stores them: a mobile typed as a number, a birthday as a date cell,
    a choice by its code in any case or by its label; blank rows are skipped."""
    job = run(
        company.rep,
        row("赵先生", 13900139010, 阶段="INTENT", 来源="Online", 生日=dt.date(1980, 5, 3)),
        ["", "", "", "", "", "", "", "", "", ""],
        row("钱女士", "139 0013 9011", 等级="b", 阶段="准客户", 来源="老带新", 生日="1990/1/2"),
        row("孙先生", "13900139012", 来源="朋友圈"),
        row("李先生", "13900139013", 生日="三月"),
    )
    assert (job.created_count, job.failed_count, job.processed_rows) == (2, 2, 4)
    zhao = Customer.objects.get(mobile="13900139010")
    assert (zhao.stage, zhao.channel, zhao.birthday) == ("intent", "online", dt.date(1980, 5, 3))
    qian = Customer.objects.get(mobile="13900139011")
    assert (qian.klass, qian.stage, qian.channel) == ("B", "prospect", "referral")
    assert qian.birthday == dt.date(1990, 1, 2)
    rows = report(job)
    assert rows[5] == ("failed", "来源无效。")
    assert rows[6] == ("failed", "生日格式应为 YYYY-MM-DD。")


def test_br_rpt_06_owner_by_employee_number(company, clock):
    job = run(
        company.assistant1,
        row("赵先生", "13900139000", owner=company.reps1[1].employee_no),
        row("钱女士", "13900139001", owner="NOPE"),
        row("孙女士", "13900139002", owner=company.finance.employee_no),
    )
    assert Customer.objects.get().owner == company.reps1[1].user
    rows = report(job)
    assert "未找到工号" in rows[3][1] and "销售人员" in rows[4][1]
    # a rep registers only for themselves (BR-REC-01)
    job = run(company.rep, row("李先生", "13900139003", owner=company.reps1[1].employee_no))
    assert report(job)[2] == ("failed", "只能为自己登记客户。")


def test_br_cus_03_import_update_existing_changes_details_never_the_owner(company, clock):
    mine = register(company.rep, mobile="13800138000", name="赵先生")
    theirs = register(company.reps1[1], mobile="13800138001", name="钱女士")
    job = run(
        company.rep,
        row("赵总", "13800138000", 单位="华润置地", 等级="A"),
        row("钱总", "13800138001", 等级="A"),
        update_existing=True,
    )
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.name, mine.company, mine.klass, mine.owner) == (
        "赵总",
        "华润置地",
        "A",
        company.rep.user,
    )
    assert theirs.name == "钱女士" and theirs.owner == company.reps1[1].user
    rows = report(job)
    assert rows[2][0] == "updated"
    assert rows[3][0] == "failed" and "顾问1b" in rows[3][1]
    # the supervisor may update the team's customers; ownership stays
    job = run(company.supervisor1, row("钱总", "13800138001", 等级="B"), update_existing=True)
    theirs.refresh_from_db()
    assert job.updated_count == 1 and theirs.klass == "B"
    assert theirs.owner == company.reps1[1].user


def test_br_rpt_06_nothing_is_half_imported_when_a_chunk_collides(company, clock, monkeypatch):
    """A chunk that trips over a concurrent registration is replayed row by row: the other
    rows land whole, the colliding one leaves nothing (no customer, no ownership record)."""
    register(company.reps1[1], mobile="13900139001", name="抢先登记")
    real = Customer.objects.filter

    def blind(*args, **kwargs):  # the import's duplicate check misses it: registered "meanwhile"
        if "mobile__in" in kwargs:
            kwargs["mobile__in"] = [m for m in kwargs["mobile__in"] if m != "13900139001"]
        return real(*args, **kwargs)

    monkeypatch.setattr(Customer.objects, "filter", blind)
    job = run(company.rep, row("赵先生", "13900139000"), row("钱女士", "13900139001"))
    monkeypatch.undo()
    assert (job.created_count, job.failed_count) == (1, 1)
    assert report(job)[3] == ("failed", "该手机号刚被他人登记（撞单）。")
    taken = Customer.objects.get(mobile="13900139001")
    assert taken.name == "抢先登记" and taken.owner == company.reps1[1].user
    assert not OwnershipRecord.objects.filter(customer=taken, to_owner=company.rep.user).exists()
    assert Customer.objects.filter(owner=company.rep.user).count() == 1


def test_br_rpt_06_a_file_that_is_not_the_template_is_refused(company, clock, client):
    login(client, company.rep)
    bad = SimpleUploadedFile("x.xlsx", b"not a workbook", content_type=XLSX)
    page = client.post("/customers/import/", {"file": bad}).content.decode()
    assert "文件无法读取" in page
    wrong = sheet(["a", "b"], headers=["名字", "电话"])
    page = client.post("/customers/import/", {"file": wrong}).content.decode()
    assert "表头不符合模板" in page
    assert not ImportJob.objects.exists()


def test_br_rpt_06_import_page_shows_the_report(company, clock, client):
    login(client, company.rep)
    upload = sheet(row("赵先生", "13900139000"), row("孙先生", "12345"))
    response = client.post("/customers/import/", {"file": upload, "update_existing": "on"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/customers/import/{job.pk}/"
    assert job.update_existing
    page = client.get(response["Location"]).content.decode()
    assert 'id="count-created">1<' in page and 'id="count-failed">1<' in page
    assert 'data-outcome="failed"' in page and "已完成" in page
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert 'id="import-progress"' in partial and "<html" not in partial
    # another rep does not see this import
    login(client, company.reps1[1])
    assert client.get(f"/customers/import/{job.pk}/").status_code == 404


def test_br_rpt_06_import_report_runs_a_fixed_number_of_queries(company, clock, client):
    login(client, company.rep)
    few_job = run(company.rep, *[row(f"客户{i}", "12345") for i in range(3)])
    many_job = run(company.rep, *[row(f"客户{i}", "12345") for i in range(30)])
    counts = []
    for job in (few_job, many_job):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/customers/import/{job.pk}/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert ImportRow.objects.filter(job=many_job).count() == 30


def test_br_rpt_06_api_import_and_report(company, clock, api):
    client = api.as_(company.rep)
    upload = sheet(row("赵先生", "13900139000"), row("孙先生", "12345"))
    response = client.post("/api/v1/customers/import/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "done" and body["created_count"] == 1 and body["failed_count"] == 1
    assert body["rows_total"] == 1 and body["rows"][0]["row_no"] == 3
    again = client.get(f"/api/v1/customers/import/{body['id']}/", {"outcome": "failed"})
    assert again.json()["rows"][0]["outcome"] == "failed"
    other = api.as_(company.reps1[1]).get(f"/api/v1/customers/import/{body['id']}/")
    assert other.status_code == 404


# --- export ------------------------------------------------------------------------------


def _rows(content: bytes) -> list[list]:
    ws = load_workbook(io.BytesIO(content)).active
    return [[c.value for c in r] for r in ws.iter_rows()]


def test_br_cus_10_export_masks_what_the_viewer_does_not_own_and_is_audited(company, clock, client):
    register(company.rep, mobile="13800138000", name="赵先生", klass="A")
    register(company.reps1[1], mobile="13800138001", name="钱女士")
    login(client, company.rep)
    rows = _rows(client.get("/customers/export/?scope=mine").content)
    assert rows[0][:10] == HEADERS and rows[1][:2] == ["赵先生", "13800138000"]
    login(client, company.supervisor1)
    response = client.get("/customers/export/?scope=team&klass=A")
    assert response["Content-Type"] == XLSX
    rows = _rows(response.content)
    assert [r[:2] for r in rows[1:]] == [["赵先生", "138****8000"]]
    log = AuditLog.objects.filter(action="customer.export").latest("id")
    assert log.actor_id == company.supervisor1.user.pk and log.rule == "BR-CUS-10"
    assert log.extra["scope"] == "team" and log.extra["filters"] == {"klass": "A"}
    assert log.extra["rows"] == 1 and log.extra["unmasked_rows"] == 0
    assert AuditLog.objects.filter(action="customer.export").count() == 2


def test_br_rpt_04_api_export_respects_scope(company, clock, api):
    register(company.rep, mobile="13800138000", name="赵先生")
    register(company.reps2[0], mobile="13800138001", name="钱女士")
    response = api.as_(company.manager2).get("/api/v1/customers/export/", {"scope": "department"})
    assert response.status_code == 200
    rows = _rows(response.content)
    assert [r[:2] for r in rows[1:]] == [["钱女士", "138****8001"]]
    assert AuditLog.objects.get(action="customer.export").extra["rows"] == 1


def test_br_sec_02_customer_export_writes_a_formula_name_as_text(company, clock, client):
    formula = '=HYPERLINK("http://evil.example/","点此")'
    register(company.rep, mobile="13800138000", name="赵先生")
    Customer.objects.filter(mobile="13800138000").update(name=formula)
    login(client, company.rep)
    content = client.get("/customers/export/?scope=mine").content
    cell = load_workbook(io.BytesIO(content)).active["A2"]
    assert (cell.value, cell.data_type) == (formula, "s")
