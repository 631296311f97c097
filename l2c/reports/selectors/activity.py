"""销售日报表 (BR-RPT-03) and 销售统计表 (BR-RPT-02): what the sales office did in a day, or
in each month of a year — visitors and calls received, new customer files, units held,
small deposits and deposits signed, contracts signed, money received by kind — per rep
with team subtotals and a grand total.

Everything is counted live from the records of each event (the visitor register, the
ownership record of a registration, the unit's hold event, the reservation, the contract,
finance's money record), each in the viewer's scope of that record, in one grouped query
per source: seven queries whatever the size of the office or the period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c.catalog.models import UnitEvent, UnitState
from l2c.contracts.models import Contract, Reservation, ReservationKind
from l2c.core.money import yuan
from l2c.customers.models import OwnershipKind, OwnershipRecord
from l2c.finance.models import PRICE_KINDS, Direction, MoneyKind, MoneyRecord, ReceiptStatus
from l2c.org.models import Person
from l2c.reception.models import Reception, ReceptionKind
from l2c.reports.selectors.scope import (
    ACTOR_SCOPE,
    REGISTRANT_SCOPE,
    day_start,
    require_report_reader,
    scoped,
)
from l2c.reports.tables import ZERO, Column, Report, Summary, Table

MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)
COUNTS = ("visitors", "calls", "new_customers", "holds", "small_deposits", "deposits", "contracts")
AMOUNTS = (
    "small_deposit_amount",
    "deposit_amount",
    "contract_amount",
    "received_small_deposit",
    "received_deposit",
    "received_payment",
    "received_other",
    "refunded",
    "received_total",
)


@dataclass
class Line:
    """One line of the daily report or the statistics: a rep, a team subtotal, a month or
    the grand total, with every figure."""

    label: str = ""
    team: str = ""
    rep: str = ""
    month: str = ""
    user_id: int | None = None
    level: str = ""  # "", "subtotal", "total"
    visitors: int = 0
    calls: int = 0
    new_customers: int = 0
    holds: int = 0
    small_deposits: int = 0
    small_deposit_amount: Decimal = ZERO
    deposits: int = 0
    deposit_amount: Decimal = ZERO
    contracts: int = 0
    contract_amount: Decimal = ZERO
    received_small_deposit: Decimal = ZERO
    received_deposit: Decimal = ZERO
    received_payment: Decimal = ZERO
    received_other: Decimal = ZERO
    refunded: Decimal = ZERO
    received_total: Decimal = ZERO

    def add(self, other: Line) -> None:
        for name in (*COUNTS, *AMOUNTS):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in FIGURES}

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in (*COUNTS, *AMOUNTS))


FIGURES = frozenset((*COUNTS, *AMOUNTS))

FIGURE_COLUMNS = [
    Column("visitors", gettext_lazy("来访"), "int", 6, total=True),
    Column("calls", gettext_lazy("来电"), "int", 6, total=True),
    Column("new_customers", gettext_lazy("新建档"), "int", 7, total=True),
    Column("holds", gettext_lazy("销控保留"), "int", 8, total=True),
    Column("small_deposits", gettext_lazy("小定(笔)"), "int", 8, total=True),
    Column("small_deposit_amount", gettext_lazy("小定金额"), "money", 12, total=True),
    Column("deposits", gettext_lazy("定金(笔)"), "int", 8, total=True),
    Column("deposit_amount", gettext_lazy("定金金额"), "money", 12, total=True),
    Column("contracts", gettext_lazy("签约(份)"), "int", 8, total=True),
    Column("contract_amount", gettext_lazy("签约金额"), "money", 15, total=True),
    Column("received_small_deposit", gettext_lazy("收小定"), "money", 12, total=True),
    Column("received_deposit", gettext_lazy("收定金"), "money", 12, total=True),
    Column("received_payment", gettext_lazy("收房款/货款"), "money", 14, total=True),
    Column("received_other", gettext_lazy("其他收款"), "money", 12, total=True),
    Column("refunded", gettext_lazy("退款"), "money", 12, total=True),
    Column("received_total", gettext_lazy("收款合计"), "money", 15, total=True),
]
REP_COLUMNS = [
    Column("team", gettext_lazy("小组"), "text", 10),
    Column("rep", gettext_lazy("经办人"), "text", 10),
    *FIGURE_COLUMNS,
]
MONTH_COLUMNS = [Column("month", gettext_lazy("月份"), "text", 9), *FIGURE_COLUMNS]


@dataclass
class ActivityFilters:
    scope: str
    team_id: int | None = None
    rep_id: int | None = None  # the rep's user id

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


def _money(expr="amount", **kw):
    return Coalesce(Sum(expr, **kw), Value(ZERO), output_field=MONEY_FIELD)


Key = tuple[int | None, tuple[int, int] | None]


class _Collector:
    """Adds grouped query rows into lines keyed by (user id, month or None)."""

    def __init__(self, by_month: bool) -> None:
        self.by_month = by_month
        self.lines: dict[Key, Line] = {}

    def group(self, qs, time_field: str, user_field: str):
        if self.by_month:
            qs = qs.annotate(bucket=TruncMonth(time_field, tzinfo=timezone.get_current_timezone()))
            return qs.values(user_field, "bucket")
        return qs.values(user_field)

    def add(self, rows, user_field: str, mapping: dict[str, str]) -> None:
        for row in rows:
            month = None
            if self.by_month:
                moment = row["bucket"]
                if isinstance(moment, dt.datetime) and timezone.is_aware(moment):
                    moment = timezone.localtime(moment)
                month = (moment.year, moment.month)
            key = (row[user_field], month)
            line = self.lines.setdefault(key, Line(user_id=row[user_field]))
            for source, target in mapping.items():
                setattr(line, target, getattr(line, target) + (row[source] or 0))


def _collect(
    *, viewer, filters: ActivityFilters, start: dt.datetime, end: dt.datetime, by_month: bool
) -> dict[Key, Line]:
    c = _Collector(by_month)
    scope, team, rep = filters.scope, filters.team_id, filters.rep_id

    def narrow(qs, *, owner: str, team_path: str):
        if team:
            qs = qs.filter(**{team_path: team})
        if rep:
            qs = qs.filter(**{owner: rep})
        return qs.order_by()

    # 来访 / 来电 (the visitor and call registers, BR-REC-01)
    qs = scoped(
        Reception.objects.filter(received_at__gte=start, received_at__lt=end), viewer, scope
    )
    qs = narrow(qs, owner="rep_id", team_path="team_id")
    c.add(
        c.group(qs, "received_at", "rep_id").annotate(
            v=Count("id", filter=Q(kind=ReceptionKind.WALK_IN)),
            k=Count("id", filter=Q(kind=ReceptionKind.CALL)),
        ),
        "rep_id",
        {"v": "visitors", "k": "calls"},
    )
    # 新建档 (each registration's ownership record: who got the card, when)
    qs = scoped(
        OwnershipRecord.objects.filter(
            kind=OwnershipKind.REGISTER, at__gte=start, at__lt=end, to_owner__isnull=False
        ),
        viewer,
        scope,
        spec=REGISTRANT_SCOPE,
    )
    qs = narrow(qs, owner="to_owner_id", team_path="to_owner__person__team_id")
    c.add(
        c.group(qs, "at", "to_owner_id").annotate(n=Count("id")),
        "to_owner_id",
        {"n": "new_customers"},
    )
    # 销控保留 (the unit's hold event, BR-CAT-03; an extension is not a new hold)
    qs = scoped(
        UnitEvent.objects.filter(
            to_state=UnitState.HELD, at__gte=start, at__lt=end, actor__isnull=False
        ).exclude(from_state=UnitState.HELD),
        viewer,
        scope,
        spec=ACTOR_SCOPE,
    )
    qs = narrow(qs, owner="actor_id", team_path="actor__person__team_id")
    c.add(c.group(qs, "at", "actor_id").annotate(n=Count("id")), "actor_id", {"n": "holds"})
    # 小定 / 定金 (new reservations, not the new versions of a change)
    qs = scoped(
        Reservation.objects.filter(signed_at__gte=start, signed_at__lt=end, version_no=1),
        viewer,
        scope,
    )
    qs = narrow(qs, owner="owner_id", team_path="team_id")
    small, deposit = Q(kind=ReservationKind.SMALL_DEPOSIT), Q(kind=ReservationKind.DEPOSIT)
    c.add(
        c.group(qs, "signed_at", "owner_id").annotate(
            sn=Count("id", filter=small),
            sa=_money("deposit_amount", filter=small),
            dn=Count("id", filter=deposit),
            da=_money("deposit_amount", filter=deposit),
        ),
        "owner_id",
        {
            "sn": "small_deposits",
            "sa": "small_deposit_amount",
            "dn": "deposits",
            "da": "deposit_amount",
        },
    )
    # 签约 (contracts signed, at their contract price)
    qs = scoped(Contract.objects.filter(signed_at__gte=start, signed_at__lt=end), viewer, scope)
    qs = narrow(qs, owner="owner_id", team_path="team_id")
    c.add(
        c.group(qs, "signed_at", "owner_id").annotate(n=Count("id"), a=_money("price")),
        "owner_id",
        {"n": "contracts", "a": "contract_amount"},
    )
    # 收款 (finance's money records, not voided, BR-FIN-01)
    qs = scoped(
        MoneyRecord.objects.filter(at__gte=start, at__lt=end).exclude(status=ReceiptStatus.VOID),
        viewer,
        scope,
    )
    qs = narrow(qs, owner="owner_id", team_path="team_id")
    incoming = Q(direction=Direction.IN)
    c.add(
        c.group(qs, "at", "owner_id").annotate(
            rs=_money(filter=incoming & Q(kind=MoneyKind.SMALL_DEPOSIT)),
            rd=_money(filter=incoming & Q(kind=MoneyKind.DEPOSIT)),
            rp=_money(filter=incoming & Q(kind__in=PRICE_KINDS)),
            ro=_money(
                filter=incoming
                & ~Q(kind__in=[MoneyKind.SMALL_DEPOSIT, MoneyKind.DEPOSIT, *PRICE_KINDS])
            ),
            rf=_money(filter=Q(direction=Direction.OUT, kind=MoneyKind.REFUND)),
            rt=_money(filter=incoming),
        ),
        "owner_id",
        {
            "rs": "received_small_deposit",
            "rd": "received_deposit",
            "rp": "received_payment",
            "ro": "received_other",
            "rf": "refunded",
            "rt": "received_total",
        },
    )
    return c.lines


def _people(user_ids) -> dict[int, Person]:
    ids = sorted({uid for uid in user_ids if uid is not None})
    if not ids:
        return {}
    return {
        p.user_id: p
        for p in Person.objects.filter(user_id__in=ids).select_related("team", "department")
    }


def _rep_table(lines: list[Line], title, empty) -> Table:
    """Per rep, grouped by team with a subtotal after each team, and the grand total."""
    people = _people(line.user_id for line in lines)
    unknown = _("（未指定经办人）")

    def sort_key(line: Line):
        p = people.get(line.user_id) if line.user_id else None
        if p is None:
            return (1, 10**6, 10**9, "", line.user_id or 0)
        return (0, p.department.sort_order, p.team_id or 10**9, p.employee_no, 0)

    rows: list[Line] = []
    total = Line(level="total")
    team_of: dict[Any, list[Line]] = {}
    order: list[Any] = []
    for line in sorted(lines, key=sort_key):
        p = people.get(line.user_id) if line.user_id else None
        line.rep = p.name if p else unknown
        line.team = p.team.name if p is not None and p.team is not None else ""
        key = (p.department_id, p.team_id) if p else None
        if key not in team_of:
            team_of[key] = []
            order.append(key)
        team_of[key].append(line)
        total.add(line)
    for key in order:
        members = team_of[key]
        rows.extend(members)
        if key is not None and len(members) > 1:
            subtotal = Line(level="subtotal", team=members[0].team)
            for m in members:
                subtotal.add(m)
            subtotal.label = _("%(team)s 小计") % {"team": members[0].team or _("未分组")}
            rows.append(subtotal)
    total.label = _("合计")
    return Table("reps", title, REP_COLUMNS, rows, total, empty=empty)


def _rep_totals(table: Table) -> Line:
    assert isinstance(table.totals, Line)
    return table.totals


def _summary(total: Line) -> list[Summary]:
    return [
        Summary(_("来访 / 来电"), f"{total.visitors} / {total.calls}", "text"),
        Summary(_("新建档"), total.new_customers),
        Summary(
            _("小定 / 定金"),
            f"{total.small_deposits} / {total.deposits}",
            "text",
        ),
        Summary(
            _("签约"),
            total.contracts,
            "int",
            _("签约金额 ¥%(a)s") % {"a": yuan(total.contract_amount)},
        ),
        Summary(_("收款合计"), total.received_total, "money"),
    ]


def daily_report(*, viewer, day: dt.date | None = None, filters: ActivityFilters) -> Report:
    """销售日报表 of ``day`` (default today) in the viewer's tab."""
    require_report_reader(viewer)
    day = day or timezone.localdate()
    start, end = day_start(day), day_start(day + dt.timedelta(days=1))
    lines = _collect(viewer=viewer, filters=filters, start=start, end=end, by_month=False)
    table = _rep_table(list(lines.values()), _("销售日报表"), _("这一天没有业务发生。"))
    return Report(
        slug="daily",
        title=_("销售日报表"),
        rule="BR-RPT-03",
        tables=[table],
        summary=_summary(_rep_totals(table)),
        subtitle=f"{day:%Y-%m-%d}",
        filters={"day": day, **filters.as_dict()},
    )


def sales_statistics(
    *, viewer, year: int | None = None, month: int | None = None, filters: ActivityFilters
) -> Report:
    """销售统计表: every month of ``year`` (default this year), and per rep for the year —
    or for ``month`` when given."""
    require_report_reader(viewer)
    today = timezone.localdate()
    year = year or today.year
    start = day_start(dt.date(year, 1, 1))
    end = day_start(dt.date(year + 1, 1, 1))
    lines = _collect(viewer=viewer, filters=filters, start=start, end=end, by_month=True)
    months: list[Line] = []
    for m in range(1, 13):
        line = Line(month=f"{year}-{m:02d}", label=f"{year}-{m:02d}")
        for (_uid, bucket), value in lines.items():
            if bucket == (year, m):
                line.add(value)
        months.append(line)
    total = Line(level="total", label=_("全年合计"))
    for line in months:
        total.add(line)
    per_rep: dict[int | None, Line] = {}
    for (uid, bucket), value in lines.items():
        if month and bucket != (year, month):
            continue
        per_rep.setdefault(uid, Line(user_id=uid)).add(value)
    period = f"{year}-{month:02d}" if month else str(year)
    rep_table = _rep_table(
        list(per_rep.values()),
        _("%(period)s 按经办人") % {"period": period},
        _("这段时间没有业务发生。"),
    )
    month_table = Table(
        "months", _("%(year)s 年按月") % {"year": year}, MONTH_COLUMNS, months, total
    )
    return Report(
        slug="statistics",
        title=_("销售统计表"),
        rule="BR-RPT-02",
        tables=[month_table, rep_table],
        summary=_summary(_rep_totals(rep_table) if month else total),
        subtitle=period,
        filters={"year": year, "month": month, **filters.as_dict()},
    )
