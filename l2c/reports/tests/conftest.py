"""Test data of the registers: a project with units, customers registered through the
customers service, and the deal documents and money records written straight to their
tables — the registers only read them, and must show each row the moment it exists."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from l2c.catalog.models import Product, ProductKind, Project, ProjectKind, StockItem, Unit
from l2c.contracts.models import Contract, ContractClass, ContractStatus, Reservation
from l2c.finance.models import Direction, MoneyKind, MoneyRecord
from l2c.org.tests.factories import PASSWORD

_mobiles = itertools.count(13900139000)
_numbers = itertools.count(1)


def register_customer(person, name="赵先生"):
    from l2c.customers.services import customer_register

    return customer_register(
        actor=person.user, data={"name": name, "mobile": str(next(_mobiles))}
    ).customer


def make_unit(project, product, code, *, floor=15, price="1650000.00", area="120.50"):
    price = Decimal(price)
    building, _, room = code.partition("-")
    return Unit.objects.create(
        project=project,
        product=product,
        code=code,
        building=building,
        floor=floor,
        room=room[-2:],
        area=Decimal(area),
        market_price=price,
        dealer_floor_price=price - 60000,
        factory_floor_price=price - 100000,
    )


def reserve(
    person,
    customer,
    unit,
    *,
    kind="deposit",
    at=None,
    agreed="1600000.00",
    deposit="50000.00",
    status="signed",
):
    """A signed 认购书 of ``person`` (the unit moves to reserved, as the service would)."""
    at = at or timezone.now()
    r = Reservation.objects.create(
        number=f"RS{next(_numbers):05d}",
        kind=kind,
        customer=customer,
        unit=unit,
        list_price=unit.market_price,
        agreed_price=Decimal(agreed),
        deposit_amount=Decimal(deposit),
        deposit_due=timezone.localdate(at) + dt.timedelta(days=3),
        status=status,
        signed_at=at,
        owner=person.user,
        department=person.department,
        team=person.team,
    )
    Unit.objects.filter(pk=unit.pk).update(
        state="reserved", holder=person.user, customer=customer, held_until=None
    )
    return r


def pay(reservation, amount, *, by, at=None, kind=None, direction=Direction.IN, contract=None):
    """Finance's money record against a reservation (or a contract)."""
    doc = reservation or contract
    return MoneyRecord.objects.create(
        number=f"SJ{next(_numbers):06d}",
        direction=direction,
        kind=kind or (reservation.kind if reservation else MoneyKind.PAYMENT),
        amount=Decimal(amount),
        payer=doc.customer.name,
        at=at or timezone.now(),
        customer=doc.customer,
        reservation=reservation,
        contract=contract,
        recorded_by=by.user,
        owner=doc.owner,
        department=doc.department,
        team=doc.team,
    )


def sign(person, customer, unit, *, price="1600000.00", at=None, reservation=None, special=False):
    at = at or timezone.now()
    c = Contract.objects.create(
        number=f"HT{next(_numbers):05d}",
        customer=customer,
        buyer_name=customer.name,
        reservation=reservation,
        unit=unit,
        list_price=unit.market_price,
        price=Decimal(price),
        classification=ContractClass.SPECIAL if special else ContractClass.STANDARD,
        status=ContractStatus.SIGNED,
        signed_at=at,
        deposit_converted=reservation.deposit_amount if reservation else 0,
        owner=person.user,
        department=person.department,
        team=person.team,
    )
    Unit.objects.filter(pk=unit.pk).update(
        state="contracted", holder=person.user, customer=customer
    )
    if reservation is not None:
        Reservation.objects.filter(pk=reservation.pk).update(status="contracted")
    return c


@pytest.fixture
def shop(company, clock):
    s = SimpleNamespace()
    s.project = Project.objects.create(
        code="CHTD", name="翠湖天地", kind=ProjectKind.REAL_ESTATE, department=company.dept1
    )
    s.flat = Product.objects.create(
        project=s.project,
        code="CHTD-A",
        name="A户型",
        kind=ProductKind.UNIQUE,
        market_price=Decimal("1650000.00"),
        dealer_floor_price=Decimal("1590000.00"),
        factory_floor_price=Decimal("1550000.00"),
    )
    s.units = [
        make_unit(s.project, s.flat, f"3-{15 + i // 4:02d}{i % 4 + 1:02d}") for i in range(8)
    ]
    s.parts = Product.objects.create(
        project=s.project,
        code="CHTD-P",
        name="车位配件",
        kind=ProductKind.STOCK,
        unit_name="件",
        market_price=Decimal("120.00"),
        dealer_floor_price=Decimal("90.00"),
        factory_floor_price=Decimal("70.00"),
    )
    StockItem.objects.create(product=s.parts, warehouse="一号仓", quantity=60, reserved=10)
    s.rep_a, s.rep_b = company.reps1
    s.rep_c = company.reps2[0]
    s.cus_a = register_customer(s.rep_a, "赵先生")
    s.cus_b = register_customer(s.rep_b, "钱女士")
    s.cus_c = register_customer(s.rep_c, "孙先生")
    return s


def login(client, person):
    assert client.login(username=person.user.username, password=PASSWORD)
    return client
