"""Template filters of the catalog pages: ``{{ price|wan }}`` → 165.0万, ``{{ d|get:key }}``."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def wan(value) -> str:
    """An amount in 元 shown in 万元 with one decimal (how a price list on the wall reads)."""
    if value in (None, ""):
        return ""
    amount = Decimal(str(value))
    if abs(amount) < 10000:
        return f"{amount:,.0f}元"
    return f"{(amount / 10000).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}万"


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
