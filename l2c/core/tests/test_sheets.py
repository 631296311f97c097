"""BR-SEC-02 (all output escaped) in the spreadsheets: text that a spreadsheet would read as a
formula is stored as text, and control characters a workbook cannot hold are dropped."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from l2c.core.sheets import append_safe, clean, safe_row, text_cell

FORMULA = '=HYPERLINK("http://evil.example/","点此领取")'


def _cells(wb) -> list[tuple]:
    out = io.BytesIO()
    wb.save(out)
    ws = load_workbook(io.BytesIO(out.getvalue())).worksheets[0]
    return [(c.value, c.data_type) for c in ws[1]]


def test_br_sec_02_write_only_rows_keep_formula_text_as_text():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("a")
    ws.append(safe_row(ws, [FORMULA, "+86 138", "-1", "@SUM(A1)", "赵\x06先生", 12, None]))
    assert _cells(wb) == [
        (FORMULA, "s"),
        ("+86 138", "s"),
        ("-1", "s"),
        ("@SUM(A1)", "s"),
        ("赵先生", "s"),
        (12, "n"),
    ]


def test_br_sec_02_ordinary_sheets_and_single_cells_too():
    wb = Workbook()
    append_safe(wb.active, [FORMULA, "=1+1", 3])
    assert _cells(wb) == [(FORMULA, "s"), ("=1+1", "s"), (3, "n")]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("a")
    ws.append([text_cell(ws, "=A1\x00"), text_cell(ws, 5)])
    assert _cells(wb) == [("=A1", "s"), (5, "n")]


def test_br_sec_02_clean_keeps_what_is_not_text():
    assert clean("楼\x0b栋") == "楼栋" and clean(7) == 7 and clean(None) is None
