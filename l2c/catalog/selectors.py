"""Reads of the catalog. The catalog and the sales-control board are visible to every sales
role (not scoped per owner: the whole office works one board); what is scoped is the
holder's *customer*, shown only masked to anyone but the customer's owner (BR-CUS-10).
Every state shown is the effective one (an expired hold is available, BR-CAT-03)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.catalog.models import (
    PriceChangeRequest,
    Product,
    ProductKind,
    Project,
    StockItem,
    Unit,
    UnitEvent,
    UnitState,
)
from l2c.catalog.policies import (
    HOLD_LEADERS,
    SALES_ROLES,
    STATE_BADGE,
    STATE_CSS,
    STATE_ORDER,
    effective_state,
    mask_name,
    short_time,
)
from l2c.core.errors import NotFoundError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of, visible_to

RULE = "BR-CAT-03"
SOLD_STATES = (UnitState.RESERVED, UnitState.CONTRACTED, UnitState.DELIVERED)
#: who sees the catalog: every sales role, and finance / warehouse / service / tech, who
#: handle what is sold (no personal data of customers is shown to them unmasked)
CATALOG_ROLES = SALES_ROLES | {Role.FINANCE, Role.WAREHOUSE, Role.SERVICE, Role.TECH}


def can_view(viewer) -> bool:
    v = viewer_of(viewer)
    return bool(v.roles & CATALOG_ROLES) or v.is_superuser


def ensure_can_view(viewer) -> None:
    if not can_view(viewer):
        raise PermissionDeniedError("BR-ORG-02", _("您无权查看产品与销控。"))


def unit_effective_state(unit: Unit, now: dt.datetime | None = None) -> str:
    """The state a unit is in now: a hold past ``held_until`` is available (BR-CAT-03)."""
    return effective_state(unit.state, unit.held_until, now or timezone.now())


def effective_state_q(state: str, now: dt.datetime) -> Q:
    """The filter for units whose *effective* state is ``state``."""
    live_hold = Q(state=UnitState.HELD, held_until__gt=now)
    if state == UnitState.AVAILABLE:
        return Q(state=UnitState.AVAILABLE) | Q(state=UnitState.HELD, held_until__lte=now)
    if state == UnitState.HELD:
        return live_hold
    return Q(state=state)


# --- decorating units for display (no queries per row) -----------------------------------


def _person_name(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.name if person is not None else user.get_username()


@dataclass
class UnitShown:
    """What one viewer sees of units at one moment (computed once per request)."""

    viewer_user_id: int | None
    now: dt.datetime
    leader: bool = False

    @classmethod
    def for_viewer(cls, viewer, now: dt.datetime | None = None) -> UnitShown:
        v = viewer_of(viewer)
        return cls(v.user_id, now or timezone.now(), bool(v.roles & HOLD_LEADERS))

    def decorate(self, units) -> list[Unit]:
        """Attach ``eff_state``, ``state_label``, ``css``, ``badge``, ``holder_name``,
        ``customer_shown``, ``until_text``, ``mine`` to each unit (for templates/API)."""
        rows = list(units)
        for u in rows:
            state = effective_state(u.state, u.held_until, self.now)
            u.eff_state = state
            u.state_label = str(UnitState(state).label)
            u.css = STATE_CSS[state]
            u.badge = STATE_BADGE[state]
            live = state != UnitState.AVAILABLE
            u.holder_name = _person_name(u.holder) if live and u.holder_id else ""
            u.mine = live and u.holder_id is not None and u.holder_id == self.viewer_user_id
            u.customer_shown = self.customer_name(u) if live else ""
            u.until_text = short_time(u.held_until) if state == UnitState.HELD else ""
            u.can_release = state == UnitState.HELD and (u.mine or self.leader)
        return rows

    def customer_name(self, u: Unit) -> str:
        c = u.customer if u.customer_id else None
        if c is None:
            return ""
        if c.owner_id is not None and c.owner_id == self.viewer_user_id:
            return c.name
        return mask_name(c.name)


def _units() -> QuerySet[Unit]:
    return Unit.objects.select_related("holder__person", "customer", "product", "project")


# --- projects, products, units ----------------------------------------------------------


def project_list(*, viewer, filters: dict[str, Any] | None = None) -> QuerySet[Project]:
    """Projects on sale, with the count of units in each stored state."""
    ensure_can_view(viewer)
    filters = filters or {}
    qs = Project.objects.select_related("department")
    if not filters.get("all"):
        qs = qs.filter(active=True)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    return qs.annotate(
        unit_count=Count("units", distinct=True),
    ).order_by("code")


def project_get(*, viewer, project_id) -> Project:
    ensure_can_view(viewer)
    try:
        return Project.objects.select_related("department").get(pk=int(project_id))
    except (Project.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-CAT-01", _("未找到该项目。")) from exc


def product_list(*, viewer, filters: dict[str, Any] | None = None) -> QuerySet[Product]:
    """The price list (BR-CAT-02): the three tiers of every product."""
    ensure_can_view(viewer)
    filters = filters or {}
    qs = Product.objects.select_related("project")
    if filters.get("project"):
        qs = qs.filter(project_id=filters["project"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if not filters.get("all"):
        qs = qs.filter(active=True)
    search = str(filters.get("q") or "").strip()[:40]
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return qs.annotate(unit_count=Count("units")).order_by("project__code", "code")


def product_get(*, viewer, product_id) -> Product:
    ensure_can_view(viewer)
    try:
        return Product.objects.select_related("project").get(pk=int(product_id))
    except (Product.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-CAT-01", _("未找到该产品。")) from exc


def unit_list(*, viewer, filters: dict[str, Any] | None = None) -> QuerySet[Unit]:
    """Units filtered by ``project``, ``building``, ``product``, effective ``state``,
    ``q`` (code)."""
    ensure_can_view(viewer)
    filters = filters or {}
    now = filters.get("now") or timezone.now()
    qs = _units()
    if filters.get("project"):
        qs = qs.filter(project_id=filters["project"])
    if filters.get("building"):
        qs = qs.filter(building=filters["building"])
    if filters.get("product"):
        qs = qs.filter(product_id=filters["product"])
    if filters.get("state"):
        qs = qs.filter(effective_state_q(filters["state"], now))
    if filters.get("holder"):
        qs = qs.filter(effective_state_q(UnitState.HELD, now), holder_id=filters["holder"])
    search = str(filters.get("q") or "").strip()[:40]
    if search:
        qs = qs.filter(code__icontains=search)
    return qs.order_by("project__code", "building", "-floor", "room", "code")


def units_open_to(*, viewer, now: dt.datetime | None = None) -> QuerySet[Unit]:
    """The units a rep may still sell now (reserve, or ask a discount for): available —
    an expired hold counts (BR-CAT-03) — or held by the rep themself, in active projects."""
    now = now or timezone.now()
    user_id = getattr(viewer, "pk", None)
    q = effective_state_q(UnitState.AVAILABLE, now)
    if user_id is not None:
        q |= Q(state=UnitState.HELD, held_until__gt=now, holder_id=user_id)
    return unit_list(viewer=viewer, filters={"now": now}).filter(q).filter(project__active=True)


def units_unsold(*, viewer, now: dt.datetime | None = None) -> QuerySet[Unit]:
    """The units not yet sold, whoever holds them (a discount may be asked for a unit a
    rep of the team holds), in active projects."""
    now = now or timezone.now()
    q = effective_state_q(UnitState.AVAILABLE, now) | effective_state_q(UnitState.HELD, now)
    return unit_list(viewer=viewer, filters={"now": now}).filter(q).filter(project__active=True)


def unit_get(*, viewer, unit_id) -> Unit:
    ensure_can_view(viewer)
    try:
        return _units().get(pk=int(unit_id))
    except (Unit.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(RULE, _("未找到该单位。")) from exc


def unit_events(unit: Unit) -> QuerySet[UnitEvent]:
    return unit.events.select_related("actor__person").order_by("-at", "-id")


def unit_by_code(*, project_id: int, code: str) -> Unit | None:
    return Unit.objects.filter(project_id=project_id, code=code).first()


# --- the sales-control board -------------------------------------------------------------


@dataclass
class Board:
    project: Project | None
    buildings: list[str]
    building: str | None
    #: [{"name": "3", "rooms": ["01", …], "floors": [(18, [unit|None, …]), …], "counts": {}}]
    grids: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    legend: list[dict[str, Any]] = field(default_factory=list)
    loose: list[Unit] = field(default_factory=list)  # units without floor/room (VIN, serial)
    total: int = 0
    #: live holds, the soonest to expire first (who holds what, until when)
    holds: list[Unit] = field(default_factory=list)
    #: the viewer's own units in play: held, reserved, contracted (黄框)
    mine: list[Unit] = field(default_factory=list)

    @property
    def sold(self) -> int:
        """Reserved, contracted or delivered: what the office calls 已售 (去化)."""
        return sum(self.counts.get(s, 0) for s in SOLD_STATES)

    @property
    def sold_percent(self) -> str:
        return f"{self.sold * 100 / self.total:.1f}" if self.total else "0.0"


def _room_key(room: str) -> tuple[int, str]:
    return (int(room), room) if room.isdigit() else (10**6, room)


def board(
    *, viewer, project_id: int | None, building: str | None = None, now: dt.datetime | None = None
) -> Board:
    """The 销控表: per building a grid of floors (top floor first) × rooms, each cell a
    unit in its effective state, and the count per state. Four queries whatever the size."""
    ensure_can_view(viewer)
    now = now or timezone.now()
    project = project_get(viewer=viewer, project_id=project_id) if project_id else None
    if project is None:
        project = Project.objects.select_related("department").filter(active=True).first()
    if project is None:
        return Board(None, [], None, counts={s.value: 0 for s in STATE_ORDER})
    buildings = sorted(
        {b for b in Unit.objects.filter(project=project).values_list("building", flat=True)},
        key=lambda b: _room_key(b or ""),
    )
    building = building if building in buildings else None
    qs = Unit.objects.filter(project=project).select_related(
        "holder__person", "customer", "product", "project"
    )
    if building is not None:
        qs = qs.filter(building=building)
    units = UnitShown.for_viewer(viewer, now).decorate(qs.order_by("building", "-floor", "room"))
    result = Board(project, [b for b in buildings if b], building)
    counts = Counter(u.eff_state for u in units)
    result.counts = {s.value: counts.get(s.value, 0) for s in STATE_ORDER}
    result.total = len(units)
    result.legend = [
        {
            "state": s.value,
            "label": str(s.label),
            "css": STATE_CSS[s],
            "count": result.counts[s.value],
        }
        for s in STATE_ORDER
    ]
    result.holds = sorted(
        (u for u in units if u.eff_state == UnitState.HELD), key=lambda u: (u.held_until, u.code)
    )
    order = {s.value: i for i, s in enumerate(STATE_ORDER)}
    result.mine = sorted((u for u in units if u.mine), key=lambda u: (order[u.eff_state], u.code))
    per_building: dict[str, list[Unit]] = {}
    for u in units:
        if u.floor is None or not u.room:
            result.loose.append(u)
            continue
        per_building.setdefault(u.building, []).append(u)
    for name in sorted(per_building, key=_room_key):
        rows = per_building[name]
        rooms = sorted({u.room for u in rows}, key=_room_key)
        cells: dict[tuple[int, str], Unit] = {(u.floor, u.room): u for u in rows}
        floors = sorted({u.floor for u in rows}, reverse=True)
        local = Counter(u.eff_state for u in rows)
        result.grids.append(
            {
                "name": name,
                "rooms": rooms,
                "floors": [(f, [cells.get((f, r)) for r in rooms]) for f in floors],
                "counts": {s.value: local.get(s.value, 0) for s in STATE_ORDER},
                "total": len(rows),
            }
        )
    return result


# --- stock and price changes -------------------------------------------------------------


def stock_list(*, viewer, filters: dict[str, Any] | None = None) -> QuerySet[StockItem]:
    """Stock per product and warehouse: on hand, reserved, available."""
    ensure_can_view(viewer)
    filters = filters or {}
    qs = StockItem.objects.select_related("product__project").annotate(
        available_qty=F("quantity") - F("reserved")
    )
    if filters.get("product"):
        qs = qs.filter(product_id=filters["product"])
    if filters.get("warehouse"):
        qs = qs.filter(warehouse=filters["warehouse"])
    if filters.get("project"):
        qs = qs.filter(product__project_id=filters["project"])
    return qs.order_by("product__code", "warehouse")


def stock_available(*, product_id: int, warehouse: str | None = None) -> int:
    qs = StockItem.objects.filter(product_id=product_id)
    if warehouse:
        qs = qs.filter(warehouse=warehouse)
    agg = qs.aggregate(q=Sum("quantity"), r=Sum("reserved"))
    return (agg["q"] or 0) - (agg["r"] or 0)


def stock_projects(*, viewer) -> QuerySet[Project]:
    ensure_can_view(viewer)
    return Project.objects.filter(products__kind=ProductKind.STOCK).distinct().order_by("code")


def price_target_by_code(code: str) -> tuple[int | None, int | None]:
    """``(product_id, None)`` or ``(None, unit_id)`` for a product code or a unit code that
    is unique across projects; ``(None, None)`` when there is no such single target."""
    code = (code or "").strip()
    product = Product.objects.filter(code=code).values_list("pk", flat=True).first()
    if product:
        return product, None
    units = list(Unit.objects.filter(code=code).values_list("pk", flat=True)[:2])
    if len(units) == 1:
        return None, units[0]
    return None, None


def price_change_list(
    *, viewer, filters: dict[str, Any] | None = None
) -> QuerySet[PriceChangeRequest]:
    """Price-change requests the viewer may see (scoped: own, team, department, leaders)."""
    from l2c.approvals.selectors import with_approval_request_id

    filters = filters or {}
    qs = PriceChangeRequest.objects.select_related(
        "product__project", "unit__project", "owner__person"
    )
    qs = visible_to(viewer, qs)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return with_approval_request_id(qs, "price_change").order_by("-created_at", "-id")


def price_change_get(*, viewer, change_id) -> PriceChangeRequest:
    try:
        return price_change_list(viewer=viewer).get(pk=int(change_id))
    except (PriceChangeRequest.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-CAT-04", _("未找到该调价申请。")) from exc


def unit_prices(unit: Unit) -> dict[str, Any]:
    """The three tiers of a unit (BR-CAT-02), for the deals helper's floors."""
    return {
        "market_price": unit.market_price,
        "factory_floor_price": unit.factory_floor_price,
        "dealer_floor_price": unit.dealer_floor_price,
    }


def product_prices(product: Product) -> dict[str, Any]:
    return {
        "market_price": product.market_price,
        "factory_floor_price": product.factory_floor_price,
        "dealer_floor_price": product.dealer_floor_price,
    }


__all__ = [
    "Board",
    "ProductKind",
    "UnitShown",
    "board",
    "can_view",
    "effective_state_q",
    "price_change_get",
    "price_change_list",
    "product_get",
    "product_list",
    "project_get",
    "project_list",
    "stock_available",
    "stock_list",
    "unit_effective_state",
    "unit_events",
    "unit_get",
    "unit_list",
]
