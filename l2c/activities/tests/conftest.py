"""Helpers of the activity tests: customers registered through the customers service, and
follow-ups through ours — always under the fixed clock (Monday 23 November 2026, 10:00)."""

from __future__ import annotations

import itertools

import pytest

from l2c.activities import services
from l2c.customers import selectors as customer_selectors
from l2c.customers import services as customer_services
from l2c.org.tests.factories import PASSWORD

_mobiles = itertools.count(13800138000)


def register(person, *, name="赵先生", klass="C", mobile=None, **data):
    """A customer owned by ``person`` (registered now, by the clock)."""
    registration = customer_services.customer_register(
        actor=person.user,
        data={"name": name, "mobile": mobile or str(next(_mobiles)), "klass": klass, **data},
    )
    return registration.customer


def follow(person, customer, kind="call", *, when=None, answered=False, outcome="电话沟通", **kw):
    return services.follow_up_record(
        actor=person.user,
        customer_id=customer.pk,
        kind=kind,
        at=when,
        outcome=outcome,
        answered=answered,
        **kw,
    )


def state(customer, when=None):
    customer.refresh_from_db()
    return customer_selectors.card_state(customer, when)


def login(client, person):
    assert client.login(username=person.user.username, password=PASSWORD)
    return client


@pytest.fixture
def customer(company, clock):
    return register(company.rep, name="赵先生", klass="A")
