"""The deals demo loads through the services, idempotently, and tells its story."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.catalog.models import Unit
from l2c.deals.demo import load_deals_demo
from l2c.deals.models import (
    DiscountStatus,
    Opportunity,
    Quote,
    QuoteStatus,
    Tender,
    TenderStatus,
)
from l2c.deals.tests.factories import customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(company, cat):
    for building in ("5", "7"):
        Unit.objects.create(
            product=cat.flat,
            project=cat.project,
            code=f"{building}-0302",
            building=building,
            floor=3,
            room="02",
            market_price=Decimal("1200000.00"),
            dealer_floor_price=Decimal("1164000.00"),
            factory_floor_price=Decimal("1128000.00"),
        )
    r1a, r1b = company.reps1
    r2a, r2b = company.reps2
    for rep in (r1a, r1b, r2a, r2b):
        for i in range(3):
            customer(rep, f"{rep.name}客户{i}", company="某某集团")
    return {
        "wangfang": r1a, "lina": r1b, "zhangwei": r1a, "liuyang": r1b, "chenjing": r1a,
        "yangfan": r1b, "liming": company.supervisor1, "zhaolei": company.supervisor1,
        "wangjh": company.manager1, "liuzq": company.vp, "chenjg": company.gm,
        "sunyue": r2a, "machao": r2b, "guomin": r2b, "lintao": r2a, "caolei": company.tech,
        "wuzg": company.manager2, "xufeng": company.supervisor2,
    }  # fmt: skip


def test_demo_loads_once_and_tells_the_story(company, clock, people):
    created = load_deals_demo(people)
    assert created == len(Opportunity.objects.all()) + 2 + 2
    assert load_deals_demo(people) == 0
    stages = set(Opportunity.objects.values_list("stage", flat=True))
    assert {"lead", "qualified", "needs", "negotiation", "lost"} <= stages
    sent = Quote.objects.get(status=QuoteStatus.SENT)
    assert sent.opportunity.stage == "negotiation"
    waiting = Quote.objects.get(status=QuoteStatus.REVIEWED)
    assert waiting.discount_requests.get().status == DiscountStatus.IN_APPROVAL
    assert Tender.objects.get(status=TenderStatus.PREPARING).steps.count() == 4
    won = Tender.objects.get(status=TenderStatus.PUBLICITY)
    assert won.bidders.count() == 3 and not won.steps.filter(late=True).exists()
