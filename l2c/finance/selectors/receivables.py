"""Receivables (BR-FIN-03, 04, 05): per milestone due, paid, outstanding and overdue days;
per contract and per customer totals; the ageing buckets as of a day; default. Scoped
through ``core.scope.visible_to`` (milestones are money records: finance sees all, a rep
their own contracts'). Every figure is one SQL aggregate: the paid amount of a milestone is a
correlated subquery over its counting receipts, the buckets conditional sums over the due
date — never a Python loop over rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.core.errors import NotFoundError
from l2c.core.scope import visible_to
from l2c.finance import policies
from l2c.finance.models import (
    BreachCase,
    ContractSettlement,
    Direction,
    MoneyKind,
    MoneyRecord,
    PaymentMilestone,
    ReceiptStatus,
)

ZERO = Decimal("0.00")
AMOUNT = DecimalField(max_digits=14, decimal_places=2)
#: receipts that pay a milestone (a void one never counts, BR-FIN-06)
PAYING = (ReceiptStatus.VALID, ReceiptStatus.RETURNED)


def _zero():
    return Value(ZERO, output_field=AMOUNT)


def paid_subquery(ref: str = "pk") -> Subquery:
    """What has been received against the milestone ``ref`` points at."""
    return Subquery(
        MoneyRecord.objects.filter(
            milestone_id=OuterRef(ref),
            direction=Direction.IN,
            kind=MoneyKind.MILESTONE,
            status__in=PAYING,
        )
        .order_by()
        .values("milestone_id")
        .annotate(t=Sum("amount"))
        .values("t"),
        output_field=AMOUNT,
    )


def with_money(qs: QuerySet[PaymentMilestone]) -> Any:
    """Each milestone with ``received`` and ``open_amount`` (SQL; the rows read get them as
    ``paid`` and ``outstanding`` from :func:`decorate`)."""
    return qs.annotate(received=Coalesce(paid_subquery(), _zero())).annotate(
        open_amount=ExpressionWrapper(F("amount") - F("received"), output_field=AMOUNT)
    )


def _as_of(as_of: dt.date | None) -> dt.date:
    return as_of or timezone.localdate()


def _scoped(viewer) -> QuerySet[PaymentMilestone]:
    return visible_to(viewer, PaymentMilestone.objects.all())


def decorate(milestone: Any, as_of: dt.date) -> Any:
    """The derived state of one row already read (no query)."""
    milestone.paid = milestone.received
    milestone.outstanding = milestone.open_amount
    milestone.overdue_days = (
        policies.overdue_days(milestone.due_on, as_of) if milestone.outstanding > 0 else 0
    )
    milestone.state, milestone.state_label = policies.milestone_state(
        amount=milestone.amount, paid=milestone.paid, due_on=milestone.due_on, as_of=as_of
    )
    return milestone


def milestone_list(
    *, viewer, contract_id: int | None = None, as_of: dt.date | None = None
) -> list[PaymentMilestone]:
    """The milestones ``viewer`` may see (of one contract when given), each with ``paid``,
    ``outstanding``, ``overdue_days``, ``state`` and ``state_label``. One query."""
    day = _as_of(as_of)
    qs = with_money(_scoped(viewer)).select_related("contract__customer")
    if contract_id is not None:
        qs = qs.filter(contract_id=contract_id)
    return [decorate(m, day) for m in qs.order_by("contract_id", "sequence")]


def milestone_get(*, viewer, milestone_id: Any) -> PaymentMilestone:
    try:
        pk = int(milestone_id)
    except (TypeError, ValueError):
        pk = 0
    found = with_money(_scoped(viewer)).select_related("contract__customer").filter(pk=pk).first()
    if found is None:
        raise NotFoundError("BR-FIN-03", _("未找到该付款节点。"), field="milestone")
    return decorate(found, timezone.localdate())


def milestone_paid(milestone_id: int) -> Decimal:
    """Received against one milestone (unscoped: the services' check)."""
    total = MoneyRecord.objects.filter(
        milestone_id=milestone_id,
        direction=Direction.IN,
        kind=MoneyKind.MILESTONE,
        status__in=PAYING,
    ).aggregate(t=Sum("amount"))["t"]
    return Decimal(total or ZERO)


def settlement_of(contract_id: int) -> ContractSettlement | None:
    return ContractSettlement.objects.filter(contract_id=contract_id).first()


def _totals(as_of: dt.date) -> dict[str, Any]:
    """The aggregates of a group of milestones annotated by :func:`with_money`."""
    open_ = Q(open_amount__gt=0)
    due = Q(due_on__isnull=False, due_on__lte=as_of)
    overdue = Q(due_on__isnull=False, due_on__lt=as_of)

    def amount_when(q: Q):
        return Coalesce(Sum(Case(When(q, then=F("open_amount")), default=_zero())), _zero())

    totals: dict[str, Any] = {
        "total": Coalesce(Sum("amount"), _zero()),
        "paid": Coalesce(Sum("received"), _zero()),
        "outstanding": Coalesce(Sum("open_amount"), _zero()),
        "due": amount_when(open_ & due),
        "overdue": amount_when(open_ & overdue),
        "oldest_due_on": Min(Case(When(open_ & overdue, then=F("due_on")))),
    }
    for key, _label, first, last in policies.BUCKETS:
        q = open_ & Q(due_on__isnull=False, due_on__lte=as_of - dt.timedelta(days=first))
        if last is not None:
            q &= Q(due_on__gte=as_of - dt.timedelta(days=last))
        totals[key] = amount_when(q)
    return totals


@dataclass(frozen=True)
class Ageing:
    as_of: dt.date
    buckets: list[dict[str, Any]]
    total: Decimal
    paid: Decimal
    outstanding: Decimal
    due: Decimal
    overdue: Decimal


def ageing(*, viewer, as_of: dt.date | None = None) -> Ageing:
    """BR-FIN-04: the outstanding amounts due by ageing bucket (days past due: 0–30, 31–60,
    61–90, >90) over every milestone the viewer may see. One query."""
    day = _as_of(as_of)
    row = with_money(_scoped(viewer)).aggregate(**_totals(day))
    return Ageing(
        as_of=day,
        buckets=[
            {"key": key, "label": label, "amount": row[key]}
            for key, label, _first, _last in policies.BUCKETS
        ],
        total=row["total"],
        paid=row["paid"],
        outstanding=row["outstanding"],
        due=row["due"],
        overdue=row["overdue"],
    )


def _grouped(viewer, as_of: dt.date, by: tuple[str, ...]) -> QuerySet:
    return (
        with_money(_scoped(viewer))
        .order_by()
        .values(*by)
        .annotate(**_totals(as_of), last_due_on=Max("due_on"))
    )


def _finish(row: dict[str, Any], as_of: dt.date, default_days: int) -> dict[str, Any]:
    oldest = row.get("oldest_due_on")
    days = policies.overdue_days(oldest, as_of) if oldest else 0
    row["overdue_days"] = days
    row["in_default"] = policies.is_default(days, default_days)
    return row


def contract_receivables_rows(
    *, viewer, as_of: dt.date | None = None, filters: dict[str, Any] | None = None
) -> QuerySet:
    """Per contract (BR-FIN-04), as a lazy queryset of dicts (page it, then
    :func:`finish_receivables`): total, paid, outstanding, due, overdue, the buckets and the
    oldest overdue due date, most overdue first. One query per page, whatever the number
    of contracts."""
    day = _as_of(as_of)
    f = filters or {}
    rows = _grouped(
        viewer,
        day,
        (
            "contract_id",
            "contract__number",
            "contract__customer_id",
            "contract__customer__name",
            "contract__owner__person__name",
        ),
    )
    if f.get("customer_id"):
        rows = rows.filter(contract__customer_id=f["customer_id"])
    if f.get("q"):
        q = str(f["q"]).strip()[:60]
        rows = rows.filter(
            Q(contract__number__icontains=q) | Q(contract__customer__name__icontains=q)
        )
    if f.get("overdue_only"):
        rows = rows.filter(overdue__gt=0)
    return rows.order_by(F("oldest_due_on").asc(nulls_last=True), "contract_id")


def finish_receivables(rows, *, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """The rows read with their longest overdue days and default (BR-FIN-05; no query but
    the policy value)."""
    day = _as_of(as_of)
    default_days = int(policy.value("finance.default_overdue_days"))
    return [_finish(dict(r), day, default_days) for r in rows]


def contract_receivables(
    *, viewer, as_of: dt.date | None = None, filters: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Every contract's receivables row (see :func:`contract_receivables_rows`), finished."""
    return finish_receivables(
        contract_receivables_rows(viewer=viewer, as_of=as_of, filters=filters), as_of=as_of
    )


def customer_receivables(*, viewer, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Per customer: the same totals over all their contracts' milestones. One query."""
    day = _as_of(as_of)
    default_days = int(policy.value("finance.default_overdue_days"))
    rows = _grouped(viewer, day, ("contract__customer_id", "contract__customer__name")).order_by(
        F("oldest_due_on").asc(nulls_last=True), "contract__customer_id"
    )
    return [_finish(dict(r), day, default_days) for r in rows]


def contract_default(contract_id: int, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """BR-FIN-05 for one contract (unscoped: the services' check): the longest overdue
    days, the overdue amount and whether it is in default."""
    day = _as_of(as_of)
    default_days = int(policy.value("finance.default_overdue_days"))
    row = with_money(PaymentMilestone.objects.filter(contract_id=contract_id)).aggregate(
        **_totals(day)
    )
    return _finish(row, day, default_days)


def breach_list(*, viewer, contract_id: int | None = None) -> QuerySet[BreachCase]:
    qs = visible_to(viewer, BreachCase.objects.select_related("contract__customer"))
    if contract_id is not None:
        qs = qs.filter(contract_id=contract_id)
    return qs


def breach_get(*, viewer, case_id: Any) -> BreachCase:
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        pk = 0
    found = breach_list(viewer=viewer).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("BR-FIN-05", _("未找到该违约处理记录。"), field="case")
    return found


def contract_visible(*, viewer, contract_id: Any):
    """The contract as the viewer may see it (for the payment-plan page and API): finance
    sees every contract's money side, others the contracts of their scope."""
    from l2c.contracts.models import Contract
    from l2c.core.scope import viewer_of

    try:
        pk = int(contract_id)
    except (TypeError, ValueError):
        pk = 0
    qs = Contract.objects.select_related("customer", "owner__person")
    v = viewer_of(viewer)
    if not (v.has("finance") or v.is_superuser):
        qs = visible_to(v, qs)
    found = qs.filter(pk=pk).first()
    if found is None:
        raise NotFoundError("BR-FIN-03", _("未找到该合同。"), field="contract")
    return found


def payments_due(*, viewer, within_days: int = 7, as_of: dt.date | None = None) -> list:
    """A rep's payments due (BR-ACT-04, BR-RPT-05): outstanding milestones of the contracts
    they own, due within ``within_days`` or overdue. One query."""
    from l2c.core.scope import viewer_of

    day = _as_of(as_of)
    v = viewer_of(viewer)
    qs = (
        with_money(PaymentMilestone.objects.filter(owner_id=v.user_id))
        .filter(
            open_amount__gt=0,
            due_on__isnull=False,
            due_on__lte=day + dt.timedelta(days=within_days),
        )
        .select_related("contract__customer")
        .order_by("due_on", "id")
    )
    return [decorate(m, day) for m in qs[:50]]


def payments_due_todo_section(user):
    """A rep's home page (BR-ACT-04, BR-RPT-05): their contracts' milestones due within
    7 days or overdue, with what is still open. One query."""
    from django.urls import reverse

    from l2c.core.money import yuan
    from l2c.core.todo import TodoItem, TodoSection

    if not getattr(user, "is_authenticated", False):
        return None
    rows = payments_due(viewer=user)
    if not rows:
        return None
    items = [
        TodoItem(
            title=_("%(n)s %(c)s %(m)s 待收 ¥%(a)s")
            % {
                "n": m.contract.number,
                "c": m.contract.customer.name,
                "m": m.name,
                "a": yuan(m.outstanding),
            },
            url=reverse("finance:payment_plan", args=[m.contract_id]),
            due=m.due_on,
            overdue=m.overdue_days > 0,
            note=m.state_label,
        )
        for m in rows[:5]
    ]
    return TodoSection(
        key="finance.payments_due",
        label=_("待回款"),
        icon="calendar-check",
        order=62,
        items=items,
        total=len(rows),
        more_url=reverse("finance:receivables"),
    )
