"""REST API of receivables (BR-FIN-03, 04, 05): the plan, events, money against a milestone,
receivables and ageing, breach handling; bad input is a 4xx with a Chinese message, never a
500; the receivables list is a fixed number of queries."""

from __future__ import annotations

import pytest

from l2c.core.testing import api_error, at, queries_of
from l2c.finance.models import MoneyRecord, PaymentMilestone
from l2c.finance.tests.conftest import make_contract, make_reservation

pytestmark = pytest.mark.django_db
BASE = "/api/v1/finance"
PLAN = [
    {"kind": "advance", "percent": "30", "due_by": "on_signing"},
    {"kind": "arrival", "percent": "60", "due_by": "on_arrival", "offset_days": 10},
    {"kind": "acceptance", "percent": "7", "due_by": "on_acceptance"},
    {"kind": "retention", "percent": "3", "due_by": "at_warranty_expiry"},
]


@pytest.fixture
def contract(deal):
    return make_contract(deal.reservation)


def set_plan(api, who, contract, milestones=PLAN):
    return api.as_(who).post(
        f"{BASE}/contracts/{contract.pk}/payment-plan/", {"milestones": milestones}, format="json"
    )


def test_br_fin_03_api_plan_set_and_read(api, deal, contract):
    response = set_plan(api, deal.cashier, contract)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert [m["amount"] for m in body["milestones"]] == [
        "480150.00",
        "960300.00",
        "112035.00",
        "48015.00",
    ]
    assert [m["state"] for m in body["milestones"]] == ["due", "not_due", "not_due", "not_due"]
    assert body["in_default"] is False and body["settlement_amount"] == "1600500.00"
    rep_view = api.as_(deal.rep).get(f"{BASE}/contracts/{contract.pk}/payment-plan/")
    assert rep_view.status_code == 200 and len(rep_view.json()["milestones"]) == 4
    other = api.as_(deal.company.reps2[0]).get(f"{BASE}/contracts/{contract.pk}/payment-plan/")
    api_error(other, 404)


def test_br_fin_03_api_retention_over_3_percent_and_wrong_sum_are_422(api, deal, contract):
    bad = [dict(m) for m in PLAN]
    bad[2]["percent"], bad[3]["percent"] = "6.99", "3.01"
    body = api_error(set_plan(api, deal.cashier, contract, bad), 422, "BR-FIN-03")
    assert "质保金" in body["message"]
    short = [dict(m) for m in PLAN[:3]]
    body = api_error(set_plan(api, deal.cashier, contract, short), 422, "BR-FIN-03")
    assert "还差 ¥48,015.00" in body["message"]


@pytest.mark.parametrize(
    "milestones",
    [
        [{"kind": "bogus", "percent": "100", "due_by": "on_signing"}],
        [{"kind": "advance", "percent": "100", "due_by": "someday"}],
        [{"kind": "advance", "amount": "-5", "due_by": "on_signing"}],
        [{"kind": "advance", "amount": "1" * 19, "due_by": "on_signing"}],
        [{"kind": "advance", "amount": "abc", "due_by": "on_signing"}],
        [{"kind": "advance", "percent": "1e400", "due_by": "on_signing"}],
        [{"kind": "advance", "amount": "100", "percent": "5", "due_by": "on_signing"}],
        [{"kind": "advance", "percent": "100", "due_by": "date", "due_on": "tomorrow"}],
        [{"kind": "advance", "percent": "100", "due_by": "on_signing", "offset_days": -1}],
        [{"kind": "advance", "percent": "100", "due_by": "on_signing", "offset_days": "x"}],
        [{"kind": "advance", "percent": "100", "due_by": "date"}],
        [],
        "not a list",
        [42],
    ],
)
def test_api_plan_bad_input_is_4xx_with_a_chinese_message(api, deal, contract, milestones):
    response = set_plan(api, deal.cashier, contract, milestones)
    assert response.status_code in (400, 422), response.content
    body = response.json()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])
    assert not PaymentMilestone.objects.exists()


def test_br_fin_03_api_events_and_receipts(api, deal, contract, clock):
    set_plan(api, deal.cashier, contract)
    client = api.as_(deal.cashier)
    clock.move_to(at(2027, 2, 1))
    response = client.post(
        f"{BASE}/contracts/{contract.pk}/events/",
        {"event": "acceptance", "on": "2027-01-20", "warranty_months": 12},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["accepted_on"] == "2027-01-20" and body["warranty_expires_on"] == "2028-01-20"
    assert body["milestones"][2]["due_on"] == "2027-01-20"
    assert body["milestones"][3]["due_on"] == "2028-01-20"
    api_error(
        client.post(
            f"{BASE}/contracts/{contract.pk}/events/",
            {"event": "explosion", "on": "2027-01-20"},
            format="json",
        ),
        422,
    )
    advance_id = body["milestones"][0]["id"]
    url = f"{BASE}/milestones/{advance_id}/receipts/"
    pay = {"amount": "300000", "payer": "赵先生", "method": "bank", "bank_ref": "ICBC-MS-API-1"}
    first = client.post(url, pay, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["kind"] == "milestone" and first.json()["duplicate"] is False
    again = client.post(url, pay, format="json")
    assert again.status_code == 200 and again.json()["number"] == first.json()["number"]
    assert MoneyRecord.objects.count() == 1
    over = client.post(url, {**pay, "amount": "180150.01", "bank_ref": "X2"}, format="json")
    assert "尚欠 ¥180,150.00" in api_error(over, 422, "BR-FIN-03")["message"]
    for amount in ("-1", "0", "abc", "9" * 19, ""):
        response = client.post(url, {**pay, "amount": amount, "bank_ref": "X3"}, format="json")
        assert response.status_code == 422, (amount, response.content)
    api_error(client.post(url, {**pay, "method": "gold", "bank_ref": "X4"}, format="json"), 422)
    api_error(api.as_(deal.rep).post(url, {**pay, "bank_ref": "X5"}, format="json"), 403)
    api_error(client.post(f"{BASE}/milestones/999999/receipts/", pay, format="json"), 404)


def test_br_fin_04_api_receivables_ageing_and_query_count(api, deal, contract, company, clock):
    set_plan(api, deal.cashier, contract)
    for i in range(4):
        other = make_contract(make_reservation(company, company.reps2[i % 2]))
        set_plan(
            api,
            company.finance,
            other,
            [{"kind": "advance", "amount": "1600500", "due_by": "date", "due_on": "2026-10-01"}],
        )
    client = api.as_(deal.cashier)
    count, body = queries_of(client, f"{BASE}/receivables/?as_of=2026-12-31")
    assert body["count"] == 5 and len(body["results"]) == 5
    assert body["results"][0]["overdue_days"] == 91 and body["results"][0]["in_default"]
    assert count <= 6, count
    more = make_contract(make_reservation(company, company.reps2[0]))
    set_plan(
        api, company.finance, more, [{"kind": "advance", "percent": "100", "due_by": "on_signing"}]
    )
    count_more, body = queries_of(client, f"{BASE}/receivables/?as_of=2026-12-31")
    assert body["count"] == 6 and count_more == count  # one query per page, whatever its length
    ageing = client.get(f"{BASE}/receivables/ageing/?as_of=2026-12-31").json()
    assert {b["key"]: b["amount"] for b in ageing["buckets"]}["d90_plus"] == "6402000.00"
    customers = client.get(f"{BASE}/receivables/customers/").json()
    assert customers["count"] == 6
    mine = api.as_(deal.rep).get(f"{BASE}/receivables/").json()
    assert [r["contract"] for r in mine["results"]] == [contract.pk]
    api_error(client.get(f"{BASE}/receivables/?as_of=someday"), 422)


def test_br_fin_05_api_breach_open_only_in_default(api, deal, contract, clock):
    set_plan(
        api,
        deal.cashier,
        contract,
        [{"kind": "advance", "amount": "1600500", "due_by": "date", "due_on": "2026-12-01"}],
    )
    client = api.as_(deal.cashier)
    clock.move_to(at(2027, 1, 30))
    body = api_error(client.post(f"{BASE}/contracts/{contract.pk}/breach-cases/"), 422, "BR-FIN-05")
    assert "尚未构成违约" in body["message"]
    clock.move_to(at(2027, 1, 31))
    opened = client.post(f"{BASE}/contracts/{contract.pk}/breach-cases/")
    assert opened.status_code == 201, opened.json()
    case = opened.json()
    assert case["overdue_days"] == 61
    step = client.post(
        f"{BASE}/breach-cases/{case['id']}/steps/", {"text": "发律师函"}, format="json"
    )
    assert step.status_code == 200 and step.json()["steps"][0]["text"] == "发律师函"
    api_error(client.post(f"{BASE}/breach-cases/{case['id']}/steps/", {}, format="json"), 422)
    closed = client.post(
        f"{BASE}/breach-cases/{case['id']}/close/", {"outcome": "已和解"}, format="json"
    )
    assert closed.status_code == 200 and closed.json()["closed_at"]
    assert client.get(f"{BASE}/breach-cases/").json()["count"] == 1


def test_br_fin_03_api_settlement_amount_below_the_price_caps_the_retention(api, deal, contract):
    set_plan(api, deal.cashier, contract)  # retention 48,015.00 = 3% of 1,600,500.00
    url = f"{BASE}/contracts/{contract.pk}/settlement/"
    body = api_error(
        api.as_(deal.cashier).post(url, {"amount": "1600000"}, format="json"), 422, "BR-FIN-03"
    )
    assert "上限 ¥48,000.00" in body["message"]
    ok = api.as_(deal.cashier).post(url, {"amount": "1600500.00"}, format="json")
    assert ok.status_code == 200 and ok.json()["settlement_amount"] == "1600500.00"
    more = api.as_(deal.cashier).post(url, {"amount": "1700000"}, format="json").json()
    assert more["settlement_amount"] == "1700000.00"
    api_error(api.as_(deal.rep).post(url, {"amount": "1700000"}, format="json"), 403)
    api_error(api.as_(deal.cashier).post(url, {"amount": "-1"}, format="json"), 422)
