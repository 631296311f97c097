"""销售状况一览表 (BR-RPT-03): every unit of a project (or one building) in its effective
state — a hold past its expiry is available, derived from the clock, no job needed
(BR-CAT-03) — with the customer, the rep and the deal price of reserved and contracted
units, the counts and amounts per state, and the stock of quantity products.

Who sees what (BR-RPT-04): the board itself (which unit is in which state, list prices)
is the whole sales office's, as on the wall; a deal's customer name and price are shown
only when the deal is inside the viewer's data scope — otherwise the name is masked
(赵**) and the price left out. Seven queries whatever the project's size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c.catalog.models import Project, StockItem, Unit, UnitState
from l2c.catalog.policies import STATE_ORDER, mask_name
from l2c.catalog.selectors import unit_effective_state
from l2c.contracts.models import Contract, ContractStatus, Reservation, ReservationStatus
from l2c.core.errors import NotFoundError
from l2c.core.scope import scope_q, viewer_of
from l2c.reports.selectors.scope import person_label, require_report_reader
from l2c.reports.tables import ZERO, Column, Report, Summary, Table

LIVE_RESERVATIONS = (ReservationStatus.SIGNED, ReservationStatus.PAID)


@dataclass
class UnitRow:
    id: int
    building: str
    floor: int | None
    room: str
    unit: str
    product: str
    area: Decimal | None
    list_price: Decimal
    status: str
    status_label: str
    held_until: dt.datetime | None = None
    customer: str = ""
    rep: str = ""
    document: str = ""
    deal_price: Decimal | None = None
    deal_date: dt.date | None = None
    label: str = ""
    level: str = ""


@dataclass
class StateLine:
    """One line of the summary: a state with its unit count, area and amounts."""

    status: str
    status_label: str
    count: int = 0
    area: Decimal = ZERO
    list_price: Decimal = ZERO
    deal_price: Decimal = ZERO
    share: Decimal | None = None  # % of the units
    label: str = ""
    level: str = ""


@dataclass
class StockRow:
    product: str
    warehouse: str
    unit_name: str
    quantity: int
    reserved: int
    available: int
    market_price: Decimal
    available_value: Decimal
    label: str = ""
    level: str = ""


UNIT_COLUMNS = [
    Column("building", gettext_lazy("楼栋"), "text", 7),
    Column("floor", gettext_lazy("楼层"), "int", 6),
    Column("unit", gettext_lazy("房号/单位"), "text", 12),
    Column("product", gettext_lazy("户型/产品"), "text", 14),
    Column("area", gettext_lazy("面积（㎡）"), "area", 10, total=True),
    Column("list_price", gettext_lazy("标价"), "money", 14, total=True),
    Column("status", gettext_lazy("销售状态"), "status", 10),
    Column("held_until", gettext_lazy("保留至"), "datetime", 16),
    Column("customer", gettext_lazy("客户"), "text", 10),
    Column("rep", gettext_lazy("经办人"), "text", 9),
    Column("document", gettext_lazy("认购书/合同"), "text", 20),
    Column("deal_price", gettext_lazy("成交价"), "money", 14, total=True),
    Column("deal_date", gettext_lazy("认购/签约日期"), "date", 12),
]
STATE_COLUMNS = [
    Column("status", gettext_lazy("销售状态"), "status", 12),
    Column("count", gettext_lazy("套数"), "int", 8, total=True),
    Column("share", gettext_lazy("占比%"), "percent", 8),
    Column("area", gettext_lazy("面积（㎡）"), "area", 12, total=True),
    Column("list_price", gettext_lazy("标价合计"), "money", 16, total=True),
    Column("deal_price", gettext_lazy("成交金额"), "money", 16, total=True),
]
STOCK_COLUMNS = [
    Column("product", gettext_lazy("产品"), "text", 18),
    Column("warehouse", gettext_lazy("仓库"), "text", 10),
    Column("unit_name", gettext_lazy("计量单位"), "text", 8),
    Column("quantity", gettext_lazy("库存"), "int", 8, total=True),
    Column("reserved", gettext_lazy("已预留"), "int", 8, total=True),
    Column("available", gettext_lazy("可售"), "int", 8, total=True),
    Column("market_price", gettext_lazy("市场价"), "money", 12),
    Column("available_value", gettext_lazy("可售货值"), "money", 16, total=True),
]


def status_project(*, viewer, project_id: int | None) -> Project | None:
    """The project asked for, or the first one on sale."""
    if project_id:
        try:
            return Project.objects.get(pk=int(project_id))
        except (Project.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
            raise NotFoundError("BR-RPT-03", _("未找到该项目。")) from exc
    return Project.objects.filter(active=True).order_by("code").first()


def _visible(qs, viewer):
    """Annotate each document with whether it is inside the viewer's scope (no extra
    query: the scope's ``WHERE`` becomes a ``CASE``)."""
    q = scope_q(viewer_of(viewer), qs.model.scope)
    if q is None:
        return qs.annotate(in_scope=Value(True, output_field=BooleanField()))
    return qs.annotate(
        in_scope=Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def sales_status(
    *,
    viewer,
    project_id: int | None = None,
    building: str | None = None,
    now: dt.datetime | None = None,
) -> Report:
    require_report_reader(viewer)
    now = now or timezone.now()
    project = status_project(viewer=viewer, project_id=project_id)
    units_qs = Unit.objects.none() if project is None else Unit.objects.filter(project=project)
    if building:
        units_qs = units_qs.filter(building=building)
    units = list(
        units_qs.select_related("product", "holder__person", "customer").order_by(
            "building", "-floor", "room", "code"
        )
    )
    reservations: dict[int, Reservation] = {}
    for r in (
        _visible(Reservation.objects.filter(unit__in=units_qs), viewer)
        .filter(status__in=LIVE_RESERVATIONS)
        .select_related("customer", "owner__person")
        .order_by("signed_at", "id")
    ):
        reservations[r.unit_id] = r  # the latest live reservation of the unit
    contracts: dict[int, Contract] = {}
    for c in (
        _visible(Contract.objects.filter(unit__in=units_qs), viewer)
        .filter(status=ContractStatus.SIGNED)
        .select_related("customer", "owner__person")
        .order_by("signed_at", "id")
    ):
        contracts[c.unit_id] = c
    v = viewer_of(viewer)
    rows: list[UnitRow] = []
    for u in units:
        state = unit_effective_state(u, now)
        row = UnitRow(
            id=u.pk,
            building=u.building,
            floor=u.floor,
            room=u.room,
            unit=u.code,
            product=u.product.name,
            area=u.area,
            list_price=u.market_price,
            status=state,
            status_label=str(UnitState(state).label),
        )
        doc: Contract | Reservation | None = None
        if state in (UnitState.CONTRACTED, UnitState.DELIVERED):
            doc = contracts.get(u.pk)
        elif state == UnitState.RESERVED:
            doc = reservations.get(u.pk)
        if state == UnitState.HELD:
            row.held_until = u.held_until
            row.rep = person_label(u.holder)
            if u.customer is not None:
                own = u.holder_id == v.user_id or u.customer.owner_id == v.user_id
                row.customer = u.customer.name if own else mask_name(u.customer.name)
        elif doc is not None:
            row.rep = person_label(doc.owner)
            row.document = doc.number
            if getattr(doc, "in_scope", False):
                row.customer = doc.customer.name
                row.deal_price = doc.price if isinstance(doc, Contract) else doc.agreed_price
            else:
                row.customer = mask_name(doc.customer.name)
            row.deal_date = timezone.localdate(doc.signed_at)
        elif state != UnitState.AVAILABLE:
            row.rep = person_label(u.holder)
            if u.customer is not None:
                row.customer = mask_name(u.customer.name)
        rows.append(row)

    lines = {s.value: StateLine(s.value, str(s.label)) for s in STATE_ORDER}
    for row in rows:
        line = lines[row.status]
        line.count += 1
        line.area += row.area or ZERO
        line.list_price += row.list_price
        line.deal_price += row.deal_price or ZERO
    total = StateLine("", "", level="total", label=_("合计 %(n)s 套") % {"n": len(rows)})
    for line in lines.values():
        if rows:
            line.share = (Decimal(line.count) * 100 / len(rows)).quantize(Decimal("0.1"))
        total.count += line.count
        total.area += line.area
        total.list_price += line.list_price
        total.deal_price += line.deal_price
    total.share = Decimal("100.0") if rows else None

    stock_rows = []
    if project is not None:
        for s in (
            StockItem.objects.filter(product__project=project)
            .select_related("product")
            .order_by("product__code", "warehouse")
        ):
            available = s.quantity - s.reserved
            stock_rows.append(
                StockRow(
                    product=s.product.name,
                    warehouse=s.warehouse,
                    unit_name=s.product.unit_name,
                    quantity=s.quantity,
                    reserved=s.reserved,
                    available=available,
                    market_price=s.product.market_price,
                    available_value=s.product.market_price * available,
                )
            )
    stock_total = None
    if stock_rows:
        stock_total = StockRow(
            product=_("合计"),
            warehouse="",
            unit_name="",
            quantity=sum(r.quantity for r in stock_rows),
            reserved=sum(r.reserved for r in stock_rows),
            available=sum(r.available for r in stock_rows),
            market_price=ZERO,
            available_value=sum((r.available_value for r in stock_rows), ZERO),
            label=_("合计"),
            level="total",
        )

    unit_total = UnitRow(
        id=0,
        building="",
        floor=None,
        room="",
        unit="",
        product="",
        area=total.area,
        list_price=total.list_price,
        status="",
        status_label="",
        deal_price=total.deal_price,
        label=total.label,
        level="total",
    )
    sold = lines[UnitState.CONTRACTED].count + lines[UnitState.DELIVERED].count
    title = _("销售状况一览表")
    subtitle = ""
    if project is not None:
        subtitle = project.name + (f" · {building} 栋" if building else "")
    tables = [
        Table("states", _("按状态汇总"), STATE_COLUMNS, list(lines.values()), total),
        Table(
            "units",
            _("单位明细"),
            UNIT_COLUMNS,
            rows,
            unit_total,
            empty=_("该项目没有销售单位。"),
        ),
    ]
    if stock_rows:
        tables.append(Table("stock", _("库存商品"), STOCK_COLUMNS, stock_rows, stock_total))
    return Report(
        slug="sales-status",
        title=title,
        rule="BR-RPT-03",
        tables=tables,
        summary=[
            Summary(_("单位总数"), len(rows)),
            Summary(_("可售"), lines[UnitState.AVAILABLE].count),
            Summary(_("保留中"), lines[UnitState.HELD].count),
            Summary(_("已认购"), lines[UnitState.RESERVED].count),
            Summary(_("已签约/交付"), sold),
            Summary(
                _("去化率"),
                (Decimal(sold + lines[UnitState.RESERVED].count) * 100 / len(rows)).quantize(
                    Decimal("0.1")
                )
                if rows
                else None,
                "percent",
                _("已认购 + 已签约 + 已交付"),
            ),
        ],
        subtitle=subtitle,
        filters={
            "project_id": project.pk if project else None,
            "building": building or "",
        },
    )


def buildings_of(project: Project | None) -> list[str]:
    if project is None:
        return []
    names = (
        Unit.objects.filter(project=project).exclude(building="").values_list("building", flat=True)
    )
    return sorted(set(names), key=lambda b: (int(b), b) if b.isdigit() else (10**6, b))
