"""Deals test data: customers through the customers services, a small catalog (a flat and
a stock product with the three price tiers), opportunities, quotes and tenders."""

from __future__ import annotations

import itertools
from decimal import Decimal
from types import SimpleNamespace

from l2c.catalog.models import Product, ProductKind, Project, ProjectKind, Unit
from l2c.customers import services as customer_services
from l2c.deals import services

_mobiles = itertools.count(13700000001)


def customer(person, name: str = "赵先生", **kw):
    return customer_services.customer_register(
        actor=person.user, data={"name": name, "mobile": str(next(_mobiles)), **kw}
    ).customer


def catalog(company) -> SimpleNamespace:
    """翠湖天地: product A户型 (market 1,650,000.00; dealer 1,590,000.00; factory
    1,550,000.00) with the flat 3-1502 at the same prices, and a stock product."""
    c = SimpleNamespace()
    c.project = Project.objects.create(
        code="CHTD", name="翠湖天地", kind=ProjectKind.REAL_ESTATE, department=company.dept1
    )
    c.flat = Product.objects.create(
        project=c.project,
        code="CHTD-A",
        name="A户型 三室两厅",
        kind=ProductKind.UNIQUE,
        market_price=Decimal("1650000.00"),
        dealer_floor_price=Decimal("1590000.00"),
        factory_floor_price=Decimal("1550000.00"),
    )
    c.unit = Unit.objects.create(
        product=c.flat,
        project=c.project,
        code="3-1502",
        building="3",
        floor=15,
        room="02",
        market_price=Decimal("1650000.00"),
        dealer_floor_price=Decimal("1590000.00"),
        factory_floor_price=Decimal("1550000.00"),
    )
    c.unit2 = Unit.objects.create(
        product=c.flat,
        project=c.project,
        code="3-1602",
        building="3",
        floor=16,
        room="02",
        market_price=Decimal("1660000.00"),
        dealer_floor_price=Decimal("1600000.00"),
        factory_floor_price=Decimal("1560000.00"),
    )
    c.parts = Project.objects.create(
        code="PARTS", name="配件", kind=ProjectKind.GOODS, department=company.dept2
    )
    c.stock = Product.objects.create(
        project=c.parts,
        code="P-001",
        name="空气滤芯",
        kind=ProductKind.STOCK,
        unit_name="件",
        market_price=Decimal("120.00"),
        dealer_floor_price=Decimal("90.00"),
        factory_floor_price=Decimal("70.00"),
    )
    return c


def opportunity(person, cust=None, *, stage="lead", **data):
    cust = cust or customer(person)
    return services.opportunity_create(
        actor=person.user,
        customer_id=cust.pk,
        data={"name": data.pop("name", f"{cust.name} 购房"), **data},
        stage=stage,
    )


def quote(person, opp, lines, **terms):
    return services.quote_create(
        actor=person.user, opportunity_id=opp.pk, lines=lines, data=terms or None
    )


def tender(person, cust=None, *, estimated="1500000.00", opening_at=None, team=(), **data):
    """A reported tender; opening on Thursday 10 December 2026 at 09:30 by default."""
    from l2c.core.testing import at

    cust = cust or customer(person, "市水务集团", company="杭州市水务集团有限公司")
    return services.tender_report(
        actor=person.user,
        data={
            "customer": cust.pk,
            "title": data.pop("title", "城北污水厂中水回用工程"),
            "notice_ref": data.pop("notice_ref", "ZB-2026-118"),
            "estimated_price": estimated,
            "opening_at": opening_at or at(2026, 12, 10, 9, 30),
            **data,
        },
        bid_team=[p.user.pk for p in team],
    )


def decided(company, t):
    """Through the bid decision: the manager (and the GM above the threshold) approve."""
    from l2c.deals.tests.helpers import approve_all, everyone, request_of

    services.tender_decide(actor=t.owner, tender_id=t.pk)
    approve_all(request_of(t, "bid_decision"), everyone(company))
    t.refresh_from_db()
    assert t.status == "preparing", t.status
    return t
