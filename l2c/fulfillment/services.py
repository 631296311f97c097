"""Every write of fulfillment (BR-FUL-01…03): one business action, one transaction, one
audit row. The order from a signed contract (or a paid reservation) with its ship-by date
and its production/delivery notice; the departments' acknowledgements; the demand request
(需货申请单) through its chain; the outbound order (销售出库单) issued by the assistant and
shipped by the warehouse; the customer's confirmation (客户确认单)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.approvals.documents import ApprovalStatus
from l2c.approvals.registry import Outcome
from l2c.approvals.services.documents import document_submit, follow_outcome
from l2c.audit.services import audit_record
from l2c.catalog import services as catalog
from l2c.catalog.models import Product, ProductKind
from l2c.contracts.models import Contract, ContractStatus, Reservation, ReservationStatus
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError
from l2c.core.money import to_yuan
from l2c.core.numbering import next_number
from l2c.core.roles import Role
from l2c.core.scope import can_see, viewer_of
from l2c.fulfillment import policies
from l2c.fulfillment.models import (
    CustomerConfirmation,
    DeliveryNotice,
    DemandLine,
    DemandRequest,
    NoticeAcknowledgement,
    NoticeDepartment,
    OrderLine,
    OrderStatus,
    OutboundLine,
    OutboundOrder,
    OutboundStatus,
    SalesOrder,
)
from l2c.notifications.services import notify
from l2c.org.selectors import acting_person, person_list
from l2c.policy.calendar import calendar_for_dates

NOTICE = "BR-FUL-01"
FLOW = "BR-FUL-02"
SHIP_BY = "BR-FUL-03"
#: a demand request that still counts against the order's remaining quantity
LIVE_REQUESTS = (ApprovalStatus.DRAFT, ApprovalStatus.IN_APPROVAL, ApprovalStatus.APPROVED)
MAX_PRICE = Decimal("999999999999.99")


def _pk(raw: Any) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    return value if 0 < value < 2**63 else None


def locked_order(order_id: Any) -> SalesOrder:
    pk = _pk(order_id)
    order = SalesOrder.objects.select_for_update().filter(pk=pk).first() if pk else None
    if order is None:
        raise NotFoundError(FLOW, _("未找到该订单。"))
    return order


def _seen(actor, obj, message) -> None:
    """The actor works this record: warehouse clerks ship every order of the company; the
    others within their data scope (BR-ORG-02)."""
    viewer = viewer_of(actor)
    if viewer.is_superuser or viewer.has(Role.WAREHOUSE) or can_see(actor, obj):
        return
    raise NotFoundError(FLOW, message)


# ── the order ────────────────────────────────────────────────────────────────


def ship_by_for(signed_at: dt.datetime) -> dt.date:
    """BR-FUL-03: the signing date + ``fulfillment.ship_within_working_days`` working days."""
    day = timezone.localtime(signed_at).date()
    days = policy.value("fulfillment.ship_within_working_days")
    return policies.ship_by(day, days, calendar_for_dates(day))


def _source(contract_id: Any, reservation_id: Any) -> tuple[Contract | None, Reservation | None]:
    if contract_id not in (None, ""):
        pk = _pk(contract_id)
        contract = Contract.objects.select_related("unit").filter(pk=pk).first() if pk else None
        if contract is None:
            raise NotFoundError(FLOW, _("未找到该合同。"), field="contract_id")
        if contract.status != ContractStatus.SIGNED:
            raise BusinessRuleError(
                FLOW, _("合同签约后才能下订单。"), code="contract_not_signed", field="contract_id"
            )
        return contract, None
    if reservation_id not in (None, ""):
        pk = _pk(reservation_id)
        rsv = Reservation.objects.select_related("unit").filter(pk=pk).first() if pk else None
        if rsv is None:
            raise NotFoundError(FLOW, _("未找到该认购书。"), field="reservation_id")
        if rsv.status not in (ReservationStatus.SIGNED, ReservationStatus.PAID):
            raise BusinessRuleError(
                FLOW,
                _("该认购书已变更、退订或转签约，不能下订单。"),
                code="reservation_closed",
                field="reservation_id",
            )
        return None, rsv
    raise BusinessRuleError(FLOW, _("请选择合同或认购书。"), field="contract_id")


def _price(raw: Any, field: str) -> Decimal:
    try:
        value = to_yuan(raw)
    except (ValueError, InvalidOperation, TypeError) as exc:
        raise BusinessRuleError(FLOW, _("请输入正确的金额。"), field=field) from exc
    if value < 0 or value > MAX_PRICE:
        raise BusinessRuleError(FLOW, _("金额不能为负数，也不能超过上限。"), field=field)
    return value


def _stock_lines(raw_lines: list[dict[str, Any]]) -> list[tuple[Product, int, Decimal]]:
    found = []
    for i, raw in enumerate(raw_lines or []):
        if not isinstance(raw, dict):
            raise BusinessRuleError(FLOW, _("订单明细格式不正确。"), field="lines")
        pk = _pk(raw.get("product_id"))
        product = Product.objects.filter(pk=pk).first() if pk else None
        if product is None:
            raise NotFoundError(
                FLOW, _("第 %(n)s 行：未找到该产品。") % {"n": i + 1}, field="lines"
            )
        if product.kind != ProductKind.STOCK:
            raise BusinessRuleError(
                FLOW,
                _("第 %(n)s 行：%(p)s 按房号/车架号/序列号销售，由合同带入，不能按数量下单。")
                % {"n": i + 1, "p": product.name},
                field="lines",
            )
        qty = policies.quantity(raw.get("quantity"), rule=FLOW, field="lines")
        found.append((product, qty, _price(raw.get("price", product.market_price), "lines")))
    return found


@transaction.atomic
def order_create(
    *,
    actor,
    contract_id: int | None = None,
    reservation_id: int | None = None,
    lines: list[dict[str, Any]] | None = None,
    ship_by: dt.date | None = None,
) -> SalesOrder:
    """The order of a signed contract (or a reservation, for units delivered before a
    contract): the source's unit as a line, plus stock products with quantities; its
    ship-by date (BR-FUL-03) and its production/delivery notice to the departments
    (BR-FUL-01)."""
    acting_person(actor, rule=FLOW, roles=policies.ORDER_ROLES)
    contract, reservation = _source(contract_id, reservation_id)
    source = contract or reservation
    assert source is not None
    if not can_see(actor, source):
        raise NotFoundError(FLOW, _("未找到该合同。"), field="contract_id")
    taken = SalesOrder.objects.filter(contract=contract) if contract else None
    if reservation is not None:
        taken = SalesOrder.objects.filter(reservation=reservation)
    if taken is not None and taken.exists():
        raise ConflictError(FLOW, _("该合同/认购书已有订单。"), code="order_exists")
    stock = _stock_lines(lines or [])
    unit = source.unit
    if unit is None and not stock:
        raise BusinessRuleError(FLOW, _("订单至少要有一行明细。"), field="lines")
    signed_at = source.signed_at or timezone.now()
    if ship_by is not None:
        if not isinstance(ship_by, dt.date) or isinstance(ship_by, dt.datetime):
            raise BusinessRuleError(SHIP_BY, _("请输入正确的发货日期。"), field="ship_by")
        if ship_by < timezone.localtime(signed_at).date():
            raise BusinessRuleError(SHIP_BY, _("约定发货日期不能早于签约日期。"), field="ship_by")
    now = timezone.now()
    department = source.department
    order = SalesOrder.objects.create(
        number=next_number("order", department_code=department.code, at=now),
        contract=contract,
        reservation=reservation,
        customer_id=source.customer_id,
        ordered_at=now,
        ship_by=ship_by or ship_by_for(signed_at),
        ship_by_agreed=ship_by is not None,
        owner_id=source.owner_id,
        department_id=source.department_id,
        team_id=source.team_id,
    )
    if unit is not None:
        price = contract.price if contract else reservation.agreed_price  # type: ignore[union-attr]
        OrderLine.objects.create(
            order=order, product_id=unit.product_id, unit=unit, quantity=1, price=price
        )
    for product, qty, price in stock:
        OrderLine.objects.create(order=order, product=product, quantity=qty, price=price)
    _send_notice(actor, order, now)
    audit_record(
        actor=actor,
        action="order.create",
        obj=order,
        rule=SHIP_BY,
        changes={"ship_by": [None, order.ship_by.isoformat()]},
        extra={"source": f"contract:{contract.pk}" if contract else f"reservation:{source.pk}"},
    )
    return order


def _send_notice(actor, order: SalesOrder, now: dt.datetime) -> DeliveryNotice:
    """BR-FUL-01: the notice with one row per department, and the people of the roles
    concerned (and the department's assistants) told in their inbox."""
    notice = DeliveryNotice.objects.create(order=order, sent_at=now, sent_by=actor)
    NoticeAcknowledgement.objects.bulk_create(
        NoticeAcknowledgement(notice=notice, department=d) for d in NoticeDepartment.values
    )
    people = [p for role in policies.NOTICE_ROLES for p in person_list(viewer=None, role=role)]
    people += list(person_list(viewer=None, role=Role.ASSISTANT, department=order.department_id))
    notify(
        recipients=[p.user for p in people],
        kind="fulfillment.notice",
        title=_("生产/发货通知：订单 %(n)s，%(d)s 前发货")
        % {"n": order.number, "d": order.ship_by},
        url=reverse("fulfillment:order", args=[order.pk]),
        obj=order,
        key=f"fulfillment.notice:{order.pk}",
    )
    return notice


@transaction.atomic
def notice_acknowledge(*, actor, order_id: int, department: str) -> NoticeAcknowledgement:
    """One department acknowledges the production/delivery notice (BR-FUL-01)."""
    if department not in NoticeDepartment.values:
        raise BusinessRuleError(NOTICE, _("请选择部门。"), field="department")
    person = acting_person(actor, rule=NOTICE, roles=policies.ACK_ROLES[department])
    order = locked_order(order_id)
    _seen(actor, order, _("未找到该订单。"))
    ack = NoticeAcknowledgement.objects.select_for_update().get(
        notice__order=order, department=department
    )
    if ack.acknowledged_at is not None:
        raise ConflictError(NOTICE, _("该部门已签收通知。"), code="acknowledged")
    ack.acknowledged_by = actor
    ack.acknowledged_at = timezone.now()
    ack.save(update_fields=["acknowledged_by", "acknowledged_at"])
    audit_record(
        actor=actor,
        action="order.notice_acknowledge",
        obj=order,
        rule=NOTICE,
        extra={"department": department, "by": person.name},
    )
    return ack


# ── the demand request (需货申请单) ──────────────────────────────────────────


def remaining_quantities(order: SalesOrder) -> dict[int, int]:
    """Per order line: the ordered quantity less what live demand requests already ask for
    (and so less what has shipped). One query per call plus the lines."""
    asked = dict(
        DemandLine.objects.filter(order_line__order=order, request__status__in=LIVE_REQUESTS)
        .values_list("order_line_id")
        .annotate(total=Sum("quantity"))
        .values_list("order_line_id", "total")
    )
    return {line.pk: line.quantity - (asked.get(line.pk) or 0) for line in order.lines.all()}


@transaction.atomic
def demand_request_create(
    *, actor, order_id: int, lines: list[dict[str, Any]], note: str = "", submit: bool = True
) -> DemandRequest:
    """Ask for goods against the order (BR-FUL-02): never more than the contract's remaining
    quantity; submitted to the ``demand_request`` chain (branch manager → sales manager)."""
    person = acting_person(actor, rule=FLOW, roles=policies.ORDER_ROLES)
    order = locked_order(order_id)  # one request at a time per order: the remainder holds
    if not can_see(actor, order):
        raise NotFoundError(FLOW, _("未找到该订单。"))
    remaining = remaining_quantities(order)
    order_lines = {line.pk: line for line in order.lines.select_related("product", "unit")}
    wanted: dict[int, int] = {}
    for raw in lines or []:
        if not isinstance(raw, dict):
            raise BusinessRuleError(FLOW, _("申请明细格式不正确。"), field="lines")
        pk = _pk(raw.get("line_id"))
        if pk not in order_lines:
            raise NotFoundError(FLOW, _("该订单没有这一行明细。"), field="lines")
        qty = policies.quantity(raw.get("quantity"), rule=FLOW, field="lines")
        wanted[pk] = wanted.get(pk, 0) + qty
    if not wanted:
        raise BusinessRuleError(FLOW, _("请至少申请一行。"), field="lines")
    for pk, qty in wanted.items():
        if qty > remaining[pk]:
            line = order_lines[pk]
            raise BusinessRuleError(
                FLOW,
                _("%(item)s 合同剩余可申请 %(left)s %(u)s，不能申请 %(want)s %(u)s。")
                % {
                    "item": line.label,
                    "left": remaining[pk],
                    "want": qty,
                    "u": line.product.unit_name,
                },
                code="over_contract",
                field="lines",
            )
    request = DemandRequest.objects.create(
        order=order,
        note=(note or "").strip()[:200],
        owner=actor,
        department_id=order.department_id,
        team_id=person.team_id if person.department_id == order.department_id else order.team_id,
    )
    DemandLine.objects.bulk_create(
        DemandLine(request=request, order_line_id=pk, quantity=qty) for pk, qty in wanted.items()
    )
    audit_record(
        actor=actor,
        action="demand_request.create",
        obj=request,
        rule=FLOW,
        extra={"order": order.number, "lines": {str(k): v for k, v in wanted.items()}},
    )
    if not submit:
        return request
    result = document_submit(
        actor=actor,
        doc=request,
        title=_("需货申请：订单 %(n)s") % {"n": order.number},
        facts={"order": order.number},
    )
    assert isinstance(result, DemandRequest)
    return result


def demand_request_on_outcome(outcome: Outcome) -> None:
    """The request's status follows its approval; once approved, the department's
    assistants are told the outbound order can be issued."""
    request = outcome.obj
    fields = follow_outcome(request, outcome)
    if fields:
        request.save_versioned(update_fields=fields)
    if outcome.state == ApprovalStatus.APPROVED:
        order = request.order
        notify(
            recipients=[
                p.user
                for p in person_list(
                    viewer=None, role=Role.ASSISTANT, department=order.department_id
                )
            ],
            kind="fulfillment.demand_approved",
            title=_("需货申请已批准：订单 %(n)s，请开具出库单") % {"n": order.number},
            url=reverse("fulfillment:order", args=[order.pk]),
            obj=request,
            key=f"fulfillment.demand_approved:{request.pk}",
        )


# ── the outbound order (销售出库单), shipping, the customer's confirmation ──────


def _locked_request(request_id: Any) -> DemandRequest:
    pk = _pk(request_id)
    request = DemandRequest.objects.select_for_update().filter(pk=pk).first() if pk else None
    if request is None:
        raise NotFoundError(FLOW, _("未找到该需货申请。"))
    return request


def locked_outbound(outbound_id: Any) -> OutboundOrder:
    pk = _pk(outbound_id)
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
    _seen(actor, outbound.order, _("未找到该出库单。"))
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
