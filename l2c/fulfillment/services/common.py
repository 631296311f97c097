"""Helpers shared by the services of fulfillment (no business action of their own)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from l2c.approvals.documents import ApprovalStatus
from l2c.core.errors import NotFoundError
from l2c.core.roles import Role
from l2c.core.scope import can_see, viewer_of
from l2c.fulfillment.models import SalesOrder

NOTICE = "BR-FUL-01"
FLOW = "BR-FUL-02"
SHIP_BY = "BR-FUL-03"
#: a demand request that still counts against the order's remaining quantity
LIVE_REQUESTS = (ApprovalStatus.DRAFT, ApprovalStatus.IN_APPROVAL, ApprovalStatus.APPROVED)
MAX_PRICE = Decimal("999999999999.99")


def pk_of(raw: Any) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if 0 < value < 2**63 else None


def locked_order(order_id: Any) -> SalesOrder:
    pk = pk_of(order_id)
    order = SalesOrder.objects.select_for_update().filter(pk=pk).first() if pk else None
    if order is None:
        raise NotFoundError(FLOW, _("未找到该订单。"))
    return order


def seen(actor, obj, message) -> None:
    """The actor works this record: warehouse clerks ship every order of the company; the
    others within their data scope (BR-ORG-02)."""
    viewer = viewer_of(actor)
    if viewer.is_superuser or viewer.has(Role.WAREHOUSE) or can_see(actor, obj):
        return
    raise NotFoundError(FLOW, message)
