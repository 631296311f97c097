"""The contracts API: /api/v1/contracts/… (errors as {code, rule, message}; lists with a
fixed number of queries; every contract read logged, BR-CON-06)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.approvals.selectors import approval_for_object
from l2c.catalog.models import Unit, UnitState
from l2c.contracts.models import ContractAccessLog
from l2c.contracts.tests.conftest import approve_all, reserve, signed_contract
from l2c.core.pdf import pdf_text

pytestmark = pytest.mark.django_db

BASE = "/api/v1/contracts/"


def _ok(response, status=200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def _error(response, status: int, rule: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    if rule:
        assert body["rule"] == rule
    return body


def _count(api, path: str) -> tuple[int, dict]:
    api.get(path)  # warm up what is cached per user
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path)
    return len(ctx.captured_queries), _ok(response)


def test_br_con_01_api_signs_a_reservation_and_refuses_with_the_rule(
    api, company, catalog, customer
):
    api.as_(company.rep)
    payload = {
        "customer_id": customer.pk,
        "unit_id": catalog.unit.pk,
        "kind": "deposit",
        "agreed_price": "1650000.00",
        "deposit_amount": "330000.01",
    }
    body = _error(api.post(f"{BASE}reservations/", payload, format="json"), 422, "BR-CAT-03")
    assert "民法典" in body["message"]
    payload["deposit_amount"] = "50000.00"
    r = _ok(api.post(f"{BASE}reservations/", payload, format="json"), 201)
    assert r["number"] == "RG-2026-S1-000001" and r["status"] == "signed"
    assert r["deposit_upper"] == "人民币伍万元整" and r["unit_code"] == "3-1502"
    assert Unit.objects.get(pk=catalog.unit.pk).state == UnitState.RESERVED
    _error(api.post(f"{BASE}reservations/", payload, format="json"), 422, "BR-CAT-03")
    # another rep: the customer's file is not theirs
    api.as_(company.reps1[1])
    _error(api.post(f"{BASE}reservations/", payload, format="json"), 404)
    _error(api.get(f"{BASE}reservations/{r['id']}/"), 404)


def test_br_con_02_api_revise_makes_a_new_version_and_prints_four_copies(
    api, company, catalog, customer
):
    r = reserve(company.rep, customer, catalog.unit)
    api.as_(company.rep)
    new = _ok(
        api.post(
            f"{BASE}reservations/{r.pk}/revise/",
            {"reason": "客户要求", "deposit_amount": "60000.00"},
            format="json",
        ),
        201,
    )
    assert new["version_no"] == 2 and new["previous"] == r.pk and new["number"] == r.number
    old = _ok(api.get(f"{BASE}reservations/{r.pk}/"))
    assert old["status"] == "superseded" and old["deposit_amount"] == "50000.00"
    response = api.get(f"{BASE}reservations/{new['id']}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert text.count("RG-2026-S1-000001") == 4 and "人民币陆万元整" in text


def test_br_con_07_api_cancel_needs_the_retention_note(api, company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    api.as_(company.rep)
    _error(api.post(f"{BASE}reservations/{r.pk}/cancel/", {"reason": "x"}, format="json"), 422)
    body = _ok(
        api.post(
            f"{BASE}reservations/{r.pk}/cancel/",
            {"reason": "资金不足", "retention_note": "已挽留"},
            format="json",
        )
    )
    assert body["status"] == "cancelled"


def test_br_con_03_to_05_api_contract_from_reservation_to_signature(
    api, company, catalog, customer
):
    r = reserve(company.rep, customer, catalog.unit)
    api.as_(company.rep)
    c = _ok(
        api.post(
            BASE,
            {
                "reservation_id": r.pk,
                "clause_changes": "补充：赠送车位一年",
                "payment_terms": [
                    {"name": "首付款", "percent": "30", "due": "2026-12-01"},
                    {"name": "按揭款", "percent": "70"},
                ],
            },
            format="json",
        ),
        201,
    )
    assert c["classification"] == "special" and c["special_reasons"] == ["clause_change"]
    assert c["special_reason_labels"] == ["条款修改或增加"] and c["number"] == ""
    assert c["payment_terms"][0] == {"name": "首付款", "percent": "30.00", "due": "2026-12-01"}
    c = _ok(api.post(f"{BASE}{c['id']}/submit/"))
    assert c["status"] == "in_review" and c["approval_request"]
    _error(api.post(f"{BASE}{c['id']}/sign/"), 409)
    approve_all(approval_for_object_by_id(c["id"]))
    api.as_(company.supervisor1)
    c = _ok(
        api.post(
            f"{BASE}{c['id']}/checklist/",
            {
                "clauses_and_figures": True,
                "signatures_and_seals": True,
                "attachments": True,
                "special_review_record": True,
                "note": "核对无误",
            },
            format="json",
        )
    )
    assert c["review_complete"] is True and c["review"]["reviewer_name"] == "主管1"
    api.as_(company.rep)
    c = _ok(api.post(f"{BASE}{c['id']}/sign/"))
    assert c["number"] == "HT-2026-S1-000001" and c["status"] == "signed"
    assert c["price_upper"] == "人民币壹佰陆拾伍万元整"


def approval_for_object_by_id(contract_id: int):
    from l2c.contracts.models import Contract

    return approval_for_object(Contract.objects.get(pk=contract_id), kind="special_contract")


def test_br_con_06_api_reads_are_logged_and_outsiders_get_404(api, company, catalog, customer):
    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    api.as_(company.manager1)
    body = _ok(api.get(f"{BASE}{contract.pk}/"))
    assert body["access_via"] == "role:manager"
    response = api.get(f"{BASE}{contract.pk}/pdf/")
    assert response.status_code == 200 and "人民币壹佰陆拾伍万元整" in pdf_text(response.content)
    log = _ok(api.get(f"{BASE}{contract.pk}/access-log/"))
    assert [(e["kind"], e["user_name"]) for e in log] == [("print", "经理1"), ("view", "经理1")]
    api.as_(company.reps1[1])
    for path in ("", "pdf/", "access-log/"):
        _error(api.get(f"{BASE}{contract.pk}/{path}"), 404)
    _error(api.post(f"{BASE}{contract.pk}/sign/"), 404)
    assert ContractAccessLog.objects.filter(contract=contract).count() == 2
    # ask, get approved, read
    access = _ok(
        api.post(
            f"{BASE}access-requests/",
            {"number": contract.number, "reason": "核对房号"},
            format="json",
        ),
        201,
    )
    assert access["status"] == "in_approval"
    from l2c.contracts.models import ContractAccessRequest

    approve_all(
        approval_for_object(
            ContractAccessRequest.objects.get(pk=access["id"]), kind="contract_access"
        )
    )
    assert _ok(api.get(f"{BASE}{contract.pk}/"))["access_via"] == f"approval:{access['id']}"
    mine = _ok(api.get(f"{BASE}access-requests/"))["results"]
    assert [a["status"] for a in mine] == ["approved"]


def test_br_con_06_api_borrow_and_return(api, company, catalog, customer):
    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    api.as_(company.rep)
    entry = _ok(api.post(f"{BASE}{contract.pk}/borrow/", {"note": "去银行"}, format="json"), 201)
    assert entry["kind"] == "borrow" and entry["via"] == "owner"
    _error(api.post(f"{BASE}{contract.pk}/borrow/", {}, format="json"), 409)
    _ok(api.post(f"{BASE}{contract.pk}/return/", {}, format="json"), 201)


def test_br_con_05_api_archive_list_and_archive(api, company, catalog, customer, clock):
    from l2c.core.testing import at

    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    clock.move_to(at(2026, 12, 7))
    api.as_(company.assistant1)
    rows = _ok(api.get(f"{BASE}archive/?overdue=true"))
    assert [(r["number"], r["overdue"]) for r in rows] == [(contract.number, True)]
    assert "price" not in rows[0]
    _error(api.get(f"{BASE}{contract.pk}/"), 404)  # the assistant files it, not reads it
    row = _ok(api.post(f"{BASE}{contract.pk}/archive/", {"location": "柜1"}, format="json"))
    assert row["archive_location"] == "柜1" and row["archived_at"]
    _error(api.post(f"{BASE}{contract.pk}/archive/", {"location": "柜1"}, format="json"), 409)
    assert _ok(api.get(f"{BASE}archive/")) == []


def test_br_con_07_api_change_request(api, company, catalog, customer):
    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    api.as_(company.rep)
    change = _ok(
        api.post(
            f"{BASE}changes/",
            {
                "contract_id": contract.pk,
                "kind": "name_change",
                "reason": "加名",
                "new_buyer_name": "赵先生、孙女士",
                "fee": "3000.00",
            },
            format="json",
        ),
        201,
    )
    assert change["status"] == "in_approval" and change["fee"] == "3000.00"
    assert _ok(api.get(f"{BASE}changes/{change['id']}/"))["kind_label"] == "换名"
    api.as_(company.reps1[1])
    _error(
        api.post(
            f"{BASE}changes/",
            {"contract_id": contract.pk, "kind": "cancellation", "reason": "x"},
            format="json",
        ),
        404,
    )


def _busy_contract(company, customer, unit):
    from l2c.contracts import services

    contract = signed_contract(company, reserve(company.rep, customer, unit))
    services.contract_change_request(
        actor=company.rep.user,
        contract_id=contract.pk,
        kind="name_change",
        reason="加名",
        new_buyer_name="赵先生、孙女士",
        fee="1000",
    )
    services.contract_access_request_create(
        actor=company.reps1[1].user, contract_id=contract.pk, reason="核对"
    )
    return contract


def test_br_rpt_05_contract_lists_run_a_fixed_number_of_queries(api, company, catalog, customer):
    units = list(catalog.units.values())
    for unit in units[:2]:
        _busy_contract(company, customer, unit)
    api.as_(company.supervisor1)
    paths = [
        f"{BASE}reservations/",
        BASE,
        f"{BASE}changes/",
        f"{BASE}access-requests/",
        f"{BASE}archive/",
    ]
    few = {p: _count(api, p)[0] for p in paths}
    for unit in units[2:6]:  # the fixture's building has six flats
        _busy_contract(company, customer, unit)
    many = {p: _count(api, p) for p in paths}
    assert {p: n for p, (n, _b) in many.items()} == few
    for path in paths[:4]:
        assert many[path][1]["count"] == 6
    assert len(many[f"{BASE}archive/"][1]) == 6
    assert Decimal(many[BASE][1]["results"][0]["price"]) > 0
