"""小定明细表 and 定金明细表 (the rulebook's 定明细表, BR-RPT-02): one row per reservation of
the kind, read live from the reservations and finance's money records — a reservation is in
its list the moment it is signed, its deposit the moment finance records it. Fixed queries:
the totals (one), the page of rows (one), their money (one)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.contracts.models import Reservation, ReservationKind, ReservationStatus
from l2c.customers.display import Shown
from l2c.finance.models import Direction, MoneyKind, MoneyRecord
from l2c.reports.selectors._ledger import (
    COUNTED,
    DEPOSIT_KINDS,
    LedgerFilters,
    discount_percent,
    money_sum,
    owed,
    subtotal,
)
from l2c.reports.selectors.scope import person_label
from l2c.reports.tables import ZERO, Column, Report, Summary, Table


@dataclass
class ReservationRow:
    id: int
    date: dt.date
    number: str
    version_no: int
    customer_id: int
    customer: str
    mobile: str
    project: str
    unit: str
    area: Decimal | None
    list_price: Decimal
    agreed_price: Decimal
    discount: Decimal | None
    deposit_due: Decimal
    paid: Decimal = ZERO
    unpaid: Decimal = ZERO
    refunded: Decimal = ZERO
    receipts: str = ""
    due_date: dt.date | None = None
    sign_by: dt.date | None = None
    rep: str = ""
    team: str = ""
    status: str = ""
    status_label: str = ""
    receipt_list: list[str] = field(default_factory=list)


def reservation_queryset(*, viewer, kind: str, filters: LedgerFilters) -> QuerySet[Reservation]:
    """The reservations of ``kind`` in the viewer's tab, filtered, newest first."""
    qs = filters.signed_in(Reservation.objects.filter(kind=kind), viewer=viewer)
    if filters.status in ReservationStatus.values:
        qs = qs.filter(status=filters.status)
    else:
        qs = qs.exclude(status=ReservationStatus.SUPERSEDED)
    return qs.select_related("customer", "unit__project", "owner__person", "team").order_by(
        "-signed_at", "-id"
    )


#: a reservation's deposits paid in, and the refunds paid out against it
PAID = Q(direction=Direction.IN, kind__in=DEPOSIT_KINDS)
REFUNDED = Q(direction=Direction.OUT, kind=MoneyKind.REFUND)


def _reservation_money(numbers: Iterable[str] | QuerySet) -> QuerySet[MoneyRecord]:
    """The deposit receipts and refunds of these reservation numbers (every version: money
    recorded against an earlier version still belongs to the deal)."""
    return MoneyRecord.objects.filter(COUNTED, reservation__number__in=numbers).filter(
        PAID | REFUNDED
    )


def reservation_rows(viewer, reservations: Iterable[Reservation], *, shown: Shown | None = None):
    """Rows for these reservations, with their money (one query) and the phone masked
    unless the viewer owns the customer (BR-CUS-10)."""
    items = list(reservations)
    shown = shown or Shown.for_viewer(viewer)
    paid: dict[str, Decimal] = defaultdict(lambda: ZERO)
    refunded: dict[str, Decimal] = defaultdict(lambda: ZERO)
    receipts: dict[str, list[str]] = defaultdict(list)
    if items:
        money = (
            _reservation_money(sorted({r.number for r in items}))
            .order_by("at", "id")
            .values_list("reservation__number", "direction", "number", "amount")
        )
        for number, direction, receipt, amount in money:
            if direction == Direction.IN:
                paid[number] += amount
                receipts[number].append(receipt)
            else:
                refunded[number] += amount
    rows = []
    for r in items:
        unit = r.unit
        rows.append(
            ReservationRow(
                id=r.pk,
                date=timezone.localdate(r.signed_at),
                number=r.number,
                version_no=r.version_no,
                customer_id=r.customer_id,
                customer=r.customer.name,
                mobile=shown.mobile(r.customer),
                project=unit.project.name,
                unit=unit.code,
                area=unit.area,
                list_price=r.list_price,
                agreed_price=r.agreed_price,
                discount=discount_percent(r.list_price, r.agreed_price),
                deposit_due=r.deposit_amount,
                paid=paid[r.number],
                unpaid=max(r.deposit_amount - paid[r.number], ZERO)
                if r.status not in (ReservationStatus.CANCELLED, ReservationStatus.SUPERSEDED)
                else ZERO,
                refunded=refunded[r.number],
                receipts="、".join(receipts[r.number]),
                receipt_list=receipts[r.number],
                due_date=r.deposit_due,
                sign_by=r.sign_by,
                rep=person_label(r.owner),
                team=r.team.name if r.team_id else "",
                status=r.status,
                status_label=str(r.get_status_display()),
            )
        )
    return rows


@dataclass
class ReservationTotals:
    count: int = 0
    area: Decimal = ZERO
    list_price: Decimal = ZERO
    agreed_price: Decimal = ZERO
    deposit_due: Decimal = ZERO
    paid: Decimal = ZERO
    unpaid: Decimal = ZERO
    refunded: Decimal = ZERO
    discount: Decimal | None = None
    label: str = ""
    level: str = "total"


def reservation_totals(qs: QuerySet[Reservation]) -> ReservationTotals:
    """The totals of the whole filtered list, in one query: each row's deposits paid and
    refunded come from correlated subqueries summed with the rows."""
    money = MoneyRecord.objects.filter(COUNTED)
    paid = subtotal(money.filter(PAID), "number", "reservation__number")
    refunded = subtotal(money.filter(REFUNDED), "number", "reservation__number")
    live = ~Q(status__in=[ReservationStatus.CANCELLED, ReservationStatus.SUPERSEDED])
    rows = qs.order_by().annotate(
        row_paid=paid,
        row_refunded=refunded,
        row_unpaid=owed(F("deposit_amount") - paid, live),
    )
    agg = rows.aggregate(
        count=Count("id"),
        area=money_sum("unit__area"),
        list_price=money_sum("list_price"),
        agreed_price=money_sum("agreed_price"),
        deposit_due=money_sum("deposit_amount"),
        paid=money_sum("row_paid"),
        refunded=money_sum("row_refunded"),
        unpaid=money_sum("row_unpaid"),
    )
    totals = ReservationTotals(**agg)
    totals.discount = discount_percent(totals.list_price, totals.agreed_price)
    totals.label = _("合计 %(n)s 笔") % {"n": totals.count}
    return totals


def reservation_columns(kind: str) -> list[Column]:
    due = _("应交小定") if kind == ReservationKind.SMALL_DEPOSIT else _("应交定金")
    paid = _("已交小定") if kind == ReservationKind.SMALL_DEPOSIT else _("已交定金")
    return [
        Column("date", _("日期"), "date", 11),
        Column("number", _("认购书编号"), "text", 18),
        Column("customer", _("客户"), "text", 10),
        Column("mobile", _("电话"), "mobile", 14),
        Column("project", _("项目"), "text", 12),
        Column("unit", _("房号/单位"), "text", 12),
        Column("area", _("面积（㎡）"), "area", 10, total=True),
        Column("list_price", _("标价"), "money", 14, total=True),
        Column("agreed_price", _("成交价"), "money", 14, total=True),
        Column("discount", _("优惠%"), "percent", 8, average=_("按标价加权的平均优惠")),
        Column("deposit_due", due, "money", 12, total=True),
        Column("paid", paid, "money", 12, total=True),
        Column("unpaid", _("未交"), "money", 12, total=True),
        Column("refunded", _("已退"), "money", 10, total=True),
        Column("receipts", _("收据号"), "text", 22),
        Column("due_date", _("交款期限"), "date", 11),
        Column("rep", _("经办人"), "text", 9),
        Column("team", _("小组"), "text", 8),
        Column("status", _("状态"), "status", 12),
    ]


def reservation_register(*, viewer, kind: str, filters: LedgerFilters) -> Report:
    """小定明细表 (``small_deposit``) or 定金明细表 (``deposit``) in the viewer's tab."""
    qs = reservation_queryset(viewer=viewer, kind=kind, filters=filters)
    totals = reservation_totals(qs)
    shown = Shown.for_viewer(viewer)
    small = kind == ReservationKind.SMALL_DEPOSIT
    title = _("小定明细表") if small else _("定金明细表")
    table = Table(
        key="rows",
        title=title,
        columns=reservation_columns(kind),
        totals=totals,
        paged_count=totals.count,
        empty=_("这段时间没有小定。") if small else _("这段时间没有定金认购。"),
    )
    return Report(
        slug="small-deposits" if small else "deposits",
        title=title,
        rule="BR-RPT-02",
        tables=[table],
        summary=[
            Summary(_("笔数"), totals.count),
            Summary(_("成交价合计"), totals.agreed_price, "money"),
            Summary(_("应交"), totals.deposit_due, "money"),
            Summary(_("已交"), totals.paid, "money"),
            Summary(_("未交"), totals.unpaid, "money"),
        ],
        queryset=qs,
        make_rows=lambda objs: reservation_rows(viewer, objs, shown=shown),
        filters=filters.as_dict(),
    )
