"""Demo orders for ``make run`` (called by ``l2c.web.demo`` after the contracts and finance
demos): the first signed contract's order has gone the whole way — notice acknowledged by
the warehouse and finance, a demand request approved by the branch manager and a sales
manager, the outbound order issued by the department's assistant, shipped by 唐建 with two
floor mats from stock, the customer's signed confirmation filed — and the next signed
contract's order (or, with one contract, a paid reservation's) waits to ship.

Everything goes through the services. Idempotent: a contract that has an order keeps it."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalTask, TaskState
from l2c.catalog.models import Product
from l2c.contracts.models import Contract, ContractStatus, Reservation, ReservationStatus
from l2c.core.roles import Role
from l2c.fulfillment import services
from l2c.fulfillment.models import OrderStatus, SalesOrder
from l2c.org.models import Person

WAREHOUSE = "tangjian"
FINANCE = "zhenghong"
MATS = "LH-MAT-X5"
#: a one-page PDF standing in for the scanned confirmation
SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _assistant(department_id: int) -> Person | None:
    return (
        Person.objects.filter(
            department_id=department_id, roles__role=Role.ASSISTANT, left_on__isnull=True
        )
        .select_related("user")
        .order_by("id")
        .first()
    )


def _approve(request_id: int) -> None:
    """The first pending approver of each step approves, until the request ends."""
    for _ in range(10):
        task = (
            ApprovalTask.objects.filter(request_id=request_id, state=TaskState.PENDING)
            .select_related("approver")
            .order_by("id")
            .first()
        )
        if task is None:
            return
        engine.approval_decide(
            actor=task.approver,
            request_id=request_id,
            decision="approve",
            opinion="同意，按合同发货",
        )


def load_fulfillment_demo(people: dict[str, Person]) -> int:
    """Make the demo orders that are missing; returns how many were created."""
    warehouse, finance = people.get(WAREHOUSE), people.get(FINANCE)
    if warehouse is None:
        return 0
    contracts = list(
        Contract.objects.filter(status=ContractStatus.SIGNED, unit__isnull=False)
        .select_related("unit")
        .order_by("signed_at", "id")[:2]
    )
    created = 0
    first = contracts[0] if contracts else None
    if first is not None and not SalesOrder.objects.filter(contract=first).exists():
        assistant = _assistant(first.department_id)
        if assistant is not None:
            with transaction.atomic():
                _shipped(first, assistant, warehouse, finance)
            created += 1
    if not SalesOrder.objects.filter(status=OrderStatus.OPEN).exists():
        created += _waiting(contracts[1:])
    return created


def _waiting(contracts: list[Contract]) -> int:
    """The order that waits to ship: the next signed contract's, or else a paid
    reservation's (a unit delivered before its contract)."""
    source: Contract | Reservation | None = contracts[0] if contracts else None
    if source is None:
        source = (
            Reservation.objects.filter(status=ReservationStatus.PAID)
            .order_by("signed_at", "id")
            .first()
        )
    if source is None:
        return 0
    assistant = _assistant(source.department_id)
    if assistant is None:
        return 0
    key = "contract_id" if isinstance(source, Contract) else "reservation_id"
    with transaction.atomic():
        services.order_create(actor=assistant.user, **{key: source.pk})
    return 1


def _shipped(contract, assistant: Person, warehouse: Person, finance: Person | None) -> None:
    mats = Product.objects.filter(code=MATS).first()
    lines = [{"product_id": mats.pk, "quantity": 2, "price": "0.00"}] if mats else []
    order = services.order_create(actor=assistant.user, contract_id=contract.pk, lines=lines)
    services.notice_acknowledge(actor=warehouse.user, order_id=order.pk, department="warehouse")
    if finance is not None:
        services.notice_acknowledge(actor=finance.user, order_id=order.pk, department="finance")
    request = services.demand_request_create(
        actor=assistant.user,
        order_id=order.pk,
        lines=[{"line_id": line.pk, "quantity": line.quantity} for line in order.lines.all()],
        note="按合同全部发货（脚垫随车赠送）",
    )
    _approve(request.approval_id)
    outbound = services.outbound_issue(actor=assistant.user, demand_request_id=request.pk)
    outbound = services.outbound_ship(
        actor=warehouse.user, outbound_id=outbound.pk, warehouse="总仓"
    )
    signed_at = min(outbound.shipped_at + dt.timedelta(minutes=30), timezone.now())
    services.confirmation_file(
        actor=assistant.user,
        outbound_id=outbound.pk,
        signed_by=contract.buyer_name,
        signed_at=signed_at,
        scan=ContentFile(SCAN, name="客户确认单.pdf"),
    )
