"""Money (BR-FIN-02): exact decimals in 元 with 2 places, rounded half-up (四舍五入, not
Python's default half-even), the one way an amount is shown (:func:`yuan`, also the
``{{ amount|yuan }}`` filter of ``{% load money %}``), and the bank-style amount in capitals
for printed documents."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import cn2an

CENT = Decimal("0.01")


def to_yuan(value: Any) -> Decimal:
    """``value`` as a Decimal of 元 with 2 places, rounded half-up; never via float."""
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Any) -> str:
    """An amount as shown everywhere: ``1234567`` → ``1,234,567.00`` (two places, half-up,
    thousands separated, never via float). ``None`` and ``""`` show as ``""``; text that is
    not an amount is shown as it is."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{amount:,.2f}"


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``, half-up to the cent."""
    return to_yuan(Decimal(amount) * Decimal(percent) / 100)


def rmb_upper(value: Any) -> str:
    """人民币伍万元整, 人民币壹万陆仟肆佰零玖元零贰分 — the amount in capitals, bank style."""
    amount = to_yuan(value)
    if amount < 0:
        return "人民币负" + cn2an.an2cn(str(-amount), "rmb")
    if amount == 0:
        return "人民币零元整"
    return "人民币" + cn2an.an2cn(str(amount), "rmb")
