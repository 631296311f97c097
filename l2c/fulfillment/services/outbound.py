"""The outbound order (销售出库单): issued by the assistant, shipped by the warehouse under
row locks; the customer's confirmation (客户确认单) filed with its scan (BR-FUL-02)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.documents import ApprovalStatus
from l2c.audit.services import audit_record
from l2c.catalog import services as catalog
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError
from l2c.core.numbering import next_number
from l2c.core.scope import can_see
from l2c.fulfillment import policies
from l2c.fulfillment.models import (
    CustomerConfirmation,
    DemandRequest,
    OrderStatus,
    OutboundLine,
    OutboundOrder,
    OutboundStatus,
    SalesOrder,
)
from l2c.fulfillment.services.common import FLOW, pk_of, seen
from l2c.org.selectors import acting_person


def _locked_request(request_id: Any) -> DemandRequest:
    pk = pk_of(request_id)
    request = DemandRequest.objects.select_for_update().filter(pk=pk).first() if pk else None
    if request is None:
        raise NotFoundError(FLOW, _("未找到该需货申请。"))
    return request


def locked_outbound(outbound_id: Any) -> OutboundOrder:
    pk = pk_of(outbound_id)
    outbound = OutboundOrder.objects.select_for_update().filter(pk=pk).first() if pk else None
    if outbound is None:
        raise NotFoundError(FLOW, _("未找到该出库单。"))
    return outbound


@transaction.atomic
def outbound_issue(*, actor, demand_request_id: int) -> OutboundOrder:
    """The assistant issues the numbered outbound order of an approved demand request."""
    acting_person(actor, rule=FLOW, roles=policies.ISSUE_ROLES)
    request = _locked_request(demand_request_id)
    if not can_see(actor, request.order):
        raise NotFoundError(FLOW, _("未找到该需货申请。"))
    if request.status != ApprovalStatus.APPROVED:
        raise BusinessRuleError(FLOW, _("需货申请审批通过后才能开具出库单。"), code="not_approved")
    if OutboundOrder.objects.filter(demand_request=request).exists():
        raise ConflictError(FLOW, _("该需货申请已开具出库单。"), code="issued")
    now = timezone.now()
    outbound = OutboundOrder.objects.create(
        number=next_number("outbound", at=now),
        order_id=request.order_id,
        demand_request=request,
        issued_by=actor,
        issued_at=now,
    )
    OutboundLine.objects.bulk_create(
        OutboundLine(outbound=outbound, order_line_id=line.order_line_id, quantity=line.quantity)
        for line in request.lines.all()
    )
    audit_record(actor=actor, action="outbound.issue", obj=outbound, rule=FLOW)
    return outbound


@transaction.atomic
def outbound_ship(*, actor, outbound_id: int, warehouse: str = "") -> OutboundOrder:
    """The warehouse ships the outbound order: stock products taken out of stock, unique
    units moved to ``delivered`` — both under row locks; refused whole when stock is short."""
    acting_person(actor, rule=FLOW, roles=policies.SHIP_ROLES)
    outbound = locked_outbound(outbound_id)
    if outbound.status != OutboundStatus.ISSUED:
        raise ConflictError(FLOW, _("该出库单已发货。"), code="shipped")
    warehouse = (warehouse or "").strip()[:40]
    document = f"outbound:{outbound.pk}"
    for line in outbound.lines.select_related("order_line"):
        order_line = line.order_line
        if order_line.unit_id:
            catalog.unit_deliver(actor=actor, unit_id=order_line.unit_id, document=document)
        else:
            catalog.stock_issue(
                actor=actor,
                product_id=order_line.product_id,
                quantity=line.quantity,
                document=document,
                warehouse=warehouse or None,
            )
    now = timezone.now()
    outbound.status = OutboundStatus.SHIPPED
    outbound.shipped_by = actor
    outbound.shipped_at = now
    outbound.warehouse = warehouse
    outbound.save_versioned(update_fields=["status", "shipped_by", "shipped_at", "warehouse"])
    _close_order_if_shipped(outbound.order_id, now)
    audit_record(
        actor=actor,
        action="outbound.ship",
        obj=outbound,
        rule=FLOW,
        changes={"status": [OutboundStatus.ISSUED, OutboundStatus.SHIPPED]},
    )
    return outbound


def _close_order_if_shipped(order_id: int, now: dt.datetime) -> None:
    order = SalesOrder.objects.select_for_update().get(pk=order_id)
    shipped = dict(
        OutboundLine.objects.filter(outbound__order=order, outbound__status=OutboundStatus.SHIPPED)
        .values_list("order_line_id")
        .annotate(total=Sum("quantity"))
        .values_list("order_line_id", "total")
    )
    if all(shipped.get(line.pk, 0) >= line.quantity for line in order.lines.all()):
        order.status = OrderStatus.SHIPPED
        order.shipped_at = now
        order.save_versioned(update_fields=["status", "shipped_at"])


#: scans accepted for the customer's confirmation
SCAN_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
MAX_SCAN_BYTES = 10 * 1024 * 1024


@transaction.atomic
def confirmation_file(
    *, actor, outbound_id: int, signed_by: str, signed_at: dt.datetime, scan
) -> CustomerConfirmation:
    """File the customer's confirmation (客户确认单) of a shipped outbound order: who signed,
    when, and the scan (PDF or image)."""
    acting_person(actor, rule=FLOW, roles=policies.CONFIRM_ROLES)
    outbound = locked_outbound(outbound_id)
    seen(actor, outbound.order, _("未找到该出库单。"))
    if outbound.status != OutboundStatus.SHIPPED:
        raise BusinessRuleError(FLOW, _("发货后才能归档客户确认单。"), code="not_shipped")
    if CustomerConfirmation.objects.filter(outbound=outbound).exists():
        raise ConflictError(FLOW, _("该出库单的客户确认单已归档。"), code="confirmed")
    signed_by = (signed_by or "").strip()[:60]
    if not signed_by:
        raise BusinessRuleError(FLOW, _("请填写签收人。"), field="signed_by")
    if not isinstance(signed_at, dt.datetime):
        raise BusinessRuleError(FLOW, _("请填写签收时间。"), field="signed_at")
    now = timezone.now()
    if signed_at > now or signed_at < outbound.shipped_at:  # type: ignore[operator]
        raise BusinessRuleError(FLOW, _("签收时间应在发货之后、当前时间之前。"), field="signed_at")
    name = str(getattr(scan, "name", "") or "").lower()
    if scan is None or not name.endswith(SCAN_TYPES):
        raise BusinessRuleError(FLOW, _("请上传确认单扫描件（PDF、JPG 或 PNG）。"), field="scan")
    if (getattr(scan, "size", 0) or 0) > MAX_SCAN_BYTES:
        raise BusinessRuleError(FLOW, _("扫描件不能超过 10 MB。"), field="scan")
    confirmation = CustomerConfirmation(
        outbound=outbound, signed_by=signed_by, signed_at=signed_at, filed_by=actor, filed_at=now
    )
    confirmation.scan.save(name, scan, save=False)
    confirmation.save()
    audit_record(
        actor=actor,
        action="outbound.confirm",
        obj=outbound,
        rule=FLOW,
        extra={"signed_by": signed_by, "signed_at": signed_at.isoformat()},
    )
    return confirmation
