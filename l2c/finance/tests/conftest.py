"""Finance test data: a flat of 翠湖天地 (3-1502, 1,650,000.00) reserved by the company's rep
顾问1a for 赵先生 with a 50,000.00 deposit, under the fixed clock (Monday 23 November 2026).

The sales documents are written straight into the tables in the state the contracts app
leaves them after signing (unit reserved-pending, reservation signed, contract signed): the
finance tests exercise finance, and the contracts app's own services are what finance calls.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from l2c.org.tests.factories import PASSWORD

_seq = itertools.count(1)
_mobiles = itertools.count(13800138000)


def make_unit(company, *, code=None, price="1650000.00"):
    from l2c.catalog.models import Product, ProductKind, Project, ProjectKind, Unit

    project, _created = Project.objects.get_or_create(
        code="CHTD",
        defaults={"name": "翠湖天地", "kind": ProjectKind.REAL_ESTATE, "department": company.dept1},
    )
    price = Decimal(price)
    product, _created = Product.objects.get_or_create(
        code="CHTD-A",
        defaults={
            "project": project,
            "name": "A户型 三室两厅",
            "kind": ProductKind.UNIQUE,
            "market_price": price,
            "dealer_floor_price": price - 60000,
            "factory_floor_price": price - 100000,
        },
    )
    n = next(_seq)
    return Unit.objects.create(
        product=product,
        project=project,
        code=code or f"3-{1500 + n}",
        building="3",
        floor=15,
        room=f"{n:02d}",
        market_price=price,
        dealer_floor_price=price - 60000,
        factory_floor_price=price - 100000,
    )


def make_customer(person, *, name="赵先生"):
    from l2c.customers.services import customer_register

    return customer_register(
        actor=person.user, data={"name": name, "mobile": str(next(_mobiles))}
    ).customer


def make_reservation(
    company,
    person=None,
    *,
    customer=None,
    unit=None,
    kind="deposit",
    price="1600500.00",
    deposit="50000.00",
):
    """A signed reservation (预定书/认购书) of ``person`` (default: the company's rep)."""
    from l2c.catalog.models import UnitState
    from l2c.contracts.models import Reservation

    person = person or company.rep
    customer = customer or make_customer(person)
    unit = unit or make_unit(company)
    now = timezone.now()
    unit.state = UnitState.RESERVED
    unit.state_changed_at = now
    unit.holder = person.user
    unit.customer = customer
    unit.held_until = None
    unit.save()
    return Reservation.objects.create(
        number=f"RG-2026-{person.department.code}-{next(_seq):06d}",
        kind=kind,
        customer=customer,
        unit=unit,
        list_price=unit.market_price,
        agreed_price=Decimal(price),
        deposit_amount=Decimal(deposit),
        signed_at=now,
        owner=person.user,
        department=person.department,
        team=person.team,
    )


def make_contract(reservation, *, status="signed"):
    from l2c.contracts.models import Contract

    n = next(_seq)
    return Contract.objects.create(
        number=f"HT-2026-{reservation.department.code}-{n:06d}" if status == "signed" else "",
        customer=reservation.customer,
        buyer_name=reservation.customer.name,
        reservation=reservation,
        unit=reservation.unit,
        list_price=reservation.list_price,
        price=reservation.agreed_price,
        status=status,
        signed_at=timezone.now() if status == "signed" else None,
        owner=reservation.owner,
        department=reservation.department,
        team=reservation.team,
    )


def login(client, person):
    assert client.login(username=person.user.username, password=PASSWORD)
    return client


@pytest.fixture
def deal(company, clock):
    """赵先生's reservation of a flat, by 顾问1a; ``deal.cashier`` is finance."""
    d = SimpleNamespace()
    d.company = company
    d.cashier = company.finance
    d.rep = company.rep
    d.reservation = make_reservation(company)
    d.customer = d.reservation.customer
    return d


@pytest.fixture
def receive(deal):
    """Record money as finance: ``receive(amount="50000", bank_ref=…)`` (deposit by default)."""
    from l2c.finance import services

    def _receive(amount="50000.00", *, reservation=None, actor=None, **kw):
        kw.setdefault("kind", "deposit")
        kw.setdefault("payer", deal.customer.name)
        kw.setdefault("method", "bank")
        kw.setdefault("bank_ref", f"BANK{next(_seq):08d}")
        if "contract_id" not in kw and "customer_id" not in kw:
            kw.setdefault("reservation_id", (reservation or deal.reservation).pk)
        return services.money_receive(actor=(actor or deal.cashier).user, amount=amount, **kw)

    return _receive
