"""The deals API (/api/v1/deals/): opportunities, quotes and tenders through the services,
errors as {code, rule, message}, the confidential bid price, and list endpoints in a fixed
number of queries."""

from __future__ import annotations

import pytest

from l2c.core.testing import api_error, queries_of
from l2c.deals import services
from l2c.deals.models import DiscountRequest, Quote
from l2c.deals.tests.factories import customer, decided, opportunity, quote, tender
from l2c.deals.tests.helpers import approve_all, everyone, request_of

pytestmark = pytest.mark.django_db

BASE = "/api/v1/deals/"


def test_br_deal_01_api_opportunity_create_move_and_funnel(company, api, clock):
    cust = customer(company.rep, "吴女士")
    client = api.as_(company.rep)
    r = client.post(
        f"{BASE}opportunities/",
        {"customer": cust.pk, "name": "吴女士 3-1502", "amount": "1650000.00"},
        format="json",
    )
    assert r.status_code == 201, r.content
    opp = r.json()
    assert opp["stage"] == "lead" and opp["customer"] == {"id": cust.pk, "name": "吴女士"}
    url = f"{BASE}opportunities/{opp['id']}/move/"
    api_error(client.post(url, {"stage": "won"}, format="json"), 422, "BR-DEAL-01")
    api_error(client.post(url, {"stage": "lost"}, format="json"), 422, "BR-DEAL-01")
    r = client.post(url, {"stage": "proposal", "version": opp["version"]}, format="json")
    assert r.status_code == 200 and r.json()["stage"] == "proposal"
    assert [c["to_stage"] for c in r.json()["changes"]] == ["proposal"]
    stale = client.patch(
        f"{BASE}opportunities/{opp['id']}/", {"version": 1, "name": "x"}, format="json"
    )
    api_error(stale, 409, "BR-SEC-03")
    funnel = client.get(f"{BASE}opportunities/funnel/").json()
    assert {f["stage"]: f["count"] for f in funnel}["proposal"] == 1
    # another rep: not found, nothing leaked
    api_error(api.as_(company.reps1[1]).get(f"{BASE}opportunities/{opp['id']}/"), 404)


def test_br_deal_01_api_opportunity_list_fixed_queries(company, api, clock):
    opportunity(company.rep)
    client = api.as_(company.supervisor1)
    first, _body = queries_of(client, f"{BASE}opportunities/")
    for i in range(5):
        opportunity(company.reps1[i % 2], name=f"商机{i}")
    second, body = queries_of(client, f"{BASE}opportunities/")
    assert body["count"] == 6 and second <= first


def test_br_deal_03_api_quote_review_discount_send_revise(company, cat, api, clock):
    opp = opportunity(company.rep)
    client = api.as_(company.rep)
    r = client.post(
        f"{BASE}quotes/",
        {
            "opportunity": opp.pk,
            "lines": [{"unit": cat.unit.pk, "unit_price": "1600500.00"}],
            "payment_terms": "首付 30%",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    q = r.json()
    assert q["discount_needed"] and q["max_discount_percent"] == "3.00"
    assert q["lines"][0]["floor_price"] == "1650000.00" and q["lines"][0]["below_floor"]
    api_error(client.post(f"{BASE}quotes/{q['id']}/send/"), 409, "BR-DEAL-03")
    q = client.post(f"{BASE}quotes/{q['id']}/submit/").json()
    assert q["status"] == "in_review" and q["review_request"]
    approve_all(request_of(Quote.objects.get(pk=q["id"]), "quote"), everyone(company))
    api_error(client.post(f"{BASE}quotes/{q['id']}/send/"), 422, "BR-APR-02")
    q = client.post(
        f"{BASE}quotes/{q['id']}/request-discount/", {"reason": "当日签约"}, format="json"
    ).json()
    assert q["discount_status"] == "in_approval"
    dr_id = q["discount_requests"][0]["id"]
    discount = client.get(f"{BASE}discounts/{dr_id}/").json()
    assert discount["quote"] == q["id"] and discount["unit_code"] == "3-1502"
    assert discount["customer"] == opp.customer_id and discount["quote_number"] == q["number"]
    approve_all(request_of(DiscountRequest.objects.get(pk=dr_id), "discount"), everyone(company))
    q = client.post(f"{BASE}quotes/{q['id']}/send/").json()
    assert q["status"] == "sent" and q["discount_covered"]
    r = client.post(
        f"{BASE}quotes/{q['id']}/revise/",
        {"reason": "改为一次性付款", "payment_terms": "一次性付款"},
        format="json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["revision"] == 2 and r.json()["previous"] == q["id"]
    assert client.get(f"{BASE}quotes/{q['id']}/").json()["status"] == "superseded"


def test_br_deal_03_api_quote_list_fixed_queries(company, cat, api, clock):
    opp = opportunity(company.rep)
    quote(company.rep, opp, [{"unit": cat.unit.pk, "unit_price": "1650000.00"}])
    client = api.as_(company.manager1)
    first, _body = queries_of(client, f"{BASE}quotes/")
    for _i in range(4):
        q = quote(company.rep, opp, [{"unit": cat.unit2.pk, "unit_price": "1600000.00"}])
        services.quote_request_discount(actor=company.rep.user, quote_id=q.pk)
    second, body = queries_of(client, f"{BASE}quotes/")
    assert body["count"] == 5 and second <= first


def test_br_deal_04_api_the_price_is_confidential_outside_the_bid_team(company, api, clock):
    t = decided(company, tender(company.rep, team=[company.tech]))
    services.tender_set_price(actor=company.rep.user, tender_id=t.pk, price="1420000.00")
    url = f"{BASE}tenders/{t.pk}/"
    for person, shown in (
        (company.rep, "1420000.00"),
        (company.tech, "1420000.00"),
        (company.gm, "1420000.00"),
        (company.supervisor1, "保密"),
        (company.manager1, "保密"),
        (company.director, "保密"),
        (company.finance, "保密"),  # finance sees the tender for the bond, not the price
    ):
        body = api.as_(person).get(url).json()
        assert body["bid_price"] == shown, person.name
    listed = api.as_(company.vp).get(f"{BASE}tenders/").json()["results"][0]
    assert listed["bid_price"] == "保密" and not listed["bid_price_visible"]
    api_error(api.as_(company.reps1[1]).get(url), 404)
    api_error(
        api.as_(company.supervisor1).post(f"{url}price/", {"price": "1.00"}, format="json"),
        403,
        "BR-DEAL-04",
    )


def test_br_deal_04_api_tender_list_fixed_queries(company, api, clock):
    tender(company.rep, team=[company.tech])
    client = api.as_(company.manager1)
    first, _body = queries_of(client, f"{BASE}tenders/")
    for i in range(4):
        t = decided(company, tender(company.rep, title=f"项目{i}", team=[company.tech]))
        services.tender_set_price(actor=company.rep.user, tender_id=t.pk, price="1000.00")
    second, body = queries_of(client, f"{BASE}tenders/")
    assert body["count"] == 5 and second <= first
    assert body["results"][0]["documents_due"] and body["results"][0]["bid_team"]


def test_br_deal_02_api_report_and_steps(company, api, clock):
    cust = customer(company.rep, "市水务集团")
    client = api.as_(company.rep)
    r = client.post(
        f"{BASE}tenders/",
        {
            "customer": cust.pk,
            "title": "中水回用工程",
            "estimated_price": "800000.00",
            "opening_at": "2026-12-10T09:30:00+08:00",
            "bid_team": [company.tech.pk],
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    t = r.json()
    assert t["status"] == "reported" and {m["id"] for m in t["bid_team"]} == {
        company.rep.pk,
        company.tech.pk,
    }
    assert t["documents_due"].startswith("2026-12-08T09:30")
    api_error(
        client.post(f"{BASE}tenders/{t['id']}/steps/", {"step": "site_survey"}, format="json"),
        409,
        "BR-DEAL-04",
    )
    t = client.post(f"{BASE}tenders/{t['id']}/decide/").json()
    assert t["status"] == "deciding" and t["decision_request"]
    api_error(
        client.post(f"{BASE}tenders/{t['id']}/team/", {"members": [999999]}, format="json"),
        422,
    )
    huge = 10**20  # a 20-digit id is refused as invalid, not an overflow (a 500)
    api_error(
        client.post(f"{BASE}tenders/{t['id']}/team/", {"members": [huge]}, format="json"), 422
    )
