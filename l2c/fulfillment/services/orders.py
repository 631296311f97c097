"""The order (BR-FUL-01, 03): from a signed contract or a reservation, its ship-by date on
the working calendar, the production/delivery notice and its acknowledgements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.catalog.models import Product, ProductKind
from l2c.contracts.models import Contract, ContractStatus, Reservation, ReservationStatus
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError
from l2c.core.money import to_yuan
from l2c.core.numbering import next_number
from l2c.core.roles import Role
from l2c.core.scope import can_see
from l2c.fulfillment import policies
from l2c.fulfillment.models import (
    DeliveryNotice,
    NoticeAcknowledgement,
    NoticeDepartment,
    OrderLine,
    SalesOrder,
)
from l2c.fulfillment.services.common import (
    FLOW,
    MAX_PRICE,
    NOTICE,
    SHIP_BY,
    locked_order,
    pk_of,
    seen,
)
from l2c.notifications.services import notify
from l2c.org.selectors import acting_person, person_list
from l2c.policy.calendar import calendar_for_dates


def ship_by_for(signed_at: dt.datetime) -> dt.date:
    """BR-FUL-03: the signing date + ``fulfillment.ship_within_working_days`` working days."""
    day = timezone.localtime(signed_at).date()
    days = policy.value("fulfillment.ship_within_working_days")
    return policies.ship_by(day, days, calendar_for_dates(day))


def _source(contract_id: Any, reservation_id: Any) -> tuple[Contract | None, Reservation | None]:
    if contract_id not in (None, ""):
        pk = pk_of(contract_id)
        contract = Contract.objects.select_related("unit").filter(pk=pk).first() if pk else None
        if contract is None:
            raise NotFoundError(FLOW, _("未找到该合同。"), field="contract_id")
        if contract.status != ContractStatus.SIGNED:
            raise BusinessRuleError(
                FLOW, _("合同签约后才能下订单。"), code="contract_not_signed", field="contract_id"
            )
        return contract, None
    if reservation_id not in (None, ""):
        pk = pk_of(reservation_id)
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
        pk = pk_of(raw.get("product_id"))
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
    seen(actor, order, _("未找到该订单。"))
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
