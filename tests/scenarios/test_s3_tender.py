"""S3 steps 1–5 — an engineering tender (seed 000 销售部工作流程 / 投标流程) through the REST
API, each person logged in as themselves, under the fixed clock.

1. A tender notice is logged and reported; the manager decides to bid; above 1,000,000 元
   the GM decides too.
2. Tender documents bought; the 20,000.00 元 bid bond is paid and tracked.
3. Bid documents ready 2 days before the opening, the price 1 day before; a rep outside the
   bid team cannot see the price.
4. Opening record: three bidders with prices, durations and scope.
5. Won: publicity 6 days, award notice; contract signed on day 25 (on day 31 the award
   would have lapsed). The bond is refunded less the service fee.

The bond is paid and refunded by finance through ``/api/v1/finance/bid-bonds/``, and
"contract signed" is ``tender_mark_contracted`` — what the contracts app calls when the
contract is signed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from l2c.core.testing import at
from l2c.deals import selectors, services, tasks
from l2c.deals.models import Tender
from l2c.deals.tests.factories import customer
from l2c.finance.models import MoneyRecord

pytestmark = pytest.mark.django_db

TENDERS = "/api/v1/deals/tenders/"
INBOX = "/api/v1/approvals/inbox/"
REQUESTS = "/api/v1/approvals/requests/"


def ok(response, status=200) -> dict:
    assert response.status_code == status, response.content
    return response.json()


def decide_from_inbox(api, person, request_id: int, opinion: str) -> None:
    waiting = ok(api.as_(person).get(f"{INBOX}?box=waiting"))["results"]
    assert request_id in [i["request"] for i in waiting], person.name
    ok(
        api.post(
            f"{REQUESTS}{request_id}/decide/",
            {"decision": "approve", "opinion": opinion},
            format="json",
        )
    )


def test_s3_engineering_tender_steps_1_to_5(company, api, clock):
    rep = company.reps2[0]  # 销售二部: government and engineering tenders
    outsider = company.reps2[1]  # same team, not on the bid team
    manager, gm, engineer, finance = company.manager2, company.gm, company.tech, company.finance
    water = customer(rep, "市水务集团", company="杭州市水务集团有限公司")

    # 1. the notice is logged and reported; the manager is told at once ------------------
    t = ok(
        api.as_(rep).post(
            TENDERS,
            {
                "customer": water.pk,
                "title": "城北污水处理厂中水回用工程",
                "notice_ref": "ZB-2026-118",
                "estimated_price": "1500000.00",
                "opening_at": "2026-12-10T09:30:00+08:00",
                "bid_team": [engineer.pk],
            },
            format="json",
        ),
        201,
    )
    url = f"{TENDERS}{t['id']}/"
    notices = ok(api.as_(manager).get("/api/v1/notifications/"))["results"]
    assert any("城北污水处理厂" in n["title"] for n in notices)
    t = ok(api.as_(rep).post(f"{url}decide/"))
    assert t["status"] == "deciding"
    decide_from_inbox(api, manager, t["decision_request"], "资质符合，建议投标")
    assert ok(api.as_(rep).get(url))["status"] == "deciding"  # 1,500,000 > 1,000,000
    decide_from_inbox(api, gm, t["decision_request"], "同意投标")
    t = ok(api.as_(rep).get(url))
    assert t["status"] == "preparing"

    # 2. documents bought; the 20,000.00 bond paid by finance and tracked ----------------
    ok(api.as_(rep).post(f"{url}steps/", {"step": "documents_bought"}, format="json"))
    ok(api.as_(rep).post(f"{url}steps/", {"step": "registered"}, format="json"))
    paid = api.as_(finance).post(
        "/api/v1/finance/bid-bonds/",
        {"tender_id": t["id"], "amount": "20000.00", "bank_ref": "ICBC-20261124-01"},
        format="json",
    )
    assert paid.status_code == 201, paid.json()
    bond = MoneyRecord.objects.get(number=paid.json()["number"])
    assert (bond.direction, bond.kind, bond.amount) == ("out", "bid_bond", Decimal("20000.00"))
    assert bond.number.startswith("SJ-")
    t = ok(api.as_(rep).get(url))
    assert t["bond_paid"] == "20000.00"  # 2 % of 1,500,000 would allow 30,000.00
    for day, kind in ((26, "site_survey"), (30, "solution"), (3, "review")):
        clock.move_to(at(2026, 11 if day > 20 else 12, day))
        ok(api.as_(engineer).post(f"{url}steps/", {"step": kind}, format="json"))

    # 3. documents 2 days, price 1 day before the opening; the price stays in the team ---
    clock.move_to(at(2026, 12, 8, 9, 30))
    ok(api.as_(rep).post(f"{url}steps/", {"step": "documents_ready"}, format="json"))
    clock.move_to(at(2026, 12, 9, 9, 0))
    ok(
        api.as_(engineer).post(
            f"{url}price/", {"price": "1428000.00", "duration_days": 120}, format="json"
        )
    )
    t = ok(api.as_(rep).get(url))
    assert t["violations"] == [] and t["bid_price"] == "1428000.00"
    assert t["documents_due"].startswith("2026-12-08T09:30")
    assert t["price_due"].startswith("2026-12-09T09:30")
    assert api.as_(outsider).get(url).status_code == 404  # outside the team: nothing
    assert not ok(api.as_(outsider).get(TENDERS))["results"]
    assert ok(api.as_(company.supervisor2).get(url))["bid_price"] == "保密"
    assert ok(api.as_(manager).get(url))["bid_price"] == "保密"
    assert ok(api.as_(gm).get(url))["bid_price"] == "1428000.00"
    ok(api.as_(rep).post(f"{url}steps/", {"step": "submitted"}, format="json"))

    # 4. the opening record: three bidders ----------------------------------------------
    clock.move_to(at(2026, 12, 10, 11))
    t = ok(
        api.as_(rep).post(
            f"{url}opening/",
            {
                "bidders": [
                    {"name": "本公司", "is_us": True, "duration_days": 120, "scope_note": "全部"},
                    {"name": "东方环保", "price": "1465000.00", "duration_days": 150,
                     "scope_note": "全部"},
                    {"name": "清源水务", "price": "1398000.00", "duration_days": 180,
                     "scope_note": "不含设备安装"},
                ]
            },
            format="json",
        )
    )  # fmt: skip
    assert [(b["name"], b["price"], b["duration_days"]) for b in t["bidders"]] == [
        ("清源水务", "1398000.00", 180),
        ("本公司", "1428000.00", 120),
        ("东方环保", "1465000.00", 150),
    ]

    # 5. won: 6 days of publicity, the award notice, the contract on day 25 --------------
    clock.move_to(at(2026, 12, 11, 10))
    t = ok(
        api.as_(rep).post(
            f"{url}result/",
            {
                "won": True,
                "publicity_start": "2026-12-11",
                "publicity_end": "2026-12-17",
                "note": "综合评分第一",
            },
            format="json",
        )
    )
    assert t["status"] == "publicity"
    clock.move_to(at(2026, 12, 17, 15))
    t = ok(api.as_(rep).post(f"{url}award/", {"notice_date": "2026-12-17"}, format="json"))
    assert t["status"] == "awarded" and t["contract_due"] == "2027-01-16"
    tender = Tender.objects.get(pk=t["id"])
    day25, day31 = at(2027, 1, 11, 10), at(2027, 1, 17, 10)
    assert (day25.date() - dt.date(2026, 12, 17)).days == 25
    assert (day31.date() - dt.date(2026, 12, 17)).days == 31
    assert not selectors.tender_state(tender, day25).lapsed
    assert selectors.tender_state(tender, day31).lapsed  # on day 31 it would have lapsed
    clock.move_to(day25)
    services.tender_mark_contracted(actor=rep.user, tender_id=tender.pk, at=day25)
    t = ok(api.as_(rep).get(url))
    assert t["status"] == "contracted" and t["contracted_at"] == "2027-01-11"
    assert tasks.record_lapsed_awards(day31)["lapsed"] == 0  # signed in time: nothing lapses

    # the bond comes back less the winning service fee, with its invoice ---------------
    ok(
        api.as_(rep).post(
            f"{url}service-fee/",
            {"service_fee": "12000.00", "invoice": "No.33017788"},
            format="json",
        )
    )
    refunded = api.as_(finance).post(
        "/api/v1/finance/bid-bonds/refunds/",
        {"tender_id": tender.pk, "amount": "8000.00", "bank_ref": "ICBC-20270115-07"},
        format="json",
    )
    assert refunded.status_code == 201, refunded.json()
    back = MoneyRecord.objects.get(number=refunded.json()["number"])
    assert (back.direction, back.kind, back.amount) == ("in", "bid_bond_refund", Decimal("8000.00"))
    assert back.related_id == bond.pk
    t = ok(api.as_(rep).get(url))
    assert (t["bond_paid"], t["bond_refunded"]) == ("20000.00", "8000.00")
    assert MoneyRecord.objects.filter(tender=tender).count() == 2
    steps = [s["step"] for s in t["steps"]]
    for expected in (
        "reported", "decision", "documents_bought", "registered", "bond_paid", "site_survey",
        "solution", "review", "documents_ready", "price_ready", "submitted", "opened", "result",
        "award", "contracted", "service_fee", "bond_refunded",
    ):  # fmt: skip
        assert expected in steps, expected
