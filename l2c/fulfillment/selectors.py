"""Reads of fulfillment, scoped (BR-ORG-02): the warehouse works every order of the
company (it ships them all); everyone else sees orders within their data scope."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.contracts.models import Contract, ContractStatus
from l2c.core.errors import NotFoundError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of, visible_to
from l2c.core.todo import TodoItem, TodoSection
from l2c.fulfillment.models import (
    DemandRequest,
    NoticeAcknowledgement,
    OrderLine,
    OrderStatus,
    OutboundOrder,
    SalesOrder,
)
from l2c.fulfillment.policies import SHIPMENT_TODO_ROLES

TODO_SHOWN = 5


def orders_visible(viewer) -> QuerySet[SalesOrder]:
    qs = SalesOrder.objects.all()
    v = viewer_of(viewer)
    if v.is_superuser or v.has(Role.WAREHOUSE):
        return qs
    return visible_to(v, qs)


def order_list(*, viewer, filters: dict | None = None) -> QuerySet[SalesOrder]:
    """Orders with what a list shows (customer, contract, handler), a fixed number of
    queries. ``due``: ``today`` (open, to ship by today, overdue included) / ``overdue`` /
    ``open`` / ``shipped``."""
    filters = filters or {}
    qs = orders_visible(viewer).select_related("customer", "contract", "owner__person")
    today = timezone.localdate()
    due = filters.get("due") or ""
    if due == "today":
        qs = qs.filter(status=OrderStatus.OPEN, ship_by__lte=today)
    elif due == "overdue":
        qs = qs.filter(status=OrderStatus.OPEN, ship_by__lt=today)
    elif due == "open":
        qs = qs.filter(status=OrderStatus.OPEN)
    elif due == "shipped":
        qs = qs.filter(status=OrderStatus.SHIPPED)
    search = (filters.get("search") or "").strip()
    if search:
        qs = qs.filter(number__icontains=search) | qs.filter(customer__name__icontains=search)
    return qs.order_by("status", "ship_by", "id")


def contracts_awaiting_order(*, viewer) -> QuerySet[Contract]:
    """Signed contracts in the viewer's scope that have no order yet (the next step)."""
    ordered = SalesOrder.objects.filter(contract__isnull=False).values("contract_id")
    qs = Contract.objects.filter(status=ContractStatus.SIGNED).exclude(pk__in=ordered)
    return visible_to(viewer, qs).select_related("customer").order_by("signed_at", "id")


def order_get(*, viewer, order_id) -> SalesOrder:
    """One order with its whole story: lines, the notice and its acknowledgements, the
    demand requests, outbound orders and confirmations."""
    try:
        pk = int(order_id)
    except (TypeError, ValueError, OverflowError):
        pk = 0
    order = (
        orders_visible(viewer)
        .select_related("customer", "contract", "reservation", "owner__person", "notice")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("product", "unit")),
            Prefetch(
                "notice__acknowledgements",
                queryset=NoticeAcknowledgement.objects.select_related("acknowledged_by__person"),
            ),
            Prefetch(
                "demand_requests",
                queryset=DemandRequest.objects.select_related("owner__person").prefetch_related(
                    "lines__order_line__product", "lines__order_line__unit"
                ),
            ),
            Prefetch(
                "outbounds",
                queryset=OutboundOrder.objects.select_related(
                    "issued_by__person", "shipped_by__person", "confirmation"
                ).prefetch_related("lines__order_line__product", "lines__order_line__unit"),
            ),
        )
        .filter(pk=pk)
        .first()
        if 0 < pk < 2**63
        else None
    )
    if order is None:
        raise NotFoundError(None, _("未找到该订单。"))
    return order


def outbound_get(*, viewer, outbound_id) -> OutboundOrder:
    try:
        pk = int(outbound_id)
    except (TypeError, ValueError, OverflowError):
        pk = 0
    outbound = (
        OutboundOrder.objects.filter(order__in=orders_visible(viewer), pk=pk)
        .select_related("order", "confirmation")
        .first()
        if 0 < pk < 2**63
        else None
    )
    if outbound is None:
        raise NotFoundError(None, _("未找到该出库单。"))
    return outbound


def demand_request_get(*, viewer, request_id) -> DemandRequest:
    try:
        pk = int(request_id)
    except (TypeError, ValueError, OverflowError):
        pk = 0
    request = (
        DemandRequest.objects.filter(order__in=orders_visible(viewer), pk=pk)
        .select_related("order")
        .first()
        if 0 < pk < 2**63
        else None
    )
    if request is None:
        raise NotFoundError(None, _("未找到该需货申请。"))
    return request


def shipments_todo(user) -> TodoSection | None:
    """The to-do of the assistant and the warehouse (BR-FUL-03): open orders to ship by
    today, the overdue first. Derived from the dates; two queries."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not viewer_of(user).roles & SHIPMENT_TODO_ROLES:
        return None
    today = timezone.localdate()
    qs = order_list(viewer=user, filters={"due": "today"}).order_by("ship_by", "id")
    total = qs.count()
    if not total:
        return None
    items = [
        TodoItem(
            title=_("订单 %(n)s（%(c)s）") % {"n": o.number, "c": o.customer.name},
            url=reverse("fulfillment:order", args=[o.pk]),
            due=o.ship_by,
            overdue=o.ship_by < today,
            note=(
                _("已逾期，应于 %(d)s 前发货") % {"d": o.ship_by}
                if o.ship_by < today
                else _("今日发货")
            ),
        )
        for o in qs[:TODO_SHOWN]
    ]
    return TodoSection(
        key="fulfillment.shipments",
        label=_("待发货"),
        icon="truck",
        order=45,
        items=items,
        total=total,
        more_url=reverse("fulfillment:to_ship"),
    )
