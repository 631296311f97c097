"""What L2C writes into the spreadsheets people open (BR-SEC-02: all output escaped).

A customer named ``=HYPERLINK("http://…","点这里")`` must reach the manager's Excel as the
text it is, never as a live formula; a name or a filter with a control character (which a
workbook cannot hold) must not break the export. Every export writes its values through
these helpers:

* :func:`clean` — text without the characters a workbook cannot hold;
* :func:`as_text` — a cell whose text is stored as text (never a formula, whatever it
  starts with: ``=``, ``+``, ``-``, ``@``);
* :func:`text_cell` / :func:`safe_row` — the same for write-only sheets (the large exports).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

#: what a spreadsheet may read as the start of a formula
FORMULA_START = ("=", "+", "-", "@")


def clean(value: Any) -> Any:
    """``value`` as a workbook can hold it: text without control characters."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def as_text(cell: Any) -> Any:
    """Store the cell's text as text, never as a formula."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def text_cell(ws: Any, value: Any) -> WriteOnlyCell:
    """A write-only cell holding ``value`` safely (text stays text)."""
    return as_text(WriteOnlyCell(ws, value=clean(value)))


def safe_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``ws.append`` on a write-only sheet: plain values, except text that a
    spreadsheet would read as a formula, which goes in as a text cell."""
    row = []
    for value in values:
        value = clean(value)
        if isinstance(value, str) and value.startswith(FORMULA_START):
            row.append(text_cell(ws, value))
        else:
            row.append(value)
    return row


def append_safe(ws: Any, values: Iterable[Any]) -> None:
    """``ws.append`` for an ordinary (not write-only) sheet, every text cell kept as text."""
    ws.append([clean(v) for v in values])
    for cell in ws[ws.max_row]:
        as_text(cell)
