"""Excel export of a register (BR-RPT-04): the same scope, filters and rows as the page —
built by the same selector — phones masked as on the page (BR-CUS-10), totals rows kept,
amounts as numbers with two decimals, and every export audited with its filters and row
count."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError
from l2c.core.sheets import text_cell
from l2c.reports.registers import Register, build_report
from l2c.reports.selectors.scope import TABS, person_label
from l2c.reports.tables import Column, Report, Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: more than this is a data dump, not a register: narrow the period
EXPORT_MAX_ROWS = 50_000
CHUNK = 2_000
BRAND = "B8312F"
NUMBER_FORMATS = {
    "money": "#,##0.00",
    "area": "#,##0.00",
    "percent": "0.00",
    "int": "0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
_BAD_SHEET_CHARS = str.maketrans({c: "·" for c in "[]:*?/\\"})


def cell_value(row: Any, col: Column) -> Any:
    """The value written to Excel: numbers stay numbers, statuses their label, aware
    times local and naive (Excel has no time zones)."""
    if col.kind == "status":
        return getattr(row, f"{col.key}_label", "") or ""
    value = getattr(row, col.key, None)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


class _Sheet:
    def __init__(self, wb: Workbook, table: Table, heading: str, note: str) -> None:
        self.table = table
        self.ws = wb.create_sheet(str(table.title).translate(_BAD_SHEET_CHARS)[:31])
        for i, col in enumerate(table.columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = col.width
        self.ws.freeze_panes = "A4"
        title = text_cell(self.ws, heading)
        title.font = Font(bold=True, size=14)
        self.ws.append([title])
        self.ws.append([text_cell(self.ws, note)])
        header = []
        for col in table.columns:
            cell = WriteOnlyCell(self.ws, value=str(col.label))
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor=BRAND)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            header.append(cell)
        self.ws.append(header)
        self.rows = 0

    def append(self, row: Any, *, bold: bool = False, label: str = "") -> None:
        cells = []
        line = Side(style="thin", color="999999")
        for i, col in enumerate(self.table.columns):
            if bold and label and i == 0:
                value: Any = label
            elif bold and col.kind not in ("money", "int", "area", "percent"):
                value = "" if i else label
            else:
                value = cell_value(row, col)
            cell = text_cell(self.ws, value)
            if col.kind in NUMBER_FORMATS and value is not None and value != "":
                cell.number_format = NUMBER_FORMATS[col.kind]
            if bold:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor="F3E3E2")
                cell.border = Border(top=line)
            cells.append(cell)
        self.ws.append(cells)

    def rows_of(self, rows) -> None:
        for row in rows:
            level = getattr(row, "level", "")
            self.append(row, bold=bool(level), label=getattr(row, "label", "") or "")
            if not level:
                self.rows += 1

    def totals(self) -> None:
        t = self.table.totals
        if t is not None:
            self.append(t, bold=True, label=getattr(t, "label", "") or _("合计"))


def _note(actor, report: Report, scope: str) -> str:
    labels = {k: str(label) for k, label, _icon in TABS}
    parts = []
    if scope:
        parts.append(_("范围：%(s)s") % {"s": labels.get(scope, scope)})
    if report.subtitle:
        parts.append(report.subtitle)
    parts.append(
        _("导出：%(who)s %(at)s")
        % {"who": person_label(actor), "at": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    )
    return " · ".join(parts)


@transaction.atomic
def report_export(*, actor, register: Register, params: dict[str, Any]) -> tuple[bytes, int]:
    """The register the viewer is looking at as .xlsx bytes, and its row count (audited)."""
    report = build_report(register, viewer=actor, params=params)
    wb = Workbook(write_only=True)
    heading = str(report.title)
    note = _note(actor, report, params.get("scope", ""))
    rows = 0
    for index, table in enumerate(report.tables):
        sheet = _Sheet(wb, table, heading, note)
        if index == 0 and report.queryset is not None and report.make_rows is not None:
            count = table.paged_count or 0
            if count > EXPORT_MAX_ROWS:
                raise BusinessRuleError(
                    "BR-RPT-04",
                    _("共 %(n)s 行，超过单次导出上限 %(max)s 行，请缩小日期范围。")
                    % {"n": count, "max": EXPORT_MAX_ROWS},
                    code="too_many_rows",
                )
            qs = report.queryset
            for offset in range(0, count, CHUNK):
                sheet.rows_of(report.make_rows(qs[offset : offset + CHUNK]))
        else:
            sheet.rows_of(table.rows)
        sheet.totals()
        rows += sheet.rows
    out = io.BytesIO()
    wb.save(out)
    audit_record(
        actor=actor,
        action="report.export",
        rule="BR-RPT-04",
        object_repr=_("%(title)s导出") % {"title": heading},
        extra={
            "register": register.slug,
            "scope": params.get("scope", ""),
            "filters": {k: v for k, v in params.items() if v not in (None, "")},
            "rows": rows,
        },
    )
    return out.getvalue(), rows


def export_filename(register: Register, report_subtitle: str = "") -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{register.title}-{stamp}.xlsx"
