"""Drawing one cell of a register by its column's kind (no queries)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.html import format_html

from l2c.core.money import yuan

register = template.Library()

#: Bootstrap colour of the status badges (reservations, contracts, units, classes)
BADGES = {
    # reservations
    "signed": "warning text-dark",
    "paid": "success",
    "contracted": "primary",
    "superseded": "secondary",
    "cancelled": "dark",
    # contracts (a signed contract is green in the signing list)
    "contract:signed": "success",
    "contract:cancelled": "secondary",
    "standard": "light text-dark border",
    "special": "danger",
    # units (the catalog's colours)
    "available": "success",
    "held": "warning text-dark",
    "reserved": "danger",
    "delivered": "dark",
}
NUMERIC = {"money", "int", "percent", "area"}


@register.filter
def numeric(col) -> bool:
    return col.kind in NUMERIC


@register.filter
def pinned(col, table) -> bool:
    """The status column at the end of a wide ledger stays in view at the card's right edge
    while the other columns scroll (the 状态 of 定金/签约明细表 on a 1400px screen)."""
    return col.kind == "status" and bool(table.columns) and col is table.columns[-1]


@register.simple_tag
def cell(row, col, register_slug=""):
    value = getattr(row, col.key, None)
    kind = col.kind
    if kind == "status":
        code = value or ""
        if not code:
            return ""
        key = f"contract:{code}" if register_slug == "signings" and col.key == "status" else code
        return format_html(
            '<span class="badge bg-{}" data-status="{}">{}</span>',
            BADGES.get(key, "secondary"),
            code,
            getattr(row, f"{col.key}_label", code),
        )
    if value is None or value == "":
        return "—" if kind in NUMERIC or kind in ("date", "datetime") else ""
    if kind in ("money", "int") and not value and not getattr(row, "level", ""):
        return format_html(
            '<span class="text-body-tertiary">{}</span>', yuan(value) if kind == "money" else 0
        )
    if kind == "money":
        return yuan(value)
    if kind == "area":
        return f"{value:,.2f}"
    if kind == "percent":
        return f"{value}%"
    if kind == "date":
        return value.strftime("%Y-%m-%d") if isinstance(value, dt.date) else value
    if kind == "datetime":
        return timezone.localtime(value).strftime("%m-%d %H:%M")
    if kind == "mobile":
        return format_html('<span class="font-monospace">{}</span>', value)
    return value


@register.simple_tag
def summary_value(item):
    if item.value is None:
        return "—"
    if item.kind == "money":
        return f"¥{yuan(item.value)}"
    if item.kind == "percent":
        return f"{item.value}%"
    return item.value
