"""S1 — walk-in to contract (real-estate sales office, seed 000 flowchart), end to end
through the REST API: every person logs in as themselves (one API client each) and the
fixed clock moves day by day.

Day 1 (Monday 23 November 2026)
  1–2. Reps 王芳, 李娜, 张伟 are on duty in that order; 李娜 is out with a customer. Three
       new visitors: 王芳 receives the first, 李娜 is skipped, 张伟 the second; 李娜 is
       back and receives the third (make-up) before the rotation continues with 王芳.
  3.   The third visitor (13800138000) states purchase intent; 李娜 files the customer,
       class A; the supervisor sees it on the team's register the same day.
Day 2, 3
  4.   李娜 follows up on day 2 (call) and day 3 (visit): the card stays valid.
Day 3 (Wednesday 25 November)
  5.   李娜 holds 3-1502 for the customer; 王芳's hold and reservation are refused naming
       李娜 and the expiry.
  6.   The customer agrees at 3 % below the list price: the supervisor proposes the
       discount; the manager and the VP approve (会签), the GM approves; every step has a
       same-day deadline and an opinion recorded.
  7.   李娜 signs the reservation at 1,600,500.00 with a 50,000.00 deposit; finance
       records it with a receipt number; the receipt prints with 伍万元整; the flat is
       ``reserved``.
Day 5 (Friday 27 November)
  8.   李娜 prepares the contract from the reservation; the discount makes it *special*;
       the special review (manager → GM) passes; the supervisor's checklist; signing gives
       HT-2026-S1-000001; the flat is ``contracted``; finance converts the deposit against
       the returned receipt.
  9.   The registers show it all: the visitor register, the deposit list, the signing
       list, the sales status overview and the sales daily report.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from l2c.catalog.tests.factories import make_catalog, make_customer
from l2c.core.pdf import pdf_text
from l2c.core.roles import Role
from l2c.core.testing import at
from l2c.org.tests.factories import person

pytestmark = pytest.mark.django_db

MOBILE = "13800138000"
LIST_PRICE = "1650000.00"
AGREED = "1600500.00"  # 1,650,000.00 less 3 %
DEPOSIT = "50000.00"
DAY1, DAY2, DAY3, DAY5 = (dt.date(2026, 11, d) for d in (23, 24, 25, 27))


@pytest.fixture
def s1(company, clock):
    """The sales office of S1: 王芳, 李娜, 张伟 on team 1 under the supervisor, the desk
    (assistant), finance, and 翠湖天地 with building 3 (3-1502 at 1,650,000.00)."""
    o = SimpleNamespace(company=company, desk=company.assistant1)
    for attr, name in (("wang", "王芳"), ("li", "李娜"), ("zhang", "张伟")):
        setattr(
            o,
            attr,
            person(
                name=name,
                department=company.dept1,
                team=company.team1,
                roles=[Role.REP],
                superior=company.supervisor1,
                username=f"s1_{attr}",
            ),
        )
    o.catalog = make_catalog(company)
    o.unit = o.catalog.unit
    return o


def client_of(p) -> APIClient:
    """One API client per person, logged in as that person."""
    c = APIClient()
    c.force_authenticate(user=p.user)
    return c


def ok(response, status=200) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:600])
    return response.json()


def refused(response, status: int, rule: str) -> str:
    assert response.status_code == status, (response.status_code, response.content[:600])
    body = response.json()
    assert body["rule"] == rule, body
    return body["message"]


def local(iso: str) -> dt.datetime:
    """An ISO timestamp from the API as a moment in Shanghai."""
    from l2c.core.testing import SHANGHAI

    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(SHANGHAI)


# --- the steps --------------------------------------------------------------------------


def _rotation(o, desk) -> tuple[int, list[dict]]:
    """Steps 1–2: the roster, 李娜 out, two walk-ins, 李娜 back, the third to her."""
    roster = ok(
        desk.post(
            "/api/v1/reception/rosters/",
            {"reps": [o.wang.pk, o.li.pk, o.zhang.pk]},
            format="json",
        ),
        201,
    )
    rid = roster["id"]
    assert [m["name"] for m in roster["members"]] == ["王芳", "李娜", "张伟"]
    assert roster["next_name"] == "王芳"
    out = ok(
        desk.post(
            f"/api/v1/reception/rosters/{rid}/out/",
            {"person": o.li.pk, "reason": "with_customer"},
            format="json",
        )
    )
    assert [m["away"] for m in out["members"]] == [False, True, False]

    def walk_in(name, clock_at, **extra):
        o.clock.move_to(clock_at)
        return ok(
            desk.post(
                "/api/v1/reception/receive/",
                {"kind": "walk_in", "roster": rid, "name": name, "source": "passing", **extra},
                format="json",
            ),
            201,
        )

    first = walk_in("钱先生", at(2026, 11, 23, 10, 5))
    second = walk_in("孙女士", at(2026, 11, 23, 10, 20))
    assert first["entry"]["rep_name"] == "王芳"
    assert first["turn"] == {"how": "rotation", "skipped": []}
    assert second["entry"]["rep_name"] == "张伟"
    assert second["turn"] == {"how": "rotation", "skipped": [o.li.pk]}  # 李娜 skipped

    o.clock.move_to(at(2026, 11, 23, 10, 40))
    back = ok(
        desk.post(f"/api/v1/reception/rosters/{rid}/back/", {"person": o.li.pk}, format="json")
    )
    assert back["next_name"] == "李娜" and back["next_is_makeup"] is True
    assert [m["owed"] for m in back["members"]] == [0, 1, 0]
    third = walk_in(
        "赵先生", at(2026, 11, 23, 10, 50), mobile=MOBILE, inquiry="三居室，想看 3 号楼 15 层"
    )
    assert third["entry"]["rep_name"] == "李娜" and third["turn"]["how"] == "makeup"
    assert third["entry"]["is_first_visit"] is True
    # the make-up turn is given: the rotation continues with 王芳
    assert ok(desk.get(f"/api/v1/reception/rosters/{rid}/"))["next_name"] == "王芳"
    return rid, [first, second, third]


def _customer_file(o, li, supervisor, entry_id: int) -> int:
    """Step 3: 李娜 files the visitor as an intent customer, class A; the supervisor sees
    the file on the team's register the same day (masked, BR-CUS-10)."""
    o.clock.move_to(at(2026, 11, 23, 11, 30))
    registered = ok(
        li.post(
            f"/api/v1/reception/entries/{entry_id}/register/",
            {"klass": "A", "stage": "intent", "intent": "三居室，预算 160 万，看中 3-1502"},
            format="json",
        )
    )
    assert registered["created"] is True and registered["duplicate"] is False
    assert registered["owner"] == o.li.pk and registered["owner_name"] == "李娜"
    customer_id = registered["customer"]
    mine = ok(li.get(f"/api/v1/customers/{customer_id}/"))
    assert (mine["name"], mine["mobile"], mine["klass"], mine["stage"]) == (
        "赵先生",
        MOBILE,
        "A",
        "intent",
    )
    assert mine["owner_name"] == "李娜" and mine["state"] == "valid"
    assert mine["channel"] == "walk_in"
    # the visitor register entry now points at the file
    assert ok(li.get(f"/api/v1/reception/entries/{entry_id}/"))["customer"] == customer_id

    o.clock.move_to(at(2026, 11, 23, 17, 30))
    team = ok(supervisor.get("/api/v1/customers/", {"scope": "team"}))
    (row,) = [c for c in team["results"] if c["id"] == customer_id]
    assert row["name"] == "赵先生" and row["klass"] == "A" and row["owner_name"] == "李娜"
    assert row["mobile"] == "138****8000"  # masked for everyone but the owner
    assert row["team_name"] == "1组" and row["state"] == "valid"
    assert local(row["registered_at"]).date() == DAY1
    return customer_id


def _follow_ups(o, li, customer_id: int) -> None:
    """Step 4: a call on day 2, a visit on day 3 — real contacts; the card stays valid."""
    for day, kind, outcome in (
        (DAY2, "call", "电话回访：客户确认周三来看 3-1502"),
        (DAY3, "visit", "带看 3-1502 样板间，客户满意采光，谈价格"),
    ):
        o.clock.move_to(at(2026, 11, day.day, 10))
        fu = ok(
            li.post(
                "/api/v1/activities/follow-ups/",
                {"customer": customer_id, "kind": kind, "outcome": outcome},
                format="json",
            ),
            201,
        )
        assert fu["kind"] == kind and fu["real"] is True and fu["counted"] is True
        assert fu["rep"] == {"id": o.li.pk, "name": "李娜"}
        assert local(fu["at"]) == at(2026, 11, day.day, 10)
        card = ok(li.get(f"/api/v1/customers/{customer_id}/"))
        assert card["state"] == "valid", card
        assert local(card["last_contact_at"]).date() == day
        # the next follow-up is due 7 days after this real contact (BR-CUS-04)
        assert local(card["void_at"]) > at(2026, 11, day.day, 10) + dt.timedelta(days=6)


def _hold(o, li, wang, customer_id: int) -> None:
    """Step 5: 李娜 holds 3-1502 for 24 hours; 王芳 is refused the hold and the
    reservation, each message naming 李娜 and the expiry."""
    o.clock.move_to(at(2026, 11, 25, 11))
    unit_url = f"/api/v1/catalog/units/{o.unit.pk}/"
    assert ok(li.get(unit_url))["state"] == "available"
    held = ok(li.post(f"{unit_url}hold/", {"customer_id": customer_id}, format="json"))
    assert held["state"] == "held" and held["code"] == "3-1502"
    assert local(held["held_until"]) == at(2026, 11, 26, 11)  # catalog.hold_hours: 24

    expiry = "11月26日 11:00"
    message = refused(wang.post(f"{unit_url}hold/", {}, format="json"), 422, "BR-CAT-03")
    assert message == f"3-1502 已被 李娜 销控保留至 {expiry}，不能保留。"
    own = make_customer(o.wang, mobile="13700137000", name="冯女士")
    message = refused(
        wang.post(
            "/api/v1/contracts/reservations/",
            {
                "customer_id": own.pk,
                "unit_id": o.unit.pk,
                "kind": "deposit",
                "agreed_price": LIST_PRICE,
                "deposit_amount": DEPOSIT,
            },
            format="json",
        ),
        422,
        "BR-CAT-03",
    )
    assert message == f"3-1502 已被 李娜 销控保留至 {expiry}，不能认购。"
    # the refused reservation left nothing behind, not even a number
    assert ok(wang.get("/api/v1/contracts/reservations/"))["count"] == 0
    board = ok(li.get("/api/v1/catalog/board/", {"project": o.catalog.project.pk, "building": "3"}))
    (grid,) = board["grids"]
    (cell,) = [
        c for f in grid["floors"] if f["floor"] == 15 for c in f["cells"] if c and c["room"] == "02"
    ]
    assert (cell["code"], cell["state"], cell["holder_name"]) == ("3-1502", "held", "李娜")
    assert board["counts"]["held"] == 1


def _discount(o, people: dict[str, APIClient]) -> int:
    """Step 6: 李娜's supervisor proposes 3 %; the manager and the VP countersign (会签),
    the GM approves; each step due the same day, each opinion recorded."""
    o.clock.move_to(at(2026, 11, 25, 11, 30))
    supervisor = people["supervisor"]
    dr = ok(
        supervisor.post(
            "/api/v1/deals/discounts/",
            {
                "customer_name": "赵先生",
                "unit_label": "3-1502",
                "list_price": LIST_PRICE,
                "discount_percent": "3",
                "reason": "客户当日可签认购书，一次性交定金 5 万元",
            },
            format="json",
        ),
        201,
    )
    assert dr["final_price"] == AGREED and dr["discount_amount"] == "49500.00"
    dr = ok(supervisor.post(f"/api/v1/deals/discounts/{dr['id']}/submit/"))
    assert dr["status"] == "in_approval"
    request_id = dr["approval_request"]
    # 李娜 cannot sign below the list price while the discount is in approval
    li = people["li"]
    message = refused(
        li.post("/api/v1/contracts/reservations/", _reservation(o), format="json"),
        422,
        "BR-APR-02",
    )
    assert "须先经优惠审批通过" in message

    decisions = (
        ("manager", at(2026, 11, 25, 13), "客户诚意足，同意上报"),
        ("vp", at(2026, 11, 25, 14), "同意，注意本月优惠额度"),
        ("gm", at(2026, 11, 25, 15), "同意，当日下发销售主管"),
    )
    for who, moment, opinion in decisions:
        o.clock.move_to(moment)
        approver = people[who]
        waiting = ok(approver.get("/api/v1/approvals/inbox/", {"box": "waiting"}))["results"]
        (item,) = [i for i in waiting if i["request"] == request_id]
        assert item["title"].startswith("优惠申请：赵先生 3-1502")
        assert local(item["deadline_at"]).date() == DAY3  # same-day deadline
        ok(
            approver.post(
                f"/api/v1/approvals/requests/{request_id}/decide/",
                {"decision": "approve", "opinion": opinion},
                format="json",
            )
        )
        if who == "manager":  # 会签: the VP must approve too before the GM sees it
            still = ok(supervisor.get(f"/api/v1/approvals/requests/{request_id}/"))
            assert still["state"] == "in_approval"
            assert still["current_step_name"] == "销售经理、营销副总审核（会签）"

    detail = ok(supervisor.get(f"/api/v1/approvals/requests/{request_id}/"))
    assert detail["state"] == "approved" and detail["kind"] == "discount"
    assert Decimal(str(detail["facts"]["discount_percent"])) == Decimal("3")
    (round_,) = detail["rounds"]
    steps = {s["name"]: s for s in round_["steps"]}
    assert steps["销售主管提议"]["state"] == "skipped"  # the supervisor proposed it
    countersign = steps["销售经理、营销副总审核（会签）"]
    assert countersign["mode"] == "all" and countersign["state"] == "approved"
    gm_step = steps["总经理审批"]
    assert gm_step["state"] == "approved"
    recorded = {
        (t["approver_name"], t["state"], t["opinion"])
        for s in (countersign, gm_step)
        for t in s["tasks"]
    }
    assert recorded == {
        ("经理1", "approved", "客户诚意足，同意上报"),
        ("刘副总", "approved", "同意，注意本月优惠额度"),
        ("陈总", "approved", "同意，当日下发销售主管"),
    }
    for step in (countersign, gm_step):
        assert local(step["deadline_at"]).date() == DAY3, step
        assert local(step["decided_at"]) <= local(step["deadline_at"])
        assert step["overdue"] is False
        for task in step["tasks"]:
            assert local(task["deadline_at"]).date() == DAY3
            assert local(task["decided_at"]).date() == DAY3
    discount = ok(supervisor.get(f"/api/v1/deals/discounts/{dr['id']}/"))
    assert discount["status"] == "approved"
    return discount["id"]


def _reservation(o, **extra) -> dict:
    return {
        "customer_id": o.customer_id,
        "unit_id": o.unit.pk,
        "kind": "deposit",
        "agreed_price": AGREED,
        "deposit_amount": DEPOSIT,
        "sign_by": "2026-12-02",
        **extra,
    }


def _reserve_and_pay(o, li, finance, discount_id: int) -> tuple[dict, dict]:
    """Step 7: the reservation at the discounted price; finance takes the 50,000.00 deposit
    with a receipt number; the receipt prints 伍万元整; the flat is reserved."""
    o.clock.move_to(at(2026, 11, 25, 16))
    # a deposit above 20 % of the price is refused (民法典 第586条)
    message = refused(
        li.post(
            "/api/v1/contracts/reservations/",
            _reservation(o, deposit_amount="320100.01", discount_id=discount_id),
            format="json",
        ),
        422,
        "BR-CAT-03",
    )
    assert "民法典" in message
    r = ok(
        li.post(
            "/api/v1/contracts/reservations/",
            _reservation(o, discount_id=discount_id),
            format="json",
        ),
        201,
    )
    assert r["number"] == "RG-2026-S1-000001" and r["status"] == "signed"
    assert (r["list_price"], r["agreed_price"], r["deposit_amount"]) == (
        LIST_PRICE,
        AGREED,
        DEPOSIT,
    )
    assert r["deposit_upper"] == "人民币伍万元整"
    assert r["agreed_price_upper"] == "人民币壹佰陆拾万零伍佰元整"
    assert r["discount"] == discount_id and r["customer_name"] == "赵先生"
    assert r["owner_name"] == "李娜" and r["unit_code"] == "3-1502"
    assert ok(li.get(f"/api/v1/catalog/units/{o.unit.pk}/"))["state"] == "reserved"
    # a rep never collects money (BR-FIN-01)
    refused(
        li.post(
            "/api/v1/finance/money/",
            {"kind": "deposit", "amount": DEPOSIT, "payer": "赵先生", "method": "cash",
             "reservation_id": r["id"]},
            format="json",
        ),
        403,
        "BR-FIN-01",
    )  # fmt: skip

    o.clock.move_to(at(2026, 11, 25, 16, 30))
    payment = {
        "kind": "deposit",
        "amount": "50000",
        "payer": "赵先生",
        "method": "bank",
        "bank_ref": "ICBC-20261125-0001",
        "reservation_id": r["id"],
    }
    receipt = ok(finance.post("/api/v1/finance/money/", payment, format="json"), 201)
    assert receipt["number"] == "SJ-202611-000001"
    assert (receipt["kind"], receipt["amount"], receipt["amount_upper"]) == (
        "deposit",
        "50000.00",
        "人民币伍万元整",
    )
    assert receipt["reservation_number"] == r["number"] and receipt["customer_name"] == "赵先生"
    assert receipt["recorded_by_name"] == "FIN员工" and receipt["owner_name"] == "李娜"
    assert receipt["status"] == "valid"
    # the same bank payment again changes nothing (BR-FIN-06)
    again = ok(finance.post("/api/v1/finance/money/", payment, format="json"), 200)
    assert again["duplicate"] is True and again["number"] == receipt["number"]
    assert ok(finance.get("/api/v1/finance/money/", {"kind": "deposit"}))["count"] == 1

    pdf = finance.get(f"/api/v1/finance/money/{receipt['number']}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    for expected in ("收据", receipt["number"], "赵先生", "伍万元整", "50,000.00", "3-1502"):
        assert expected in text, expected
    # 李娜 prints the customer's copy of the reservation too (four copies, BR-CON-02)
    printed = pdf_text(li.get(f"/api/v1/contracts/reservations/{r['id']}/pdf/").content)
    assert r["number"] in printed and "伍万元整" in printed

    r = ok(li.get(f"/api/v1/contracts/reservations/{r['id']}/"))
    assert r["status"] == "paid" and r["paid_amount"] == DEPOSIT
    unit = ok(li.get(f"/api/v1/catalog/units/{o.unit.pk}/"))
    assert unit["state"] == "reserved"
    return r, receipt


def _contract(o, people: dict[str, APIClient], reservation: dict, receipt: dict) -> dict:
    """Step 8: the contract from the reservation — special (the discount) — through the
    special review, the supervisor's checklist, signing (the year's next number), the flat
    contracted, the deposit converted against the returned receipt."""
    li, supervisor, finance = people["li"], people["supervisor"], people["finance"]
    o.clock.move_to(at(2026, 11, 27, 9, 30))
    c = ok(
        li.post(
            "/api/v1/contracts/",
            {"reservation_id": reservation["id"], "buyer_name": "赵先生"},
            format="json",
        ),
        201,
    )
    assert c["number"] == "" and c["status"] == "draft"
    assert (c["classification"], c["special_reasons"]) == ("special", ["discount"])
    assert (c["list_price"], c["price"]) == (LIST_PRICE, AGREED)
    assert c["price_upper"] == "人民币壹佰陆拾万零伍佰元整"
    assert c["unit_code"] == "3-1502" and c["reservation"] == reservation["id"]
    url = f"/api/v1/contracts/{c['id']}/"
    # a special contract is not signed before its review
    assert refused(li.post(f"{url}sign/"), 409, "BR-CON-03") == "合同尚未提交评审。"

    c = ok(li.post(f"{url}submit/"))
    assert c["status"] == "in_review"
    request_id = c["approval_request"]
    for who, moment, opinion in (
        ("manager", at(2026, 11, 27, 10, 30), "优惠已经总经理批准，条款无改动，同意"),
        ("gm", at(2026, 11, 27, 11, 30), "同意签约"),
    ):
        o.clock.move_to(moment)
        ok(
            people[who].post(
                f"/api/v1/approvals/requests/{request_id}/decide/",
                {"decision": "approve", "opinion": opinion},
                format="json",
            )
        )
    review = ok(li.get(f"/api/v1/approvals/requests/{request_id}/"))
    assert review["kind"] == "special_contract" and review["state"] == "approved"
    assert [
        (s["name"], [(t["approver_name"], t["opinion"]) for t in s["tasks"]])
        for s in review["rounds"][0]["steps"]
    ] == [
        ("销售经理评审", [("经理1", "优惠已经总经理批准，条款无改动，同意")]),
        ("总经理审批", [("陈总", "同意签约")]),
    ]
    c = ok(li.get(url))
    assert c["status"] == "ready" and c["review_complete"] is False
    # the rep may not tick the supervisor's checklist
    o.clock.move_to(at(2026, 11, 27, 14))
    checklist = {
        "clauses_and_figures": True,
        "signatures_and_seals": True,
        "attachments": True,
        "special_review_record": True,
        "note": "价格与优惠审批一致；附图 3-1502 户型图",
    }
    refused(li.post(f"{url}checklist/", checklist, format="json"), 403, "BR-CON-04")
    refused(li.post(f"{url}sign/"), 422, "BR-CON-04")  # checklist missing
    c = ok(supervisor.post(f"{url}checklist/", checklist, format="json"))
    assert c["review_complete"] is True and c["review"]["reviewer_name"] == "主管1"

    o.clock.move_to(at(2026, 11, 27, 15))
    c = ok(li.post(f"{url}sign/"))
    assert c["number"] == "HT-2026-S1-000001"  # the first contract of 2026 in 销售1部
    assert c["status"] == "signed" and local(c["signed_at"]) == at(2026, 11, 27, 15)
    assert ok(li.get(f"/api/v1/catalog/units/{o.unit.pk}/"))["state"] == "contracted"
    r = ok(li.get(f"/api/v1/contracts/reservations/{reservation['id']}/"))
    assert r["status"] == "contracted"
    assert ok(li.get(f"/api/v1/customers/{o.customer_id}/"))["deal_at"] is not None

    # BR-FIN-08: the customer hands the receipt back to the cashier; the deposit converts
    o.clock.move_to(at(2026, 11, 27, 15, 30))
    refused(
        li.post(
            "/api/v1/finance/deposit-conversions/",
            {"contract_id": c["id"], "receipt_number": receipt["number"]},
            format="json",
        ),
        403,
        "BR-FIN-01",
    )
    (converted,) = ok(
        finance.post(
            "/api/v1/finance/deposit-conversions/",
            {"contract_id": c["id"], "receipt_number": receipt["number"]},
            format="json",
        )
    )
    assert converted["number"] == receipt["number"] and converted["status"] == "returned"
    assert local(converted["returned_at"]) == at(2026, 11, 27, 15, 30)
    assert converted["contract_number"] == "HT-2026-S1-000001"
    c = ok(li.get(url))
    assert c["deposit_converted"] == DEPOSIT
    assert local(c["deposit_converted_at"]) == at(2026, 11, 27, 15, 30)
    # converting the same receipt again is refused
    message = refused(
        finance.post(
            "/api/v1/finance/deposit-conversions/",
            {"contract_id": c["id"], "receipt_number": receipt["number"]},
            format="json",
        ),
        409,
        "BR-FIN-08",
    )
    assert message.startswith("收据 SJ-202611-000001 ") and "不能重复转款" in message
    pdf = pdf_text(li.get(f"{url}pdf/").content)
    assert "HT-2026-S1-000001" in pdf and "壹佰陆拾万零伍佰元整" in pdf
    return c


def _registers(o, people: dict[str, APIClient], reservation: dict, contract: dict) -> None:
    """Step 9: the registers computed from the records, each in its reader's scope."""
    manager, supervisor, li = people["manager"], people["supervisor"], people["li"]
    o.clock.move_to(at(2026, 11, 27, 18))

    # 来访登记 (visitor register) of day 1: three walk-ins with who received them
    visitors = ok(manager.get("/api/v1/reception/entries/", {"day": DAY1.isoformat()}))
    assert [(e["name"], e["rep_name"], e["assignment"]) for e in visitors["results"]] == [
        ("赵先生", "李娜", "makeup"),
        ("孙女士", "张伟", "rotation"),
        ("钱先生", "王芳", "rotation"),
    ]
    assert visitors["results"][0]["customer"] == o.customer_id
    assert visitors["results"][0]["mobile"] == "138****8000"  # the manager sees it masked
    stats = ok(manager.get("/api/v1/reception/stats/", {"day": DAY1.isoformat()}))
    assert stats["walk_ins"] == 3 and stats["with_mobile"] == 1

    # 定明细表 (deposit list)
    deposits = ok(supervisor.get("/api/v1/reports/deposits/", {"scope": "team"}))
    assert deposits["count"] == 1
    (row,) = deposits["rows"]
    assert (row["number"], row["customer_name"], row["unit"], row["rep"]) == (
        "RG-2026-S1-000001",
        "赵先生",
        "3-1502",
        "李娜",
    )
    assert (row["list_price"], row["agreed_price"], row["discount_percent"]) == (
        LIST_PRICE,
        AGREED,
        "3.00",
    )
    assert (row["deposit_due"], row["paid"], row["unpaid"]) == (DEPOSIT, DEPOSIT, "0.00")
    assert row["receipts"] == ["SJ-202611-000001"]
    assert row["date"] == DAY3.isoformat() and row["status"] == "contracted"
    assert deposits["totals"]["paid"] == DEPOSIT
    # 李娜 sees her own row with the full number (she owns the customer)
    (own,) = ok(li.get("/api/v1/reports/deposits/"))["rows"]
    assert own["mobile"] == MOBILE and row["mobile"] == "138****8000"

    # 签约明细表 (signing list)
    signings = ok(manager.get("/api/v1/reports/signings/"))
    (row,) = signings["rows"]
    assert (row["number"], row["buyer"], row["unit"], row["rep"], row["team"]) == (
        "HT-2026-S1-000001",
        "赵先生",
        "3-1502",
        "李娜",
        "1组",
    )
    assert (row["price"], row["classification"], row["discount_percent"]) == (
        AGREED,
        "special",
        "3.00",
    )
    assert row["deposit_converted"] == DEPOSIT and row["reservation"] == "RG-2026-S1-000001"
    assert row["date"] == DAY5.isoformat()
    assert signings["totals"]["count"] == 1 and signings["totals"]["special"] == 1

    # 销售状况一览表 (sales status overview): 3-1502 contracted, everything else available
    status = ok(manager.get("/api/v1/reports/sales-status/", {"project": o.catalog.project.pk}))
    counts = {s["status"]: s["count"] for s in status["states"]}
    assert counts["contracted"] == 1 and counts["available"] == 71
    assert counts.get("reserved", 0) == 0 and counts.get("held", 0) == 0
    (unit,) = [u for u in status["units"] if u["unit"] == "3-1502"]
    assert (unit["status"], unit["customer"], unit["rep"], unit["document"]) == (
        "contracted",
        "赵先生",
        "李娜",
        "HT-2026-S1-000001",
    )
    assert unit["deal_price"] == AGREED and unit["deal_date"] == DAY5.isoformat()

    # 销售日报表 (daily report): day 1 the visitors and the new file; day 3 the hold, the
    # deposit and the money; day 5 the contract
    def daily(day):
        report = ok(manager.get("/api/v1/reports/daily/", {"day": day.isoformat()}))
        return {r["rep"]: r for r in report["reps"] if not r["level"]}, report["total"]

    reps, total = daily(DAY1)
    assert (total["visitors"], total["new_customers"]) == (3, 1)
    assert {name: r["visitors"] for name, r in reps.items() if r["visitors"]} == {
        "王芳": 1,
        "李娜": 1,
        "张伟": 1,
    }
    assert reps["李娜"]["new_customers"] == 1
    reps, total = daily(DAY3)
    li_day3 = reps["李娜"]
    assert (li_day3["holds"], li_day3["deposits"], li_day3["deposit_amount"]) == (1, 1, DEPOSIT)
    assert li_day3["received_deposit"] == DEPOSIT and total["received_total"] == DEPOSIT
    reps, total = daily(DAY5)
    assert (reps["李娜"]["contracts"], reps["李娜"]["contract_amount"]) == (1, AGREED)
    assert total["contracts"] == 1 and total["contract_amount"] == AGREED


# --- the story --------------------------------------------------------------------------


def test_s1_walk_in_to_contract(s1, clock):
    o, c = s1, s1.company
    o.clock = clock
    people = {
        "desk": client_of(o.desk),
        "wang": client_of(o.wang),
        "li": client_of(o.li),
        "zhang": client_of(o.zhang),
        "supervisor": client_of(c.supervisor1),
        "manager": client_of(c.manager1),
        "vp": client_of(c.vp),
        "gm": client_of(c.gm),
        "finance": client_of(c.finance),
    }
    clock.move_to(at(2026, 11, 23, 9, 30))

    # day 1: the desk, the rotation, the customer file
    _rid, (_first, _second, third) = _rotation(o, people["desk"])
    o.customer_id = _customer_file(o, people["li"], people["supervisor"], third["entry"]["id"])

    # days 2 and 3: follow-ups keep the card valid
    _follow_ups(o, people["li"], o.customer_id)

    # day 3: hold, discount, reservation and deposit
    _hold(o, people["li"], people["wang"], o.customer_id)
    discount_id = _discount(o, people)
    reservation, receipt = _reserve_and_pay(o, people["li"], people["finance"], discount_id)

    # day 5: the special contract, signed and numbered; the deposit converted
    contract = _contract(o, people, reservation, receipt)

    # the registers show every event
    _registers(o, people, reservation, contract)
