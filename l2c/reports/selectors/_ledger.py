"""What the ledgers share (BR-RPT-02): the filters, the statuses listed, which money
counts, the discount and the correlated money subtotals that keep every total one query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy

from l2c.contracts.models import ContractStatus, ReservationStatus
from l2c.finance.models import MoneyKind, ReceiptStatus
from l2c.reports.selectors.scope import period, scoped
from l2c.reports.tables import ZERO

MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)
#: the reservation statuses a register lists by default: every live or finished version,
#: not the versions a change replaced (they would count a deal twice)
CURRENT = "current"
RESERVATION_STATUSES = [
    (CURRENT, gettext_lazy("有效版本（不含已变更）")),
    *ReservationStatus.choices,
]
CONTRACT_STATUSES = [
    (ContractStatus.SIGNED, ContractStatus.SIGNED.label),
    (ContractStatus.CANCELLED, ContractStatus.CANCELLED.label),
]
DEPOSIT_KINDS = (MoneyKind.SMALL_DEPOSIT, MoneyKind.DEPOSIT)
#: a receipt counts unless it was voided (a refunded one was paid, and its refund is shown)
COUNTED = ~Q(status=ReceiptStatus.VOID)


def money_sum(expr, **kw):
    return Coalesce(Sum(expr, **kw), Value(ZERO), output_field=MONEY_FIELD)


def discount_percent(list_price: Decimal | None, price: Decimal | None) -> Decimal | None:
    """(标价 − 成交价) / 标价, in percent with two places, half-up."""
    if not list_price or price is None:
        return None
    return ((list_price - price) * 100 / list_price).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass
class LedgerFilters:
    scope: str
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    project_id: int | None = None
    team_id: int | None = None
    rep_id: int | None = None  # the rep's user id
    status: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}

    def signed_in(self, qs: QuerySet, *, viewer) -> QuerySet:
        """The documents of ``qs`` signed in the period, in the viewer's scope, of the
        project, team and rep asked for (the filters every ledger reads alike)."""
        start, end = period(self.date_from, self.date_to)
        qs = scoped(
            qs.filter(signed_at__gte=start, signed_at__lt=end),
            viewer,
            self.scope,
            customer="customer",
        )
        if self.project_id:
            qs = qs.filter(unit__project_id=self.project_id)
        if self.team_id:
            qs = qs.filter(team_id=self.team_id)
        if self.rep_id:
            qs = qs.filter(owner_id=self.rep_id)
        return qs


def subtotal(qs: QuerySet, outer: str, inner: str) -> Coalesce:
    """The sum of ``qs``'s amounts per ``inner`` = the outer row's ``outer``, 0 where there
    is none (a correlated subquery, so the totals are one query whatever the row count)."""
    return Coalesce(
        Subquery(
            qs.filter(**{inner: OuterRef(outer)})
            .order_by()
            .values(inner)
            .annotate(total=Sum("amount"))
            .values("total")[:1],
            output_field=MONEY_FIELD,
        ),
        Value(ZERO),
        output_field=MONEY_FIELD,
    )


def owed(amount, when: Q) -> Case:
    """What is still owed on a row: ``amount`` but never below 0 while ``when`` holds, else
    0 (a cancelled document owes nothing)."""
    return Case(
        When(when, then=Greatest(amount, Value(ZERO))),
        default=Value(ZERO),
        output_field=MONEY_FIELD,
    )
