"""The fulfillment pages with the Django test client: the order with its whole story and
its next steps, the warehouse's list to ship today / overdue, refusals as messages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from l2c.catalog.models import StockItem
from l2c.core.testing import at
from l2c.fulfillment.models import CustomerConfirmation, DemandRequest, OutboundOrder
from l2c.fulfillment.tests.conftest import approve_chain, issued_outbound, lines_of

pytestmark = pytest.mark.django_db


def login(client, person):
    client.force_login(person.user)
    return client


def test_br_ful_01_order_page_shows_the_notice_and_acknowledges(company, order, client):
    html = login(client, company.warehouse).get(f"/fulfillment/{order.pk}/").content.decode()
    assert order.number in html and "赵先生" in html and "2026-11-24" in html
    assert "生产/发货通知单" in html and "综合部" in html and "运输部" in html
    page = client.post(f"/fulfillment/{order.pk}/acknowledge/", {"department": "warehouse"})
    assert page.status_code == 302
    html = client.get(f"/fulfillment/{order.pk}/").content.decode()
    assert "已签收通知" in html and "WH员工" in html


def test_br_ful_02_the_flow_through_the_pages(company, order, client):
    unit_line, stock_line = lines_of(order)
    login(client, company.assistant1)
    client.post(
        f"/fulfillment/{order.pk}/demand/",
        {f"qty-{unit_line.pk}": "1", f"qty-{stock_line.pk}": "11"},
    )
    html = client.get(f"/fulfillment/{order.pk}/").content.decode()
    assert "剩余可申请 10 件，不能申请 11 件" in html  # refused, shown as a message
    client.post(
        f"/fulfillment/{order.pk}/demand/",
        {f"qty-{unit_line.pk}": "1", f"qty-{stock_line.pk}": "4", "note": "先发一部分"},
    )
    request = DemandRequest.objects.get(order=order)
    approve_chain(request.approval)
    html = client.get(f"/fulfillment/{order.pk}/").content.decode()
    assert "先发一部分" in html and "开具出库单" in html
    client.post(f"/fulfillment/demand/{request.pk}/issue/")
    outbound = OutboundOrder.objects.get(order=order)
    html = client.get(f"/fulfillment/{order.pk}/").content.decode()
    assert outbound.number in html and "开具出库单" not in html and "确认发货" not in html
    login(client, company.warehouse)
    assert "确认发货" in client.get(f"/fulfillment/{order.pk}/").content.decode()
    client.post(f"/fulfillment/outbound/{outbound.pk}/ship/", {"warehouse": "二号仓"})
    assert StockItem.objects.get(product=stock_line.product, warehouse="二号仓").quantity == 36
    scan = SimpleUploadedFile("confirm.jpg", b"\xff\xd8jpeg", content_type="image/jpeg")
    client.post(
        f"/fulfillment/outbound/{outbound.pk}/confirm/",
        {"signed_by": "赵先生", "signed_at": "2026-11-23T10:00", "scan": scan},
    )
    assert CustomerConfirmation.objects.filter(outbound=outbound).exists()
    html = client.get(f"/fulfillment/{order.pk}/").content.decode()
    assert "客户确认单" in html and "查看扫描件" in html
    got = client.get(f"/fulfillment/outbound/{outbound.pk}/scan/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"\xff\xd8jpeg"
    # a rep of the other department sees neither the order nor the scan
    login(client, company.reps2[0])
    assert client.get(f"/fulfillment/{order.pk}/").status_code == 404
    assert client.get(f"/fulfillment/outbound/{outbound.pk}/scan/").status_code == 404


def test_br_ful_03_warehouse_list_to_ship_today_and_overdue(company, order, client, clock):
    login(client, company.warehouse)
    assert order.number not in client.get("/fulfillment/to-ship/").content.decode()
    clock.move_to(at(2026, 11, 25, 9))
    login(client, company.warehouse)  # a new working day, a new session
    html = client.get("/fulfillment/to-ship/").content.decode()
    assert order.number in html and "已逾期" in html
    # the home page's to-do lists it too
    home = client.get("/")
    assert home.status_code == 200, (home.status_code, home.get("Location"))
    home = home.content.decode()
    assert "待发货" in home and order.number in home


def test_pages_fit_a_phone_no_wide_tables(company, order, client):
    """Phone width (390 px): lists are cards that wrap, no fixed-width tables."""
    login(client, company.assistant1)
    for path in ("/fulfillment/", "/fulfillment/to-ship/", f"/fulfillment/{order.pk}/"):
        html = client.get(path).content.decode()
        assert "<table" not in html.split("<main", 1)[-1] or "table-responsive" in html
        assert "flex-wrap" in html


def test_order_list_query_count_does_not_grow(company, catalog, contract, client, clock):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from l2c.catalog.tests.factories import make_customer
    from l2c.contracts.tests.conftest import reserve, signed_contract
    from l2c.fulfillment import services

    login(client, company.assistant1)
    services.order_create(actor=company.assistant1.user, contract_id=contract.pk)
    client.get("/fulfillment/?due=")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/fulfillment/?due=").status_code == 200
    for i, code in enumerate(("3-1401", "3-1402", "3-1601")):
        customer = make_customer(company.rep, mobile=f"1390013{8100 + i:04d}", name=f"客户{i}")
        more = signed_contract(company, reserve(company.rep, customer, catalog.units[code]))
        services.order_create(actor=company.assistant1.user, contract_id=more.pk)
    with CaptureQueriesContext(connection) as four:
        html = client.get("/fulfillment/?due=").content.decode()
    assert html.count('class="list-group-item list-group-item-action"') == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_unknown_order_is_404(company, client):
    login(client, company.assistant1)
    assert client.get("/fulfillment/999999/").status_code == 404
    assert client.post("/fulfillment/outbound/999999/ship/").status_code == 404


def test_shipping_short_stock_shows_the_message(company, catalog, contract, client):
    from l2c.fulfillment import services

    order = services.order_create(
        actor=company.assistant1.user,
        contract_id=contract.pk,
        lines=[{"product_id": catalog.stock.pk, "quantity": 120}],
    )
    _unit_line, stock_line = lines_of(order)
    outbound = issued_outbound(company, order, {stock_line: 120})
    login(client, company.warehouse)
    client.post(f"/fulfillment/outbound/{outbound.pk}/ship/", {})
    html = client.get(f"/fulfillment/{order.pk}/").content.decode()
    assert "库存仅剩 100 件，不能出库 120 件" in html


def test_br_ful_01_order_from_a_signed_contract_on_its_page(company, contract, client):
    login(client, company.assistant1)
    html = client.get("/fulfillment/").content.decode()
    assert "新建订单" in html
    page = client.get("/fulfillment/new/").content.decode()
    assert contract.number in page
    answer = client.post("/fulfillment/new/", {"contract": contract.pk, "ship_by": ""})
    assert answer.status_code == 302
    from l2c.fulfillment.models import SalesOrder

    order = SalesOrder.objects.get(contract=contract)
    assert answer["Location"] == f"/fulfillment/{order.pk}/"
    # ordered: no longer offered
    assert "没有待下订单的已签约合同" in client.get("/fulfillment/new/").content.decode()
    login(client, company.warehouse)
    assert client.get("/fulfillment/new/").status_code == 403


def test_order_page_refuses_an_agreed_date_before_signing(company, contract, client):
    login(client, company.assistant1)
    html = client.post(
        "/fulfillment/new/", {"contract": contract.pk, "ship_by": "2026-01-01"}
    ).content.decode()
    assert "约定发货日期不能早于签约日期" in html
