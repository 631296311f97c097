"""Reads of money (BR-FIN-01, BR-ORG-02): scoped through ``core.scope.visible_to`` — finance
sees every money record, a rep the receipts of their own reservations and contracts, a
supervisor their team's, a manager their department's, leaders everything.

Every list is a fixed number of queries (``select_related``), whatever its length.

The reservation and contract look-ups at the bottom are the only place finance reads the
contracts app's models: the contracts app offers no finance-facing selector for them, and a
receipt must lock the reservation it is paid against (see ``services.receipts``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import NotFoundError
from l2c.core.money import yuan
from l2c.core.scope import visible_to
from l2c.finance.models import Direction, MoneyKind, MoneyRecord, ReceiptStatus

RULE = "BR-FIN-01"
ZERO = Decimal("0.00")
#: the kinds of money a deposit receipt stands for (BR-CON-01: 小定 and 定)
DEPOSIT_KINDS = (MoneyKind.SMALL_DEPOSIT, MoneyKind.DEPOSIT)
#: receipts whose money still counts (void ones never count; BR-FIN-06)
COUNTING = (ReceiptStatus.VALID, ReceiptStatus.RETURNED, ReceiptStatus.REFUNDED)
FILTERS = (
    "kind",
    "direction",
    "status",
    "method",
    "date_from",
    "date_to",
    "q",
    "reservation_id",
    "contract_id",
    "customer_id",
)


def _base() -> QuerySet[MoneyRecord]:
    return MoneyRecord.objects.select_related(
        "recorded_by__person",
        "owner__person",
        "team",
        "department",
        "customer",
        "reservation__unit__project",
        "contract",
        "related",
    )


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day ``day`` as ``[start, end)`` in aware datetimes (index-friendly)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def _as_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _filtered(qs: QuerySet[MoneyRecord], filters: dict[str, Any] | None) -> QuerySet[MoneyRecord]:
    f = {k: v for k, v in (filters or {}).items() if k in FILTERS and v not in (None, "")}
    for key, values in (
        ("kind", MoneyKind.values),
        ("direction", Direction.values),
        ("status", ReceiptStatus.values),
    ):
        if f.get(key) in values:
            qs = qs.filter(**{key: f[key]})
    if f.get("method"):
        qs = qs.filter(method=f["method"])
    day_from, day_to = _as_date(f.get("date_from")), _as_date(f.get("date_to"))
    if day_from:
        qs = qs.filter(at__gte=_day_bounds(day_from)[0])
    if day_to:
        qs = qs.filter(at__lt=_day_bounds(day_to)[1])
    if f.get("q"):
        q = str(f["q"]).strip()[:60]
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(payer__icontains=q)
            | Q(bank_ref__icontains=q)
            | Q(reservation__number__icontains=q)
            | Q(contract__number__icontains=q)
        )
    for key in ("reservation_id", "contract_id", "customer_id"):
        if f.get(key):
            try:
                qs = qs.filter(**{key: int(f[key])})
            except (TypeError, ValueError):
                qs = qs.none()
    return qs


def money_list(*, viewer, filters: dict[str, Any] | None = None) -> QuerySet[MoneyRecord]:
    """The money records ``viewer`` may see, newest first, narrowed by ``filters``
    (kind, direction, status, method, date_from, date_to, q, reservation_id, contract_id,
    customer_id)."""
    return _filtered(visible_to(viewer, _base()), filters)


def money_get(*, viewer, record_id: int) -> MoneyRecord:
    try:
        return visible_to(viewer, _base()).get(pk=int(record_id))
    except (MoneyRecord.DoesNotExist, TypeError, ValueError) as exc:
        raise NotFoundError(RULE, _("未找到该收付款记录。")) from exc


def receipt_by_number(*, viewer, number: str) -> MoneyRecord:
    """The receipt ``number`` if ``viewer`` may see it; otherwise not found (nothing leaks)."""
    record = visible_to(viewer, _base()).filter(number=str(number).strip()).first()
    if record is None:
        raise NotFoundError(RULE, _("未找到收据 %(n)s。") % {"n": str(number)[:40]})
    return record


@dataclass(frozen=True)
class DailyTotal:
    day: dt.date
    received: Decimal
    paid_out: Decimal
    count: int

    @property
    def net(self) -> Decimal:
        return self.received - self.paid_out


def daily_totals(*, viewer, filters: dict[str, Any] | None = None) -> list[DailyTotal]:
    """Money in and out per local day (void records excluded), newest day first — one
    query. Same scope and filters as :func:`money_list`."""
    qs = _filtered(visible_to(viewer, MoneyRecord.objects.all()), filters)
    rows = (
        qs.filter(status__in=COUNTING)
        .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(
            received=Coalesce(Sum("amount", filter=Q(direction=Direction.IN)), ZERO),
            paid_out=Coalesce(Sum("amount", filter=Q(direction=Direction.OUT)), ZERO),
            count=Count("id"),
        )
        .order_by("-day")
    )
    return [
        DailyTotal(r["day"], Decimal(r["received"]), Decimal(r["paid_out"]), r["count"])
        for r in rows
    ]


def deposits_received(reservation_ids) -> dict[int, Decimal]:
    """Deposit money still held per reservation: valid deposit receipts (not void, not
    refunded). For the registers (deposit list) and the receipt form. One query."""
    rows = (
        MoneyRecord.objects.filter(
            reservation_id__in=list(reservation_ids),
            direction=Direction.IN,
            kind__in=DEPOSIT_KINDS,
            status__in=(ReceiptStatus.VALID, ReceiptStatus.RETURNED),
        )
        .values("reservation_id")
        .annotate(total=Sum("amount"))
    )
    return {r["reservation_id"]: Decimal(r["total"]) for r in rows}


def refunded_amount(record_id: int) -> Decimal:
    total = MoneyRecord.objects.filter(
        related_id=record_id, kind=MoneyKind.REFUND, status__in=COUNTING
    ).aggregate(t=Sum("amount"))["t"]
    return Decimal(total or ZERO)


# --- the contracts app's documents, as finance needs them ---------------------------------


def reservation_for_finance(*, reservation_id: int, lock: bool = False):
    """The reservation a receipt is paid against (locked when ``lock``), or not found."""
    from l2c.contracts.models import Reservation

    qs = Reservation.objects.select_related("customer", "unit__project")
    if lock:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=int(reservation_id))
    except (Reservation.DoesNotExist, TypeError, ValueError) as exc:
        raise NotFoundError("BR-CON-01", _("未找到该认购书。"), field="reservation") from exc


def contract_for_finance(*, contract_id: int, lock: bool = False):
    from l2c.contracts.models import Contract

    qs = Contract.objects.select_related("customer", "reservation", "unit__project")
    if lock:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=int(contract_id))
    except (Contract.DoesNotExist, TypeError, ValueError) as exc:
        raise NotFoundError("BR-CON-03", _("未找到该合同。"), field="contract") from exc


def customer_for_finance(*, customer_id: int):
    from l2c.customers.models import Customer

    try:
        return Customer.objects.get(pk=int(customer_id))
    except (Customer.DoesNotExist, TypeError, ValueError) as exc:
        raise NotFoundError("BR-FIN-01", _("未找到该客户。"), field="customer") from exc


def reservation_by_number(number: str):
    """The current (latest) version of reservation ``number``, or ``None``."""
    from l2c.contracts.models import Reservation

    return (
        Reservation.objects.select_related("customer", "unit__project", "owner__person")
        .filter(number=str(number).strip())
        .order_by("-version_no")
        .first()
    )


def contract_by_number(number: str):
    from l2c.contracts.models import Contract

    number = str(number).strip()
    if not number:
        return None
    return Contract.objects.select_related("customer", "reservation").filter(number=number).first()


def conversion_prefill(*, viewer, receipt_number: str) -> dict[str, str]:
    """For the 定金转房款 form opened from a receipt: the signed contract of its reservation
    and every deposit receipt of that reservation still valid (handed back together)."""
    from l2c.contracts.models import Contract, ContractStatus

    record = visible_to(viewer, MoneyRecord.objects.all()).filter(number=receipt_number).first()
    if record is None or record.reservation_id is None:
        return {"receipt_number": receipt_number}
    contract = (
        Contract.objects.filter(reservation_id=record.reservation_id, status=ContractStatus.SIGNED)
        .order_by("-signed_at")
        .first()
    )
    numbers = list(
        MoneyRecord.objects.filter(
            reservation_id=record.reservation_id,
            direction=Direction.IN,
            kind__in=DEPOSIT_KINDS,
            status=ReceiptStatus.VALID,
        )
        .order_by("id")
        .values_list("number", flat=True)
    )
    return {
        "contract_number": contract.number if contract else "",
        "receipt_number": ", ".join(numbers) or receipt_number,
    }


def reservations_awaiting_money(*, viewer, q: str = "", limit: int = 50) -> list:
    """Signed reservations whose deposit is not fully received (the 收款登记 picker), by
    number or customer name; each with ``received`` and ``outstanding``. Two queries."""
    from l2c.contracts.models import Reservation, ReservationStatus

    qs = visible_to(
        viewer,
        Reservation.objects.filter(status=ReservationStatus.SIGNED).select_related(
            "customer", "unit__project", "owner__person"
        ),
    )
    q = (q or "").strip()[:60]
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(customer__name__icontains=q))
    rows = list(qs.order_by("-signed_at", "-id")[:limit])
    received = deposits_received(r.pk for r in rows)
    for r in rows:
        r.received = received.get(r.pk, ZERO)
        r.outstanding = max(r.deposit_amount - r.received, ZERO)
    return rows


def todo_section(user):
    """Finance's home page: signed reservations whose deposit is still to be received
    (the rep brings the customer to the cashier, BR-CON-01). Three queries."""
    from django.urls import reverse

    from l2c.core.scope import viewer_of
    from l2c.core.todo import TodoItem, TodoSection

    if not getattr(user, "is_authenticated", False):
        return None
    if not viewer_of(user).has("finance"):
        return None
    rows = [r for r in reservations_awaiting_money(viewer=user, limit=20) if r.outstanding > 0]
    if not rows:
        return None
    today = timezone.localdate()
    items = [
        TodoItem(
            title=_("%(n)s %(c)s 待收%(k)s ¥%(a)s")
            % {
                "n": r.number,
                "c": r.customer.name,
                "k": r.get_kind_display(),
                "a": yuan(r.outstanding),
            },
            url=f"{reverse('finance:receive')}?reservation={r.number}",
            due=r.deposit_due,
            overdue=bool(r.deposit_due and r.deposit_due < today),
            note=r.owner.person.name if hasattr(r.owner, "person") else "",
        )
        for r in rows[:5]
    ]
    return TodoSection(
        key="finance.deposits",
        label=_("待收定金"),
        icon="cash-coin",
        order=60,
        items=items,
        total=len(rows),
        more_url=reverse("finance:receive"),
    )


def fee_todo_section(user):
    """Finance's home page: transfer fees of approved name changes still to be received
    (BR-CON-07). Two queries."""
    from django.urls import reverse

    from l2c.contracts import selectors as contracts
    from l2c.core.scope import viewer_of
    from l2c.core.todo import TodoItem, TodoSection

    if not getattr(user, "is_authenticated", False) or not viewer_of(user).has("finance"):
        return None
    changes = contracts.name_change_fees_due(limit=20)
    if not changes:
        return None
    items = [
        TodoItem(
            title=_("%(n)s %(b)s 待收过户费 ¥%(a)s")
            % {
                "n": c.contract.number,
                "b": c.new_buyer_name,
                "a": yuan(c.fee),
            },
            url=f"{reverse('finance:receive')}?contract={c.contract.number}",
            note=_("%(who)s · %(when)s 批准换名")
            % {
                "who": c.owner.person.name if hasattr(c.owner, "person") else "",
                "when": timezone.localtime(c.applied_at).strftime("%m-%d"),
            },
        )
        for c in changes[:5]
    ]
    return TodoSection(
        key="finance.fees",
        label=_("待收过户费"),
        icon="person-vcard",
        order=61,
        items=items,
        total=len(changes),
        more_url=reverse("finance:receive"),
    )


# --- receivables (BR-FIN-03, 04, 05) --------------------------------------------------------
from l2c.finance.selectors.receivables import (  # noqa: E402, F401 (re-exported)
    ageing,
    breach_get,
    breach_list,
    contract_default,
    contract_receivables,
    contract_receivables_rows,
    contract_visible,
    customer_receivables,
    finish_receivables,
    milestone_get,
    milestone_list,
    milestone_paid,
    payments_due,
    settlement_of,
)
