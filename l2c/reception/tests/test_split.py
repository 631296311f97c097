"""BR-ATT-12: shares sum to exactly 100% and amounts split to the cent, the remainder cent to
the deal owner — property-tested."""

from __future__ import annotations

import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l2c.core.errors import BusinessRuleError
from l2c.reception.attribution import (
    HUNDRED,
    LATER,
    SAME_DAY,
    Part,
    ShareSpec,
    check_sums,
    even_parts,
    split,
    split_amount,
)

CENTS = st.integers(min_value=-(10**12), max_value=10**12).map(lambda c: Decimal(c) / 100)


@st.composite
def percents(draw):
    """2–5 positive percents with two decimals summing to exactly 100."""
    n = draw(st.integers(min_value=1, max_value=5))
    cuts = sorted(draw(st.lists(st.integers(1, 9999), min_size=n - 1, max_size=n - 1, unique=True)))
    bounds = [0, *cuts, 10000]
    return [Decimal(b - a) / 100 for a, b in itertools.pairwise(bounds)]


@given(percents(), CENTS, st.data())
def test_br_att_12_split_is_exact_to_the_cent(parts_percent, amount, data):
    owner = data.draw(st.integers(0, len(parts_percent) - 1))
    parts = [Part(i, p, i == owner) for i, p in enumerate(parts_percent)]
    result = split(parts, amount)
    values = [a for _p, a in result]
    assert sum(values) == amount
    assert all(v == v.quantize(Decimal("0.01")) for v in values)
    for (part, value), i in zip(result, range(len(parts)), strict=True):
        exact = amount * part.percent / HUNDRED
        # every part is within one cent per part of its exact value; only the owner rounds up
        assert abs(value - exact) < Decimal("0.01") * len(parts)
        if i != owner:
            assert abs(value) <= abs(exact)


@given(st.integers(1, 12), st.sampled_from([Decimal("50"), Decimal("100"), Decimal("20")]))
def test_br_att_12_even_parts_sum_exactly(n, total):
    parts = even_parts(total, n)
    assert sum(parts) == total and max(parts) - min(parts) <= Decimal("0.01")


def test_br_att_12_check_sums_refuses_anything_but_100():
    check_sums([ShareSpec(1, "A", Decimal("80")), ShareSpec(2, "B", Decimal("20"))])
    check_sums(
        [
            ShareSpec(2, "B", HUNDRED, LATER),
            ShareSpec(1, "C", Decimal("50"), SAME_DAY),
            ShareSpec(2, "B", Decimal("50"), SAME_DAY),
        ]
    )
    with pytest.raises(BusinessRuleError) as err:
        check_sums([ShareSpec(1, "A", Decimal("80")), ShareSpec(2, "B", Decimal("10"))])
    assert err.value.rule == "BR-ATT-12"
    with pytest.raises(BusinessRuleError):  # the same-day case alone would sum to 150
        check_sums([ShareSpec(2, "B", HUNDRED), ShareSpec(1, "C", Decimal("50"), SAME_DAY)])


def _decision(*shares, deal_at=None):
    rows = [
        SimpleNamespace(percent=p, is_deal_owner=o, active=True, condition=c) for p, o, c in shares
    ]
    return SimpleNamespace(shares=SimpleNamespace(all=lambda: rows), deal_at=deal_at)


def test_br_att_12_split_amount_gives_the_remainder_cent_to_the_deal_owner():
    decision = _decision((Decimal("80"), True, ""), (Decimal("20"), False, ""))
    assert [a for _s, a in split_amount(decision, Decimal("12345.67"))] == [
        Decimal("9876.54"),
        Decimal("2469.13"),
    ]
    thirds = _decision(
        (Decimal("33.34"), False, ""), (Decimal("33.33"), True, ""), (Decimal("33.33"), False, "")
    )
    amounts = [a for _s, a in split_amount(thirds, Decimal("100.00"))]
    assert amounts == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(amounts) == Decimal("100.00")
    assert [a for _s, a in split_amount(thirds, Decimal("0.02"))] == [
        Decimal("0.00"),
        Decimal("0.02"),
        Decimal("0.00"),
    ]
