"""The shape every register shares: columns, rows, totals — drawn on the page, written to
Excel and answered by the API from the same objects, so the three never disagree
(BR-RPT-04)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

ZERO = Decimal("0.00")

#: how a column is formatted: text, money (¥, 2 places), int, percent, area (㎡), date,
#: datetime, mobile (monospace, already masked), status (a badge: the row has ``<key>_label``)
KINDS = ("text", "money", "int", "percent", "area", "date", "datetime", "mobile", "status")


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: str = "text"
    #: Excel column width (characters)
    width: int = 12
    #: the totals row shows this column's sum
    total: bool = False
    #: the totals row shows an average, not a sum (a percent): how it is averaged, the
    #: cell's tooltip; the cell reads "均 1.23%"
    average: str | Promise = ""


@dataclass
class Table:
    """One table of a register. ``rows`` are objects whose attributes are the column keys;
    a row with ``level`` "subtotal" or "total" is drawn bold (team subtotals, grand total)."""

    key: str
    title: str | Promise
    columns: list[Column]
    rows: list[Any] = field(default_factory=list)
    totals: Any | None = None
    #: a table paged on the page (the ledgers); ``None`` when every row is drawn
    paged_count: int | None = None
    empty: str | Promise = ""

    def money_keys(self) -> set[str]:
        return {c.key for c in self.columns if c.kind == "money"}


@dataclass
class Summary:
    """A figure in the cards above the tables."""

    label: str | Promise
    value: Any
    kind: str = "int"
    note: str | Promise = ""


@dataclass
class Report:
    """What a register builder returns: its tables, the summary cards, and — for the
    ledgers — the full queryset and the row maker (the page shows one page of it, the
    export all of it, in the same order)."""

    slug: str
    title: str | Promise
    rule: str
    tables: list[Table]
    summary: list[Summary] = field(default_factory=list)
    #: for a ledger: the filtered, scoped, ordered queryset behind ``tables[0]``
    queryset: Any | None = None
    make_rows: Callable[[Iterable[Any]], list[Any]] | None = None
    #: a line under the title: the period, the project …
    subtitle: str = ""
    filters: dict[str, Any] = field(default_factory=dict)


def sum_of(rows: Iterable[Any], key: str) -> Any:
    total: Any = 0
    for row in rows:
        value = getattr(row, key, None)
        if value is not None:
            total += value
    return total
