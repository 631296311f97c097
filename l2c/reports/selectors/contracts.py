"""签约明细表 (BR-RPT-02): one row per signed contract, read live from the contracts and
finance's money records. Fixed queries: the totals (one), the page of rows (one), their
payments (one)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c.contracts.models import Contract, ContractClass, ContractStatus
from l2c.customers.display import Shown
from l2c.finance.models import PRICE_KINDS, Direction, MoneyRecord
from l2c.reports.selectors._ledger import (
    COUNTED,
    LedgerFilters,
    discount_percent,
    money_sum,
    owed,
    subtotal,
)
from l2c.reports.selectors.scope import person_label
from l2c.reports.tables import ZERO, Column, Report, Summary, Table


def contract_queryset(*, viewer, filters: LedgerFilters) -> QuerySet[Contract]:
    """The contracts signed in the period (a later cancellation stays listed, marked)."""
    qs = filters.signed_in(Contract.objects.all(), viewer=viewer)
    if filters.status in (ContractStatus.SIGNED, ContractStatus.CANCELLED):
        qs = qs.filter(status=filters.status)
    return qs.select_related(
        "customer", "unit__project", "owner__person", "team", "reservation"
    ).order_by("-signed_at", "-id")


@dataclass
class ContractRow:
    id: int
    date: dt.date
    number: str
    customer_id: int
    customer: str
    buyer: str
    mobile: str
    project: str
    unit: str
    area: Decimal | None
    list_price: Decimal
    price: Decimal
    discount: Decimal | None
    classification: str
    classification_label: str
    deposit_converted: Decimal
    received: Decimal = ZERO
    outstanding: Decimal = ZERO
    reservation: str = ""
    rep: str = ""
    team: str = ""
    status: str = ""
    status_label: str = ""


def _contract_money(contracts=None) -> QuerySet[MoneyRecord]:
    """Money received against contracts (the price — payments and payments against a
    milestone — not the deposits converted)."""
    qs = MoneyRecord.objects.filter(COUNTED, direction=Direction.IN, kind__in=PRICE_KINDS)
    return qs if contracts is None else qs.filter(contract__in=contracts)


def contract_rows(viewer, contracts: Iterable[Contract], *, shown: Shown | None = None):
    items = list(contracts)
    shown = shown or Shown.for_viewer(viewer)
    received: dict[int, Decimal] = defaultdict(lambda: ZERO)
    if items:
        for contract_id, amount in (
            _contract_money([c.pk for c in items])
            .values("contract_id")
            .annotate(total=Sum("amount"))
            .order_by()
            .values_list("contract_id", "total")
        ):
            received[contract_id] = amount or ZERO
    rows = []
    for c in items:
        unit = c.unit
        got = received[c.pk]
        rows.append(
            ContractRow(
                id=c.pk,
                date=timezone.localdate(c.signed_at),
                number=c.number,
                customer_id=c.customer_id,
                customer=c.customer.name,
                buyer=c.buyer_name,
                mobile=shown.mobile(c.customer),
                project=unit.project.name if unit else "",
                unit=unit.code if unit else "",
                area=unit.area if unit else None,
                list_price=c.list_price,
                price=c.price,
                discount=discount_percent(c.list_price, c.price),
                classification=c.classification,
                classification_label=str(ContractClass(c.classification).label),
                deposit_converted=c.deposit_converted,
                received=got,
                outstanding=max(c.price - c.deposit_converted - got, ZERO)
                if c.status == ContractStatus.SIGNED
                else ZERO,
                reservation=c.reservation.number if c.reservation is not None else "",
                rep=person_label(c.owner),
                team=c.team.name if c.team_id else "",
                status=c.status,
                status_label=str(c.get_status_display()),
            )
        )
    return rows


@dataclass
class ContractTotals:
    count: int = 0
    special: int = 0
    area: Decimal = ZERO
    list_price: Decimal = ZERO
    price: Decimal = ZERO
    deposit_converted: Decimal = ZERO
    received: Decimal = ZERO
    outstanding: Decimal = ZERO
    discount: Decimal | None = None
    label: str = ""
    level: str = "total"


def contract_totals(qs: QuerySet[Contract]) -> ContractTotals:
    """The totals of the whole filtered list, in one query."""
    received = subtotal(_contract_money(), "pk", "contract_id")
    rows = qs.order_by().annotate(
        row_received=received,
        row_outstanding=owed(
            F("price") - F("deposit_converted") - received, Q(status=ContractStatus.SIGNED)
        ),
    )
    agg = rows.aggregate(
        count=Count("id"),
        special=Count("id", filter=Q(classification=ContractClass.SPECIAL)),
        area=money_sum("unit__area"),
        list_price=money_sum("list_price"),
        price=money_sum("price"),
        deposit_converted=money_sum("deposit_converted"),
        received=money_sum("row_received"),
        outstanding=money_sum("row_outstanding"),
    )
    totals = ContractTotals(**agg)
    totals.discount = discount_percent(totals.list_price, totals.price)
    totals.label = _("合计 %(n)s 份") % {"n": totals.count}
    return totals


CONTRACT_COLUMNS = [
    Column("date", gettext_lazy("签约日期"), "date", 11),
    Column("number", gettext_lazy("合同编号"), "text", 20),
    Column("customer", gettext_lazy("客户"), "text", 10),
    Column("mobile", gettext_lazy("电话"), "mobile", 14),
    Column("project", gettext_lazy("项目"), "text", 12),
    Column("unit", gettext_lazy("房号/单位"), "text", 12),
    Column("area", gettext_lazy("面积（㎡）"), "area", 10, total=True),
    Column("list_price", gettext_lazy("标价"), "money", 14, total=True),
    Column("price", gettext_lazy("合同价"), "money", 14, total=True),
    Column(
        "discount",
        gettext_lazy("优惠%"),
        "percent",
        8,
        average=gettext_lazy("按标价加权的平均优惠"),
    ),
    Column("classification", gettext_lazy("类别"), "status", 10),
    Column("deposit_converted", gettext_lazy("定金转房款"), "money", 13, total=True),
    Column("received", gettext_lazy("已收房款"), "money", 14, total=True),
    Column("outstanding", gettext_lazy("未收"), "money", 14, total=True),
    Column("reservation", gettext_lazy("认购书"), "text", 16),
    Column("rep", gettext_lazy("经办人"), "text", 9),
    Column("team", gettext_lazy("小组"), "text", 8),
    Column("status", gettext_lazy("状态"), "status", 10),
]


def signing_register(*, viewer, filters: LedgerFilters) -> Report:
    """签约明细表 in the viewer's tab."""
    qs = contract_queryset(viewer=viewer, filters=filters)
    totals = contract_totals(qs)
    shown = Shown.for_viewer(viewer)
    table = Table(
        key="rows",
        title=_("签约明细表"),
        columns=CONTRACT_COLUMNS,
        totals=totals,
        paged_count=totals.count,
        empty=_("这段时间没有签约。"),
    )
    return Report(
        slug="signings",
        title=_("签约明细表"),
        rule="BR-RPT-02",
        tables=[table],
        summary=[
            Summary(_("签约份数"), totals.count),
            Summary(_("其中特殊合同"), totals.special),
            Summary(_("合同金额"), totals.price, "money"),
            Summary(_("平均优惠"), totals.discount, "percent"),
            Summary(_("已收房款"), totals.received, "money"),
        ],
        queryset=qs,
        make_rows=lambda objs: contract_rows(viewer, objs, shown=shown),
        filters=filters.as_dict(),
    )
