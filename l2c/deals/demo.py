"""Demo deals for ``make run`` (called by ``l2c.web.demo`` after the customers, catalog and
discount demos, before the contracts demo):

- opportunities of the 销售一部 reps at every stage of BR-DEAL-01 (王芳's and 李娜's newest
  customers in 报价谈判, so the reservations of the contracts demo mark them won), one lost
  with its reason;
- two quotes on 「翠湖天地」 flats: 陈静's at the list price, reviewed by her supervisor and the
  manager (BR-DEAL-03) and sent; 刘洋's 3 % below the list price, reviewed, its discount
  request waiting in the discount chain;
- two tenders of 销售二部: 孙悦's government car purchase being prepared (decided by the
  manager and the GM, documents bought), and 郭敏's bus purchase won and in publicity.

Everything goes through the services (the tender's past steps are entered with their
moments). Idempotent: an opportunity or tender whose name exists is skipped."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from l2c.approvals import selectors as approval_selectors
from l2c.approvals import services as approvals
from l2c.catalog.models import Unit, UnitState
from l2c.core.money import to_yuan
from l2c.customers.models import CardState
from l2c.customers.selectors import card_state_q, customer_list
from l2c.deals import services
from l2c.deals.models import Opportunity, Tender
from l2c.org.models import Person

PROJECT = "CHTD"
S1_UNIT = "3-1502"
#: rep, which of the rep's valid customers (newest first), name, stage, amount, lost reason
OPPORTUNITIES = (
    ("wangfang", 0, "改善型三居室", "negotiation", "1580000.00", ""),
    ("lina", 0, "首套两居", "negotiation", "980000.00", ""),
    ("zhangwei", 1, "学区房咨询", "needs", "1200000.00", ""),
    ("liuyang", 1, "为父母购房（低楼层）", "proposal", "1300000.00", ""),
    ("chenjing", 0, "7 号楼两居意向", "proposal", "1100000.00", ""),
    ("yangfan", 0, "投资小户型", "lead", None, ""),
    ("yangfan", 1, "公司团购", "lost", "5000000.00", "客户选择了竞品楼盘，价格差 4%"),
    ("zhangwei", 2, "置换需求", "qualified", "1450000.00", ""),
)
#: opportunity name, building, off list (%), sent, discount waiting
QUOTES = (
    ("7 号楼两居意向", "7", "0", True),
    ("为父母购房（低楼层）", "5", "3", False),
)


def _customers(person: Person, now: dt.datetime, *, companies: bool = False) -> list[int]:
    """The rep's valid customers, newest first (with ``companies``: those with a company
    first — a tender's client is an organisation)."""
    qs = customer_list(viewer=person.user, scope="mine", now=now).filter(
        card_state_q(CardState.VALID, now)
    )
    if companies:
        ids = list(qs.exclude(company="").values_list("id", flat=True)[:3])
        if ids:
            return ids
    return list(qs.values_list("id", flat=True)[:3])


def _approve_waiting(obj, kind: str, people: dict[str, Person], *, stop_before: str = "") -> None:
    """Approve as whoever the request waits for, until it ends (or ``stop_before`` waits)."""
    from l2c.approvals.models import ApprovalTask, TaskState

    by_user = {p.user_id: p for p in people.values()}
    keys = {p.user_id: key for key, p in people.items()}
    request = approval_selectors.approval_for_object(obj, kind=kind)
    for _i in range(10):
        waiting = list(
            ApprovalTask.objects.filter(request=request, state=TaskState.PENDING).values_list(
                "approver_id", flat=True
            )
        )
        if not waiting or (stop_before and any(keys.get(u) == stop_before for u in waiting)):
            return
        if any(uid not in by_user for uid in waiting):
            return  # someone outside the demo people decides: leave it waiting
        for uid in waiting:
            approvals.approval_decide(
                actor=by_user[uid].user, request_id=request.pk, decision="approve", opinion="同意"
            )


def load_deals_demo(people: dict[str, Person]) -> int:
    """Load the demo deals that are missing; returns how many records were created."""
    now = timezone.now()
    created = 0
    existing = set(Opportunity.objects.values_list("name", flat=True))
    opportunities: dict[str, Opportunity] = {}
    for username, index, name, stage, amount, reason in OPPORTUNITIES:
        rep = people.get(username)
        if rep is None or name in existing:
            continue
        customers = _customers(rep, now)
        if len(customers) <= index:
            continue
        with transaction.atomic():
            opp = services.opportunity_create(
                actor=rep.user,
                customer_id=customers[index],
                data={"name": name, "amount": amount},
                stage="proposal" if stage == "lost" else stage,
            )
            if stage == "lost":
                opp = services.opportunity_move(
                    actor=rep.user, opportunity_id=opp.pk, stage="lost", reason=reason
                )
        opportunities[name] = opp
        created += 1
    created += _quotes(people, opportunities)
    created += _tenders(people, now)
    return created


def _quotes(people: dict[str, Person], opportunities: dict[str, Opportunity]) -> int:
    created = 0
    for name, building, off, sent in QUOTES:
        opp = opportunities.get(name)
        if opp is None:
            continue
        unit = (
            Unit.objects.filter(project__code=PROJECT, building=building, state=UnitState.AVAILABLE)
            .exclude(code=S1_UNIT)
            .order_by("floor", "room")
            .first()
        )
        if unit is None:
            continue
        price = to_yuan(unit.market_price * (100 - int(off)) / 100)
        with transaction.atomic():
            quote = services.quote_create(
                actor=opp.owner,
                opportunity_id=opp.pk,
                lines=[{"unit": unit.pk, "unit_price": price}],
                data={
                    "payment_terms": "首付 30%，余款按揭" if sent else "一次性付款",
                    "delivery_terms": "2027 年 12 月 31 日前交房",
                },
            )
            services.quote_submit(actor=opp.owner, quote_id=quote.pk)
            _approve_waiting(quote, "quote", people)
            if sent:
                services.quote_send(actor=opp.owner, quote_id=quote.pk)
            else:
                discount = services.quote_request_discount(
                    actor=opp.owner, quote_id=quote.pk, reason="客户当日可签预定书，一次性付款"
                )
                # the supervisor proposes; it waits for the manager and the VP (会签)
                _approve_waiting(discount, "discount", people, stop_before="wangjh")
        created += 1
    return created


BIDDERS = [
    {
        "name": "领航汽车（本公司）",
        "is_us": True,
        "duration_days": 30,
        "scope_note": "12 台，含上牌",
    },
    {"name": "宏达汽贸", "price": "838000.00", "duration_days": 45, "scope_note": "12 台，含上牌"},
    {"name": "通达汽车销售", "price": "872000.00", "duration_days": 30, "scope_note": "12 台"},
]


def _tenders(people: dict[str, Person], now: dt.datetime) -> int:
    titles = set(Tender.objects.values_list("title", flat=True))
    created = 0
    tech = people.get("caolei")
    team = [p.user_id for p in (people.get("machao"), tech) if p is not None]
    rep = people.get("sunyue")
    title = "市政府机关公务用车采购项目"
    if (
        rep is not None
        and title not in titles
        and (customers := _customers(rep, now, companies=True))
    ):
        local = timezone.localtime(now)
        opening = (local + dt.timedelta(days=9)).replace(hour=9, minute=30, second=0, microsecond=0)
        with transaction.atomic():
            t = services.tender_report(
                actor=rep.user,
                data={
                    "customer": customers[0],
                    "title": title,
                    "notice_ref": "ZFCG-2026-0412",
                    "estimated_price": "1280000.00",
                    "opening_at": opening,
                },
                bid_team=team,
            )
            services.tender_decide(actor=rep.user, tender_id=t.pk)
            _approve_waiting(t, "bid_decision", people)  # the manager, then the GM
            for step in ("documents_bought", "registered"):
                services.tender_record_step(actor=rep.user, tender_id=t.pk, step=step)
        created += 1
    rep = people.get("guomin")
    title = "区公交集团通勤车采购"
    if (
        rep is not None
        and title not in titles
        and (customers := _customers(rep, now, companies=True))
    ):
        created += _won_tender(rep, customers[0], title, people, now)
    return created


def _won_tender(rep: Person, customer_id: int, title: str, people, now: dt.datetime) -> int:
    local = timezone.localtime(now).replace(hour=10, minute=0, second=0, microsecond=0)

    def ago(days: int, hour: int = 10) -> dt.datetime:
        return min(local.replace(hour=hour) - dt.timedelta(days=days), now)

    with transaction.atomic():
        t = services.tender_report(
            actor=rep.user,
            data={
                "customer": customer_id,
                "title": title,
                "notice_ref": "GJ-2026-077",
                "estimated_price": "860000.00",
                "opening_at": ago(6, 9).replace(minute=30),
            },
            bid_team=[p.user_id for p in (people.get("lintao"),) if p is not None],
            at=ago(20),
        )
        services.tender_decide(actor=rep.user, tender_id=t.pk)
        _approve_waiting(t, "bid_decision", people)  # the manager alone (below 1,000,000)
        for step, days in (
            ("documents_bought", 18),
            ("registered", 18),
            ("site_survey", 15),
            ("solution", 12),
            ("review", 10),
            ("documents_ready", 9),
        ):
            services.tender_record_step(actor=rep.user, tender_id=t.pk, step=step, at=ago(days))
        services.tender_set_price(
            actor=rep.user, tender_id=t.pk, price="845000.00", duration_days=30, at=ago(8)
        )
        services.tender_record_step(actor=rep.user, tender_id=t.pk, step="submitted", at=ago(7))
        services.tender_record_opening(
            actor=rep.user, tender_id=t.pk, bidders=BIDDERS, at=ago(6, 11)
        )
        today = timezone.localdate(now)
        services.tender_record_result(
            actor=rep.user,
            tender_id=t.pk,
            won=True,
            note="综合评分第一",
            publicity_start=today - dt.timedelta(days=3),
            publicity_end=today + dt.timedelta(days=3),
        )
    return 1
