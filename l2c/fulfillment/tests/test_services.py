"""BR-FUL-01…03 through the services, on the fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from l2c.approvals.documents import ApprovalStatus
from l2c.approvals.models import ApprovalTask
from l2c.approvals.selectors import approval_for_object
from l2c.audit.models import AuditLog
from l2c.catalog.models import StockItem, Unit, UnitState
from l2c.catalog.tests.factories import make_customer
from l2c.contracts.tests.conftest import reserve, signed_contract
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.testing import at
from l2c.fulfillment import selectors, services
from l2c.fulfillment.models import (
    DemandRequest,
    NoticeAcknowledgement,
    NoticeDepartment,
    OrderStatus,
    OutboundStatus,
)
from l2c.fulfillment.tests.conftest import (
    approve_chain,
    approved_request,
    issued_outbound,
    lines_of,
)
from l2c.notifications.models import Notification

pytestmark = pytest.mark.django_db


def stock_of(product) -> int:
    return sum(StockItem.objects.filter(product=product).values_list("quantity", flat=True))


# ── BR-FUL-03: the ship-by date ────────────────────────────────────────────


def test_br_ful_03_ship_within_one_working_day_of_the_contract(company, order, contract):
    # signed Monday 23 November 2026 → ships by Tuesday 24 November
    assert contract.signed_at.date() == dt.date(2026, 11, 23)
    assert order.ship_by == dt.date(2026, 11, 24)
    assert order.ship_by_agreed is False
    assert order.number.startswith("DD")
    assert (order.owner_id, order.department_id) == (contract.owner_id, contract.department_id)


def test_br_ful_03_ship_by_skips_the_national_day_holiday(company, catalog, clock):
    # 2026: 1–7 October off (National Day and Mid-Autumn); signed Wednesday 30 September
    clock.move_to(at(2026, 9, 30, 16))
    customer = make_customer(company.rep)
    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    order = services.order_create(actor=company.assistant1.user, contract_id=contract.pk)
    assert order.ship_by == dt.date(2026, 10, 8)


def test_br_ful_03_friday_contract_ships_monday(company, catalog, clock):
    clock.move_to(at(2026, 11, 27, 17))
    customer = make_customer(company.rep)
    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    order = services.order_create(actor=company.assistant1.user, contract_id=contract.pk)
    assert order.ship_by == dt.date(2026, 11, 30)


def test_br_ful_03_the_contract_may_agree_another_date(company, contract):
    order = services.order_create(
        actor=company.assistant1.user, contract_id=contract.pk, ship_by=dt.date(2026, 12, 15)
    )
    assert order.ship_by == dt.date(2026, 12, 15) and order.ship_by_agreed
    with pytest.raises(ConflictError):
        services.order_create(actor=company.assistant1.user, contract_id=contract.pk)


def test_br_ful_03_agreed_date_before_signing_refused(company, contract):
    with pytest.raises(BusinessRuleError) as exc:
        services.order_create(
            actor=company.assistant1.user, contract_id=contract.pk, ship_by=dt.date(2026, 1, 1)
        )
    assert exc.value.rule == "BR-FUL-03" and exc.value.field == "ship_by"


def test_br_ful_03_due_and_overdue_on_the_to_do(company, order, clock):
    assert selectors.shipments_todo(company.rep.user) is None  # reps: not theirs
    assert selectors.shipments_todo(company.warehouse.user) is None  # due tomorrow
    clock.move_to(at(2026, 11, 24, 9))
    section = selectors.shipments_todo(company.warehouse.user)
    assert section.total == 1 and not section.items[0].overdue
    clock.move_to(at(2026, 11, 25, 9))
    for who in (company.warehouse, company.assistant1):
        section = selectors.shipments_todo(who.user)
        assert section.total == 1 and section.items[0].overdue
        assert order.number in section.items[0].title
    assert selectors.shipments_todo(company.assistant2.user) is None  # another department


def test_order_from_an_unsigned_contract_refused(company, catalog, customer):
    from l2c.contracts import services as contracts

    rsv = reserve(company.rep, customer, catalog.unit)
    draft = contracts.contract_create(actor=company.rep.user, reservation_id=rsv.pk)
    with pytest.raises(BusinessRuleError) as exc:
        services.order_create(actor=company.assistant1.user, contract_id=draft.pk)
    assert "签约后" in str(exc.value.message)


def test_order_from_a_reservation_for_units_delivered_before_a_contract(company, catalog, customer):
    rsv = reserve(company.rep, customer, catalog.units["3-1501"])
    order = services.order_create(actor=company.rep.user, reservation_id=rsv.pk)
    assert order.reservation_id == rsv.pk and order.contract_id is None
    assert order.lines.get().price == rsv.agreed_price


# ── BR-FUL-01: the production/delivery notice ──────────────────────────────


def test_br_ful_01_notice_goes_to_every_department_and_is_acknowledged(company, order):
    acks = NoticeAcknowledgement.objects.filter(notice__order=order)
    assert sorted(acks.values_list("department", flat=True)) == sorted(NoticeDepartment.values)
    told = set(
        Notification.objects.filter(kind="fulfillment.notice").values_list(
            "recipient_id", flat=True
        )
    )
    for who in (company.warehouse, company.finance, company.tech, company.assistant1):
        assert who.user.pk in told
    services.notice_acknowledge(
        actor=company.warehouse.user, order_id=order.pk, department="warehouse"
    )
    ack = acks.get(department="warehouse")
    assert ack.acknowledged_by == company.warehouse.user and ack.acknowledged_at is not None
    with pytest.raises(ConflictError):
        services.notice_acknowledge(
            actor=company.warehouse.user, order_id=order.pk, department="warehouse"
        )
    with pytest.raises(PermissionDeniedError):  # finance signs for finance only
        services.notice_acknowledge(
            actor=company.warehouse.user, order_id=order.pk, department="finance"
        )


# ── BR-FUL-02: demand request → outbound order → shipping → confirmation ────


def test_br_ful_02_demand_request_over_the_remaining_quantity_refused(company, order):
    _unit_line, stock_line = lines_of(order)
    approved_request(company, order, {stock_line: 6})
    with pytest.raises(BusinessRuleError) as exc:
        services.demand_request_create(
            actor=company.assistant1.user,
            order_id=order.pk,
            lines=[{"line_id": stock_line.pk, "quantity": 5}],
        )
    assert exc.value.rule == "BR-FUL-02" and exc.value.code == "over_contract"
    assert "剩余可申请 4 件" in str(exc.value.message)
    assert DemandRequest.objects.filter(order=order).count() == 1
    ok = services.demand_request_create(
        actor=company.assistant1.user,
        order_id=order.pk,
        lines=[{"line_id": stock_line.pk, "quantity": 4}],
    )
    assert ok.status == ApprovalStatus.IN_APPROVAL


def test_br_ful_02_rejected_request_gives_its_quantity_back(company, order):
    from l2c.approvals import services as engine

    _unit_line, stock_line = lines_of(order)
    request = services.demand_request_create(
        actor=company.assistant1.user,
        order_id=order.pk,
        lines=[{"line_id": stock_line.pk, "quantity": 10}],
    )
    task = ApprovalTask.objects.filter(request_id=request.approval_id, state="pending").first()
    engine.approval_decide(
        actor=task.approver, request_id=request.approval_id, decision="reject", opinion="数量不对"
    )
    request.refresh_from_db()
    assert request.status == ApprovalStatus.REJECTED
    assert services.remaining_quantities(order)[stock_line.pk] == 10


@pytest.mark.parametrize("bad", [0, -1, "x", None, True, 10**9, "1.5"])
def test_br_ful_02_bad_quantities_refused_with_a_message(company, order, bad):
    _unit_line, stock_line = lines_of(order)
    with pytest.raises(BusinessRuleError) as exc:
        services.demand_request_create(
            actor=company.assistant1.user,
            order_id=order.pk,
            lines=[{"line_id": stock_line.pk, "quantity": bad}],
        )
    assert exc.value.rule == "BR-FUL-02"


def test_br_ful_02_chain_branch_manager_then_sales_manager_end_to_end(company, order):
    unit_line, stock_line = lines_of(order)
    request = services.demand_request_create(
        actor=company.assistant1.user,
        order_id=order.pk,
        lines=[
            {"line_id": unit_line.pk, "quantity": 1},
            {"line_id": stock_line.pk, "quantity": 10},
        ],
    )
    approval = approval_for_object(request, kind="demand_request")
    first = ApprovalTask.objects.filter(request=approval, state="pending")
    assert [t.approver for t in first] == [company.manager1.user]  # 分公司经理审批
    with pytest.raises(BusinessRuleError):  # not before it is approved
        services.outbound_issue(actor=company.assistant1.user, demand_request_id=request.pk)
    approve_chain(approval)
    request.refresh_from_db()
    assert request.status == ApprovalStatus.APPROVED
    # the assistant is told to issue the outbound order
    assert Notification.objects.filter(
        kind="fulfillment.demand_approved", recipient=company.assistant1.user
    ).exists()
    with pytest.raises(PermissionDeniedError):  # the warehouse does not issue
        services.outbound_issue(actor=company.warehouse.user, demand_request_id=request.pk)
    outbound = services.outbound_issue(actor=company.assistant1.user, demand_request_id=request.pk)
    assert outbound.number.startswith("CK") and outbound.status == OutboundStatus.ISSUED
    with pytest.raises(ConflictError):
        services.outbound_issue(actor=company.assistant1.user, demand_request_id=request.pk)
    with pytest.raises(PermissionDeniedError):  # the assistant does not ship
        services.outbound_ship(actor=company.assistant1.user, outbound_id=outbound.pk)
    before = stock_of(stock_line.product)
    shipped = services.outbound_ship(
        actor=company.warehouse.user, outbound_id=outbound.pk, warehouse="一号仓"
    )
    assert shipped.status == OutboundStatus.SHIPPED
    assert stock_of(stock_line.product) == before - 10
    assert StockItem.objects.get(product=stock_line.product, warehouse="一号仓").quantity == 50
    assert Unit.objects.get(pk=unit_line.unit_id).state == UnitState.DELIVERED
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    assert selectors.shipments_todo(company.warehouse.user) is None
    scan = SimpleUploadedFile("确认单.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    confirmation = services.confirmation_file(
        actor=company.assistant1.user,
        outbound_id=outbound.pk,
        signed_by="赵先生",
        signed_at=at(2026, 11, 23, 9, 59) + dt.timedelta(minutes=1),
        scan=scan,
    )
    assert confirmation.scan.read() == b"%PDF-1.4 signed"
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "order.create",
        "demand_request.create",
        "outbound.issue",
        "outbound.ship",
        "outbound.confirm",
    } <= actions


def test_br_ful_02_shipping_decrements_stock_and_delivers_the_unit(company, order):
    unit_line, stock_line = lines_of(order)
    outbound = issued_outbound(company, order, {unit_line: 1, stock_line: 3})
    services.outbound_ship(actor=company.warehouse.user, outbound_id=outbound.pk)
    assert stock_of(stock_line.product) == 97
    assert Unit.objects.get(pk=unit_line.unit_id).state == UnitState.DELIVERED
    order.refresh_from_db()
    assert order.status == OrderStatus.OPEN  # 7 filters still to ship
    assert services.remaining_quantities(order)[stock_line.pk] == 7


def test_br_ful_02_shipping_more_than_in_stock_refused(company, catalog, contract):
    order = services.order_create(
        actor=company.assistant1.user,
        contract_id=contract.pk,
        lines=[{"product_id": catalog.stock.pk, "quantity": 150}],
    )
    unit_line, stock_line = lines_of(order)
    outbound = issued_outbound(company, order, {unit_line: 1, stock_line: 150})
    with pytest.raises(BusinessRuleError) as exc:
        services.outbound_ship(actor=company.warehouse.user, outbound_id=outbound.pk)
    assert "库存仅剩 100 件，不能出库 150 件" in str(exc.value.message)
    # refused whole: nothing taken, the unit not delivered, the outbound still to ship
    assert stock_of(stock_line.product) == 100
    assert Unit.objects.get(pk=unit_line.unit_id).state == UnitState.CONTRACTED
    outbound.refresh_from_db()
    assert outbound.status == OutboundStatus.ISSUED


def test_br_ful_02_confirmation_needs_a_shipment_and_a_scan(company, order):
    unit_line, _stock_line = lines_of(order)
    outbound = issued_outbound(company, order, {unit_line: 1})
    scan = SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")
    kw = {"actor": company.assistant1.user, "outbound_id": outbound.pk, "signed_by": "赵先生"}
    with pytest.raises(BusinessRuleError) as exc:
        services.confirmation_file(**kw, signed_at=at(2026, 11, 23, 9), scan=scan)
    assert exc.value.code == "not_shipped"
    services.outbound_ship(actor=company.warehouse.user, outbound_id=outbound.pk)
    exe = SimpleUploadedFile("a.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(BusinessRuleError) as exc:
        services.confirmation_file(**kw, signed_at=at(2026, 11, 23, 10), scan=exe)
    assert exc.value.field == "scan"
