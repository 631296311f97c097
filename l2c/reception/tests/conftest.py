"""Fixtures of the reception tests: a fixed clock and a sales office with reps 王, 李, 张,
赵 on team 1 of department 1 (the company of ``l2c.org.tests.factories``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import time_machine

from l2c.approvals.tests.conftest import MONDAY_10, SHANGHAI, at  # noqa: F401
from l2c.core.roles import Role
from l2c.customers import services as customer_services
from l2c.org.tests.factories import person
from l2c.reception import services

MOBILE = "13900139000"


@pytest.fixture
def clock():
    """Monday 23 November 2026, 10:00 in Shanghai; ``clock.move_to(moment)``."""
    with time_machine.travel(MONDAY_10, tick=False) as traveller:
        yield traveller


@pytest.fixture
def office(company):
    """王, 李, 张, 赵: reps of team 1; the assistant works the desk."""
    o = SimpleNamespace(company=company, desk=company.assistant1)
    for attr, name in (("wang", "王芳"), ("li", "李娜"), ("zhang", "张伟"), ("zhao", "赵敏")):
        setattr(
            o,
            attr,
            person(
                name=name,
                department=company.dept1,
                team=company.team1,
                roles=[Role.REP],
                superior=company.supervisor1,
                username=f"rep_{attr}",
            ),
        )
    return o


def set_roster(office, *people, actor=None):
    return services.roster_set(
        actor=(actor or office.desk).user, rep_ids=[p.user.pk for p in people]
    )


def walk_in(office, roster, name="访客", actor=None, **data):
    return services.reception_receive(
        actor=(actor or office.desk).user,
        kind="walk_in",
        data={"name": name, "source": "passing", **data},
        roster_id=roster.pk,
    )


def out(office, roster, who, reason="with_customer"):
    return services.desk_mark_out(
        actor=office.desk.user, roster_id=roster.pk, rep_id=who.user.pk, reason=reason
    )


def back(office, roster, who):
    return services.desk_mark_back(actor=office.desk.user, roster_id=roster.pk, rep_id=who.user.pk)


def shares(decision):
    return {
        (s.user.person.name if s.user_id else s.department.name, s.condition): s.percent
        for s in decision.shares.filter(active=True).select_related("user__person", "department")
    }


@pytest.fixture
def returning(office, clock):
    """王 received and registered 赵 20 days ago; followed up on time (valid) or never."""

    def make(valid: bool):
        clock.move_to(at(2026, 11, 3, 10))
        roster = set_roster(office, office.wang)
        entry = walk_in(office, roster, "赵先生", mobile=MOBILE).reception
        customer = services.reception_register_customer(
            actor=office.desk.user, reception_id=entry.pk, data={"intent": "三房"}
        ).customer
        if valid:
            for day in (5, 11, 17):
                customer_services.customer_record_contact(
                    actor=office.wang.user,
                    customer_id=customer.pk,
                    at=at(2026, 11, day, 15),
                    real=True,
                )
        clock.move_to(at(2026, 11, 23, 10))
        return customer

    return make


def come_back(office, roster, **answers):
    earlier_present = answers.pop("earlier_present", None)
    return walk_in(
        office,
        roster,
        "赵先生",
        mobile=MOBILE,
        answers=answers,
        **({"earlier_present": earlier_present} if earlier_present is not None else {}),
    )


def uid(p):
    return p.user.pk
