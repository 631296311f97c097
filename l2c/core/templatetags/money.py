"""Money on pages: ``{{ amount|yuan }}`` → ``970,000.00`` and ``{{ amount|rmb_upper }}`` →
人民币伍万元整 — the filters of :mod:`l2c.core.money` (one way to show an amount)."""

from __future__ import annotations

from django import template

from l2c.core import money

register = template.Library()


@register.filter
def yuan(value) -> str:
    return money.yuan(value)


@register.filter
def rmb_upper(value) -> str:
    """``{{ amount|rmb_upper }}`` → 人民币伍万元整 (BR-FIN-02)."""
    if value is None or value == "":
        return ""
    return money.rmb_upper(value)
