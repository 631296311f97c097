"""Bid bonds (BR-DEAL-05) through the API (/api/v1/finance/bid-bonds/…) and the forms on the
tender page that post to finance: finance only (BR-FIN-01), at most 2 % of the estimated
price, one record per bank reference (BR-FIN-06), refunded in full when lost and less the
invoiced service fee when won."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from l2c.core.testing import at
from l2c.deals import services as deals
from l2c.deals.tests.factories import decided, tender
from l2c.finance.models import Direction, MoneyKind, MoneyRecord, ReceiptStatus
from l2c.finance.services.bonds import bid_bond_pay
from l2c.finance.tests.conftest import login

pytestmark = pytest.mark.django_db

PAY = "/api/v1/finance/bid-bonds/"
REFUND = "/api/v1/finance/bid-bonds/refunds/"
BIDDERS = [
    {"name": "本公司", "is_us": True},
    {"name": "东方环保", "price": "990000.00"},
    {"name": "清源水务", "price": "1010000.00"},
]


def _decided(company):
    return decided(company, tender(company.rep, estimated="1000000.00"))


def _paid(company, t, amount="20000.00", ref="BANK-0001"):
    return bid_bond_pay(actor=company.finance.user, tender_id=t.pk, amount=amount, bank_ref=ref)


def _result(company, clock, t, *, won: bool):
    rep = company.rep.user
    deals.tender_record_step(actor=rep, tender_id=t.pk, step="documents_ready")
    deals.tender_set_price(actor=rep, tender_id=t.pk, price="1000000.00")
    deals.tender_record_step(actor=rep, tender_id=t.pk, step="submitted")
    clock.move_to(at(2026, 12, 10, 11))
    deals.tender_record_opening(actor=rep, tender_id=t.pk, bidders=BIDDERS)
    if won:
        return deals.tender_record_result(
            actor=rep,
            tender_id=t.pk,
            won=True,
            publicity_start="2026-12-11",
            publicity_end="2026-12-17",
        )
    return deals.tender_record_result(actor=rep, tender_id=t.pk, won=False)


# --- API ----------------------------------------------------------------------------------


def test_br_deal_05_api_finance_pays_a_bond_within_2_percent(api, company, clock):
    t = _decided(company)
    response = api.as_(company.finance).post(
        PAY,
        {"tender_id": t.pk, "amount": "20000", "bank_ref": "ICBC-BOND-1"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["number"].startswith("SJ-202611-")
    assert (body["direction"], body["kind"], body["amount"]) == (
        Direction.OUT,
        MoneyKind.BID_BOND,
        "20000.00",
    )
    assert body["amount_upper"] == "人民币贰万元整"
    assert (body["tender"], body["tender_number"]) == (t.pk, t.number)
    assert body["duplicate"] is False and body["bank_ref"] == "ICBC-BOND-1"
    t.refresh_from_db()
    assert t.bond_paid == Decimal("20000.00")


def test_br_deal_05_api_the_payment_time_may_be_given(api, company, clock):
    t = _decided(company)
    response = api.as_(company.finance).post(
        PAY,
        {
            "tender_id": t.pk,
            "amount": "5000.00",
            "bank_ref": "ICBC-BOND-2",
            "at": "2026-11-20T15:30:00+08:00",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert MoneyRecord.objects.get().at == at(2026, 11, 20, 15, 30)
    future = api.as_(company.finance).post(
        PAY,
        {
            "tender_id": t.pk,
            "amount": "5000.00",
            "bank_ref": "ICBC-BOND-3",
            "at": "2026-11-30T10:00:00+08:00",
        },
        format="json",
    )
    assert future.status_code == 422 and future.json()["rule"] == "BR-FIN-01"


def test_br_deal_05_api_over_2_percent_is_refused_422(api, company, clock):
    t = _decided(company)
    response = api.as_(company.finance).post(
        PAY, {"tender_id": t.pk, "amount": "20000.01", "bank_ref": "ICBC-BOND-1"}, format="json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["rule"] == "BR-DEAL-05" and body["code"] == "bond_too_high"
    assert "¥20,000.00" in body["message"]
    assert not MoneyRecord.objects.exists()


def test_br_deal_05_api_a_rep_is_refused_403_br_fin_01(api, company, clock):
    t = _decided(company)
    for url in (PAY, REFUND):
        response = api.as_(company.rep).post(
            url, {"tender_id": t.pk, "amount": "20000", "bank_ref": "ICBC-BOND-1"}, format="json"
        )
        assert response.status_code == 403
        assert response.json()["rule"] == "BR-FIN-01"
    assert not MoneyRecord.objects.exists()


def test_br_deal_05_api_same_bank_ref_twice_is_one_record(api, company, clock):
    t = _decided(company)
    client = api.as_(company.finance)
    payload = {"tender_id": t.pk, "amount": "20000", "bank_ref": "ICBC-BOND-1"}
    first = client.post(PAY, payload, format="json")
    second = client.post(PAY, payload, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["number"] == first.json()["number"]
    assert second.json()["duplicate"] is True
    other = client.post(PAY, {**payload, "amount": "10000"}, format="json")
    assert other.status_code == 409 and other.json()["rule"] == "BR-FIN-06"
    assert MoneyRecord.objects.count() == 1
    t.refresh_from_db()
    assert t.bond_paid == Decimal("20000.00")


def test_br_deal_05_api_refuses_bad_input_and_unknown_tenders(api, company, clock):
    client = api.as_(company.finance)
    missing = client.post(PAY, {"tender_id": 1, "amount": "100"}, format="json")
    assert missing.status_code == 422 and "bank_ref" in missing.json()["fields"]
    unknown = client.post(
        PAY, {"tender_id": 999999, "amount": "100", "bank_ref": "X-1"}, format="json"
    )
    assert unknown.status_code == 404 and unknown.json()["rule"]
    t = tender(company.rep, estimated="1000000.00")  # reported, not decided: nothing to pay
    early = client.post(PAY, {"tender_id": t.pk, "amount": "100", "bank_ref": "X-2"}, format="json")
    assert early.status_code == 409 and early.json()["rule"] == "BR-DEAL-05"
    assert not MoneyRecord.objects.exists()


def test_br_deal_05_api_a_lost_bid_gets_the_bond_back_in_full(api, company, clock):
    t = _decided(company)
    paid = _paid(company, t)
    client = api.as_(company.finance)
    early = client.post(
        REFUND, {"tender_id": t.pk, "amount": "20000", "bank_ref": "BACK-1"}, format="json"
    )
    assert early.status_code == 409 and early.json()["rule"] == "BR-DEAL-05"
    _result(company, clock, t, won=False)
    short = client.post(
        REFUND, {"tender_id": t.pk, "amount": "19000", "bank_ref": "BACK-1"}, format="json"
    )
    assert short.status_code == 422 and short.json()["code"] == "refund_amount"
    payload = {"tender_id": t.pk, "amount": "20000", "bank_ref": "BACK-1"}
    back = client.post(REFUND, payload, format="json")
    assert back.status_code == 201, back.json()
    body = back.json()
    assert (body["direction"], body["kind"], body["amount"]) == (
        Direction.IN,
        MoneyKind.BID_BOND_REFUND,
        "20000.00",
    )
    assert body["related_number"] == paid.number and body["tender"] == t.pk
    again = client.post(REFUND, payload, format="json")
    assert again.status_code == 200 and again.json()["number"] == body["number"]
    assert MoneyRecord.objects.get(pk=paid.pk).status == ReceiptStatus.REFUNDED
    twice = client.post(REFUND, {**payload, "bank_ref": "BACK-2"}, format="json")
    assert twice.status_code == 409 and twice.json()["rule"] == "BR-DEAL-05"
    assert MoneyRecord.objects.filter(kind=MoneyKind.BID_BOND_REFUND).count() == 1


def test_br_deal_05_api_a_won_bid_gets_the_bond_back_less_the_service_fee(api, company, clock):
    t = _decided(company)
    _paid(company, t)
    _result(company, clock, t, won=True)
    client = api.as_(company.finance)
    payload = {"tender_id": t.pk, "amount": "7500", "bank_ref": "BACK-1"}
    no_invoice = client.post(REFUND, payload, format="json")
    assert no_invoice.status_code == 422
    assert no_invoice.json()["code"] == "service_fee_invoice_required"
    deals.tender_record_service_fee(
        actor=company.finance.user, tender_id=t.pk, service_fee="12500.00", invoice="No.04417788"
    )
    full = client.post(REFUND, {**payload, "amount": "20000"}, format="json")
    assert full.status_code == 422 and full.json()["rule"] == "BR-DEAL-05"
    back = client.post(REFUND, payload, format="json")
    assert back.status_code == 201, back.json()
    assert back.json()["amount"] == "7500.00" and back.json()["direction"] == Direction.IN
    t.refresh_from_db()
    assert (t.bond_paid, t.bond_refunded) == (Decimal("20000.00"), Decimal("7500.00"))


def test_br_deal_05_api_bond_records_list_in_fixed_queries(api, company, clock):
    client = api.as_(company.finance)
    _paid(company, _decided(company), ref="BANK-A")
    client.get("/api/v1/finance/money/")  # warm up
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/finance/money/")
    first = len(ctx.captured_queries)
    for i in range(4):
        _paid(company, _decided(company), ref=f"BANK-{i}")
    with CaptureQueriesContext(connection) as ctx:
        listed = client.get("/api/v1/finance/money/").json()
    assert listed["count"] == 5 and all(r["tender_number"] for r in listed["results"])
    assert len(ctx.captured_queries) <= first


# --- the forms on the tender page ---------------------------------------------------------


def _page(client, t) -> str:
    response = client.get(reverse("deals:tender", args=[t.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_br_deal_05_web_finance_pays_the_bond_from_the_tender_page(client, company, clock):
    t = _decided(company)
    login(client, company.finance)
    page = _page(client, t)
    assert 'id="bond-pay-form"' in page and "缴纳投标保证金" in page
    assert 'value="20000.00"' in page  # prefilled with what the 2 % still allows
    assert "不超过项目估算价的 2%（¥20,000.00）" in page
    tender_url = reverse("deals:tender", args=[t.pk])
    response = client.post(
        reverse("finance:bid_bond_pay", args=[t.pk]),
        {"amount": "15000", "bank_ref": "ICBC-WEB-1", "next": tender_url},
    )
    assert response.status_code == 302 and response["Location"] == tender_url
    record = MoneyRecord.objects.get()
    assert (record.kind, record.amount, record.tender_id) == (
        MoneyKind.BID_BOND,
        Decimal("15000.00"),
        t.pk,
    )
    page = _page(client, t)
    assert record.number in page and "已缴 ¥15,000.00" in page
    assert 'value="5000.00"' in page
    # over the cap: the message on the tender page, nothing written
    over = client.post(
        reverse("finance:bid_bond_pay", args=[t.pk]),
        {"amount": "5000.01", "bank_ref": "ICBC-WEB-2", "next": "https://evil.example/"},
        follow=True,
    )
    assert over.redirect_chain[-1][0] == tender_url  # never off-site
    assert "BR-DEAL-05" in over.content.decode()
    assert MoneyRecord.objects.count() == 1


def test_br_deal_05_web_finance_refunds_a_lost_bond_from_the_tender_page(client, company, clock):
    t = _decided(company)
    _paid(company, t)
    _result(company, clock, t, won=False)
    login(client, company.finance)
    page = _page(client, t)
    assert 'id="bond-refund-form"' in page and 'id="bond-pay-form"' not in page
    assert "全额退还" in page
    response = client.post(
        reverse("finance:bid_bond_refund", args=[t.pk]),
        {"amount": "20000.00", "bank_ref": "BACK-WEB-1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("deals:tender", args=[t.pk])
    assert "投标保证金退还 ¥20,000.00 已登记" in response.content.decode()
    assert MoneyRecord.objects.filter(kind=MoneyKind.BID_BOND_REFUND).count() == 1
    assert 'id="bond-card"' not in _page(client, t)  # settled: no more forms


def test_br_deal_05_web_a_rep_sees_no_bond_form_and_is_refused(client, company, clock):
    t = _decided(company)
    login(client, company.rep)
    assert 'id="bond-card"' not in _page(client, t)
    response = client.post(
        reverse("finance:bid_bond_pay", args=[t.pk]), {"amount": "100", "bank_ref": "X"}
    )
    assert response.status_code == 403
    assert not MoneyRecord.objects.exists()


def test_br_deal_05_web_the_tender_page_runs_fixed_queries_with_the_bond(client, company, clock):
    t = _decided(company)
    login(client, company.finance)
    url = reverse("deals:tender", args=[t.pk])
    client.get(url)  # warm up what is cached per session

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(3):
        _paid(company, t, amount="5000.00", ref=f"BANK-Q{i}")
    after = count()
    assert after <= before, (before, after)
    assert before <= 25, before
