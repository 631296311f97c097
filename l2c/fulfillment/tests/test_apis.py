"""The fulfillment API: the flow end to end, bad input answered 4xx with a Chinese message
(never a 500), scope, and a list whose query count does not grow with its rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from l2c.catalog.models import Unit, UnitState
from l2c.core.testing import api_error, queries_of
from l2c.fulfillment.models import DemandRequest
from l2c.fulfillment.tests.conftest import approve_chain, lines_of

pytestmark = pytest.mark.django_db
BASE = "/api/v1/fulfillment"


def test_br_ful_02_the_flow_through_the_api(company, catalog, contract, api):
    api.as_(company.assistant1)
    created = api.post(
        f"{BASE}/orders/",
        {
            "contract_id": contract.pk,
            "lines": [{"product_id": catalog.stock.pk, "quantity": 5, "price": "118.00"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    order = created.json()
    assert order["ship_by"] == "2026-11-24" and len(order["lines"]) == 2
    assert len(order["acknowledgements"]) == 7
    unit_line = next(line for line in order["lines"] if line["unit_id"])
    answer = api.post(
        f"{BASE}/orders/{order['id']}/demand-requests/",
        {"lines": [{"line_id": unit_line["id"], "quantity": 1}]},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    request = DemandRequest.objects.get(order_id=order["id"])
    assert answer.json()["demand_requests"][0]["status"] == "in_approval"
    approve_chain(request.approval)
    issued = api.post(f"{BASE}/demand-requests/{request.pk}/issue/")
    assert issued.status_code == 201, issued.content
    outbound = issued.json()["outbounds"][0]
    assert outbound["number"].startswith("CK") and outbound["confirmation"] is None
    api_error(api.post(f"{BASE}/outbounds/{outbound['id']}/ship/"), 403)
    api.as_(company.warehouse)
    ack = api.post(
        f"{BASE}/orders/{order['id']}/acknowledge/", {"department": "warehouse"}, format="json"
    )
    assert ack.status_code == 200
    shipped = api.post(f"{BASE}/outbounds/{outbound['id']}/ship/", {}, format="json")
    assert shipped.status_code == 200, shipped.content
    assert shipped.json()["outbounds"][0]["status"] == "shipped"
    assert Unit.objects.get(pk=unit_line["unit_id"]).state == UnitState.DELIVERED
    scan = SimpleUploadedFile("c.png", b"\x89PNG", content_type="image/png")
    confirmed = api.post(
        f"{BASE}/outbounds/{outbound['id']}/confirm/",
        {"signed_by": "赵先生", "signed_at": "2026-11-23T10:00:00+08:00", "scan": scan},
        format="multipart",
    )
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["outbounds"][0]["confirmation"]["signed_by"] == "赵先生"


def test_br_ful_02_over_the_remaining_quantity_is_422_with_the_rule(company, order, api):
    _unit_line, stock_line = lines_of(order)
    body = api_error(
        api.as_(company.assistant1).post(
            f"{BASE}/orders/{order.pk}/demand-requests/",
            {"lines": [{"line_id": stock_line.pk, "quantity": 11}]},
            format="json",
        ),
        422,
        "BR-FUL-02",
    )
    assert "剩余可申请 10 件" in body["message"]


@pytest.mark.parametrize(
    "payload",
    [
        {"lines": [{"line_id": "abc", "quantity": 1}]},
        {"lines": [{"line_id": 1, "quantity": -3}]},
        {"lines": [{"line_id": 1, "quantity": 0}]},
        {"lines": [{"line_id": 1, "quantity": 10**12}]},
        {"lines": [{"line_id": 1, "quantity": "many"}]},
        {"lines": []},
        {"lines": "x"},
        {},
    ],
)
def test_demand_request_bad_input_is_422_in_chinese(company, order, api, payload):
    body = api_error(
        api.as_(company.assistant1).post(
            f"{BASE}/orders/{order.pk}/demand-requests/", payload, format="json"
        ),
        422,
    )
    assert body["message"] == "输入有误，请检查标出的字段。"


def test_unknown_ids_are_404_never_500(company, order, api):
    api.as_(company.assistant1)
    api_error(api.get(f"{BASE}/orders/999999/"), 404)
    api_error(
        api.post(
            f"{BASE}/orders/{order.pk}/demand-requests/",
            {"lines": [{"line_id": 999999, "quantity": 1}]},
            format="json",
        ),
        404,
        "BR-FUL-02",
    )
    api_error(api.post(f"{BASE}/demand-requests/999999/issue/"), 404)
    api_error(api.post(f"{BASE}/outbounds/999999/ship/"), 404)
    body = api_error(api.post(f"{BASE}/orders/", {"contract_id": 999999}, format="json"), 404)
    assert body["message"] == "未找到该合同。"


def test_unknown_product_is_404(company, catalog, customer, api):
    from l2c.contracts.tests.conftest import reserve

    rsv = reserve(company.rep, customer, catalog.units["3-1501"])
    body = api_error(
        api.as_(company.rep).post(
            f"{BASE}/orders/",
            {"reservation_id": rsv.pk, "lines": [{"product_id": 10**15, "quantity": 1}]},
            format="json",
        ),
        404,
        "BR-FUL-02",
    )
    assert body["message"] == "第 1 行：未找到该产品。"


@pytest.mark.parametrize(
    "payload",
    [
        {"contract_id": "x"},
        {"contract_id": -1},
        {"contract_id": 10**30},
        {"ship_by": "tomorrow"},
        {"lines": [{"product_id": 1, "quantity": -1}]},
        {"lines": [{"product_id": 1, "quantity": 1, "price": "-5"}]},
    ],
)
def test_order_create_bad_input_is_422(company, contract, api, payload):
    api_error(api.as_(company.assistant1).post(f"{BASE}/orders/", payload, format="json"), 422)


def test_order_create_needs_a_source_and_a_signed_contract(company, contract, api):
    api.as_(company.assistant1)
    body = api_error(api.post(f"{BASE}/orders/", {}, format="json"), 422, "BR-FUL-02")
    assert body["message"] == "请选择合同或认购书。"
    api.post(f"{BASE}/orders/", {"contract_id": contract.pk}, format="json")
    body = api_error(api.post(f"{BASE}/orders/", {"contract_id": contract.pk}, format="json"), 409)
    assert "已有订单" in body["message"]


def test_confirm_bad_input(company, order, api):
    api.as_(company.assistant1)
    api_error(
        api.post(f"{BASE}/outbounds/999999/confirm/", {"signed_by": "x"}, format="multipart"),
        404,
    )


def test_scope_other_department_sees_nothing(company, order, api):
    api.as_(company.reps2[0])
    api_error(api.get(f"{BASE}/orders/{order.pk}/"), 404)
    assert api.get(f"{BASE}/orders/").json()["count"] == 0
    api.as_(company.warehouse)  # the warehouse ships every order
    assert api.get(f"{BASE}/orders/").json()["count"] == 1
    api.as_(company.finance)
    assert api.get(f"{BASE}/orders/").json()["count"] == 1


def test_order_list_filters(company, order, api, clock):
    from l2c.core.testing import at

    api.as_(company.assistant1)
    assert api.get(f"{BASE}/orders/?due=overdue").json()["count"] == 0
    clock.move_to(at(2026, 11, 25, 9))
    assert api.get(f"{BASE}/orders/?due=overdue").json()["count"] == 1
    api_error(api.get(f"{BASE}/orders/?due=someday"), 422)


def test_order_list_query_count_does_not_grow(company, catalog, contract, api):
    from l2c.catalog.tests.factories import make_customer
    from l2c.contracts.tests.conftest import reserve, signed_contract
    from l2c.fulfillment import services

    services.order_create(actor=company.assistant1.user, contract_id=contract.pk)
    api.as_(company.assistant1)
    one, body = queries_of(api, f"{BASE}/orders/")
    assert body["count"] == 1
    for i, code in enumerate(("3-1401", "3-1402", "3-1601")):
        customer = make_customer(company.rep, mobile=f"1390013{8200 + i:04d}", name=f"客户{i}")
        more = signed_contract(company, reserve(company.rep, customer, catalog.units[code]))
        services.order_create(actor=company.assistant1.user, contract_id=more.pk)
    four, body = queries_of(api, f"{BASE}/orders/")
    assert body["count"] == 4 and four == one
