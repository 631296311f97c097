"""Money on pages: ``{{ amount|yuan }}`` → ``970,000.00`` (two decimals, thousands
separated, never a float)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{amount:,.2f}"


@register.filter
def rmb_upper(value) -> str:
    """``{{ amount|rmb_upper }}`` → 人民币伍万元整 (BR-FIN-02)."""
    from l2c.core.money import rmb_upper as upper

    if value is None or value == "":
        return ""
    return upper(value)
