"""REST API of finance: /api/v1/finance/… (scoped, errors as {code, rule, message})."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.core.pdf import pdf_text
from l2c.finance.models import MoneyRecord
from l2c.finance.tests.conftest import make_contract, make_reservation

pytestmark = pytest.mark.django_db
BASE = "/api/v1/finance"


def _payload(deal, **kw):
    return {
        "kind": "deposit",
        "amount": "50000",
        "payer": deal.customer.name,
        "method": "bank",
        "bank_ref": "ICBC-API-1",
        "reservation_id": deal.reservation.pk,
        **kw,
    }


def test_br_fin_01_api_rep_cannot_record_money(api, deal):
    response = api.as_(deal.rep).post(f"{BASE}/money/", _payload(deal), format="json")
    assert response.status_code == 403
    assert response.json()["rule"] == "BR-FIN-01"
    assert "只有财务" in response.json()["message"]
    assert not MoneyRecord.objects.exists()


def test_br_fin_06_api_same_bank_ref_twice_answers_the_same_receipt(api, deal):
    client = api.as_(deal.cashier)
    first = client.post(f"{BASE}/money/", _payload(deal), format="json")
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["amount"] == "50000.00"
    assert body["amount_upper"] == "人民币伍万元整"
    assert body["reservation_number"] == deal.reservation.number
    assert body["duplicate"] is False
    second = client.post(f"{BASE}/money/", _payload(deal), format="json")
    assert second.status_code == 200
    assert second.json()["number"] == body["number"] and second.json()["duplicate"] is True
    conflict = client.post(f"{BASE}/money/", _payload(deal, amount="49999"), format="json")
    assert conflict.status_code == 409 and conflict.json()["rule"] == "BR-FIN-06"
    assert MoneyRecord.objects.count() == 1


def test_br_cat_03_api_deposit_over_cap_is_422(api, deal, company):
    reservation = make_reservation(company, price="100000.00", deposit="30000.00")
    response = api.as_(deal.cashier).post(
        f"{BASE}/money/",
        _payload(deal, amount="30000", reservation_id=reservation.pk),
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-CAT-03"


def test_api_money_scoped_rep_sees_own_receipts_only(api, deal, receive, company):
    mine = receive("50000")
    other = make_reservation(company, company.reps2[0])
    theirs = receive("50000", reservation=other, payer="孙女士")
    listed = api.as_(deal.rep).get(f"{BASE}/money/").json()
    assert [r["number"] for r in listed["results"]] == [mine.number]
    assert api.as_(deal.rep).get(f"{BASE}/money/{theirs.number}/").status_code == 404
    assert api.as_(deal.rep).get(f"{BASE}/money/{theirs.number}/pdf/").status_code == 404
    assert api.as_(company.supervisor2).get(f"{BASE}/money/{theirs.number}/").status_code == 200
    everything = api.as_(deal.cashier).get(f"{BASE}/money/").json()
    assert everything["count"] == 2


def test_api_money_list_filters_and_query_count(api, deal, receive, company):
    for i in range(5):
        r = make_reservation(company, company.reps1[i % 2])
        receive("20000", reservation=r, payer=f"客户{i}")
    make_contract(deal.reservation)
    client = api.as_(deal.cashier)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"{BASE}/money/?limit=50")
    assert response.status_code == 200 and response.json()["count"] == 5
    assert len(ctx.captured_queries) <= 6, [q["sql"] for q in ctx.captured_queries]
    assert client.get(f"{BASE}/money/?q=客户3").json()["count"] == 1
    assert client.get(f"{BASE}/money/?kind=payment").json()["count"] == 0
    assert client.get(f"{BASE}/money/?date_from=2026-11-23&date_to=2026-11-23").json()["count"] == 5
    assert client.get(f"{BASE}/money/?date_from=2026-11-24").json()["count"] == 0
    assert client.get(f"{BASE}/money/?kind=gold").status_code == 422


def test_api_pdf_and_daily_totals(api, deal, receive):
    record = receive("50000")
    client = api.as_(deal.rep)
    response = client.get(f"{BASE}/money/{record.number}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "伍万元整" in "".join(pdf_text(response.content).split())
    totals = api.as_(deal.cashier).get(f"{BASE}/money/daily-totals/").json()
    assert totals == [
        {"day": "2026-11-23", "received": "50000.00", "paid_out": "0.00", "net": "50000.00",
         "count": 1}
    ]  # fmt: skip


def test_br_fin_08_api_conversion_and_refund(api, deal, receive, company):
    record = receive("50000")
    contract = make_contract(deal.reservation)
    client = api.as_(deal.cashier)
    body = {"contract_id": contract.pk, "receipt_number": record.number}
    denied = api.as_(deal.rep).post(f"{BASE}/deposit-conversions/", body, format="json")
    assert denied.status_code == 403
    client = api.as_(deal.cashier)
    converted = client.post(f"{BASE}/deposit-conversions/", body, format="json")
    assert converted.status_code == 200
    assert [r["status"] for r in converted.json()] == ["returned"]
    twice = client.post(f"{BASE}/deposit-conversions/", body, format="json")
    assert twice.status_code == 409 and twice.json()["rule"] == "BR-FIN-08"
    empty = client.post(f"{BASE}/deposit-conversions/", {"contract_id": 1}, format="json")
    assert empty.status_code == 422

    other = make_reservation(company, deal.rep)
    deposit = receive("50000", reservation=other)
    refund = {
        "related_receipt_number": deposit.number,
        "amount": "50000",
        "bank_ref": "REF-API-1",
        "reason": "签约前退订",
    }
    created = client.post(f"{BASE}/refunds/", refund, format="json")
    assert created.status_code == 201 and created.json()["kind"] == "refund"
    assert created.json()["related_number"] == deposit.number
    again = client.post(f"{BASE}/refunds/", refund, format="json")
    assert again.status_code == 200 and again.json()["duplicate"] is True


def test_api_void(api, deal, receive):
    contract = make_contract(deal.reservation)
    record = receive("1000", kind="payment", contract_id=contract.pk)
    url = f"{BASE}/money/{record.number}/void/"
    assert api.as_(deal.rep).post(url, {"reason": "x"}, format="json").status_code == 403
    response = api.as_(deal.cashier).post(url, {"reason": "金额录错"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "void"


def test_api_receive_input_checked(api, deal):
    client = api.as_(deal.cashier)
    for bad in ({"kind": "refund"}, {"method": "gold"}, {"amount": "abc"}):
        response = client.post(f"{BASE}/money/", _payload(deal, **bad), format="json")
        assert response.status_code == 422, bad
    assert not MoneyRecord.objects.exists()
