"""Sales control (销控, BR-CAT-03) under the fixed clock: holds with a 24-hour expiry,
expiry with no job, refusals naming holder and expiry, the document transitions."""

from __future__ import annotations

import datetime as dt

import pytest

from l2c.audit.models import AuditLog
from l2c.catalog import selectors, services
from l2c.catalog.models import Unit, UnitEvent, UnitState
from l2c.catalog.tasks import return_expired_holds
from l2c.catalog.tests.factories import make_customer
from l2c.core.errors import BusinessRuleError, NotFoundError, PermissionDeniedError
from l2c.core.testing import MONDAY_10, at
from l2c.notifications.models import Notification
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db


def events(unit):
    return list(
        UnitEvent.objects.filter(unit=unit)
        .order_by("at", "id")
        .values_list("from_state", "to_state")
    )


def test_br_cat_03_hold_lasts_24_hours_from_policy(company, catalog, customer):
    li = company.rep
    unit = services.unit_hold(actor=li.user, unit_id=catalog.unit.pk, customer_id=customer.pk)
    assert unit.state == UnitState.HELD
    assert unit.held_until == MONDAY_10 + dt.timedelta(hours=24)
    assert unit.holder == li.user and unit.customer == customer
    assert events(unit) == [("available", "held")]
    assert AuditLog.objects.filter(action="unit.hold", object_id=str(unit.pk)).count() == 1
    assert selectors.unit_effective_state(unit) == UnitState.HELD


def test_br_cat_03_hold_hours_follow_policy(company, catalog, clock):
    policy_change(actor=company.gm.user, key="catalog.hold_hours", value=48, reason="开盘期")
    unit = services.unit_hold(actor=company.rep.user, unit_id=catalog.unit.pk)
    assert unit.held_until == MONDAY_10 + dt.timedelta(hours=48)


def test_br_cat_03_only_leaders_choose_the_hold_length(company, catalog):
    with pytest.raises(PermissionDeniedError):
        services.unit_hold(actor=company.rep.user, unit_id=catalog.unit.pk, hours=72)
    assert Unit.objects.get(pk=catalog.unit.pk).state == UnitState.AVAILABLE
    unit = services.unit_hold(actor=company.supervisor1.user, unit_id=catalog.unit.pk, hours=72)
    assert unit.held_until == MONDAY_10 + dt.timedelta(hours=72)


def test_br_cat_03_expired_hold_is_available_without_any_job(company, catalog, clock):
    services.unit_hold(actor=company.rep.user, unit_id=catalog.unit.pk)
    clock.move_to(at(2026, 11, 24, 9, 59))
    unit = Unit.objects.get(pk=catalog.unit.pk)
    assert selectors.unit_effective_state(unit) == UnitState.HELD
    clock.move_to(at(2026, 11, 24, 10, 0))
    assert selectors.unit_effective_state(unit) == UnitState.AVAILABLE
    # the stored row still says held: no job ran, and nothing depends on one
    assert unit.state == UnitState.HELD
    assert (
        selectors.unit_list(viewer=company.rep.user, filters={"state": "available"})
        .filter(pk=unit.pk)
        .exists()
    )
    assert not selectors.unit_list(viewer=company.rep.user, filters={"state": "held"}).exists()
    # another rep may now hold it; the expiry is recorded first, dated at the expiry
    other = company.reps1[1]
    unit = services.unit_hold(actor=other.user, unit_id=unit.pk)
    assert unit.holder == other.user
    assert events(unit) == [("available", "held"), ("held", "available"), ("available", "held")]
    expiry = UnitEvent.objects.filter(unit=unit, to_state="available").get()
    assert expiry.at == at(2026, 11, 24, 10, 0) and expiry.actor is None


def test_br_cat_03_tick_returns_expired_holds_idempotently_and_tells_the_holder(
    company, catalog, clock
):
    services.unit_hold(actor=company.rep.user, unit_id=catalog.unit.pk)
    assert return_expired_holds(at(2026, 11, 24, 9)) == {"returned": 0, "notified": 0}
    clock.move_to(at(2026, 11, 24, 12))
    assert return_expired_holds(at(2026, 11, 24, 12)) == {"returned": 1, "notified": 1}
    assert return_expired_holds(at(2026, 11, 24, 12)) == {"returned": 0, "notified": 0}
    unit = Unit.objects.get(pk=catalog.unit.pk)
    assert unit.state == UnitState.AVAILABLE and unit.holder is None and unit.held_until is None
    assert events(unit) == [("available", "held"), ("held", "available")]
    note = Notification.objects.get(recipient=company.rep.user, kind="catalog.hold_expired")
    assert "3-1502" in note.title


def test_br_cat_03_another_reps_hold_is_refused_naming_holder_and_expiry(company, catalog):
    li, zhang = company.rep, company.reps1[1]
    services.unit_hold(actor=li.user, unit_id=catalog.unit.pk)
    with pytest.raises(BusinessRuleError) as hold:
        services.unit_hold(actor=zhang.user, unit_id=catalog.unit.pk)
    assert hold.value.rule == "BR-CAT-03" and hold.value.code == "unit_unavailable"
    assert str(hold.value.message) == f"3-1502 已被 {li.name} 销控保留至 11月24日 10:00，不能保留。"
    other = make_customer(zhang, mobile="13900139000", name="钱女士")
    with pytest.raises(BusinessRuleError) as reserve:
        services.unit_reserve(
            actor=zhang.user, unit_id=catalog.unit.pk, customer_id=other.pk, document="rsv:9"
        )
    assert str(reserve.value.message) == (
        f"3-1502 已被 {li.name} 销控保留至 11月24日 10:00，不能认购。"
    )
    assert reserve.value.code == "unit_unavailable"
    unit = Unit.objects.get(pk=catalog.unit.pk)
    assert unit.state == UnitState.HELD and unit.holder == li.user
    assert events(unit) == [("available", "held")]


def test_br_cat_03_same_rep_cannot_extend_own_hold(company, catalog):
    services.unit_hold(actor=company.rep.user, unit_id=catalog.unit.pk)
    with pytest.raises(BusinessRuleError) as err:
        services.unit_hold(actor=company.rep.user, unit_id=catalog.unit.pk)
    assert err.value.code == "already_held"


def test_br_cat_03_release_by_holder_or_leader_only(company, catalog):
    li, zhang = company.rep, company.reps1[1]
    services.unit_hold(actor=li.user, unit_id=catalog.unit.pk)
    with pytest.raises(PermissionDeniedError) as err:
        services.unit_release(actor=zhang.user, unit_id=catalog.unit.pk)
    assert li.name in str(err.value.message)
    unit = services.unit_release(actor=company.supervisor1.user, unit_id=catalog.unit.pk)
    assert unit.state == UnitState.AVAILABLE and unit.holder is None
    services.unit_hold(actor=zhang.user, unit_id=catalog.unit.pk)
    unit = services.unit_release(actor=zhang.user, unit_id=catalog.unit.pk, reason="客户改选")
    assert unit.state == UnitState.AVAILABLE
    with pytest.raises(BusinessRuleError) as again:
        services.unit_release(actor=zhang.user, unit_id=catalog.unit.pk)
    assert again.value.code == "illegal_transition"


def test_br_cat_03_release_only_by_the_holders_leaders_or_the_projects_manager(company, catalog):
    """A supervisor of another team or department cannot release (nor then take) a hold;
    the holder's own supervisor, their manager, the project's manager and the GM can."""
    li = company.rep  # team 1 of 销售1部, whose project 翠湖天地 is
    for outsider in (company.supervisor2, company.reps2[0]):
        services.unit_hold(actor=li.user, unit_id=catalog.unit.pk)
        with pytest.raises(PermissionDeniedError) as err:
            services.unit_release(actor=outsider.user, unit_id=catalog.unit.pk)
        assert "上级主管" in str(err.value.message)
        assert not services.may_release(outsider.user, catalog.unit)
        services.unit_release(actor=li.user, unit_id=catalog.unit.pk)
    for leader in (company.supervisor1, company.manager1, company.gm):
        services.unit_hold(actor=li.user, unit_id=catalog.unit.pk)
        unit = services.unit_release(actor=leader.user, unit_id=catalog.unit.pk)
        assert unit.state == UnitState.AVAILABLE
    # a rep of 销售2部 holding a unit of 销售1部's project: the project's manager may release
    services.unit_hold(actor=company.reps2[0].user, unit_id=catalog.unit.pk)
    assert services.unit_release(actor=company.manager1.user, unit_id=catalog.unit.pk)


def test_br_cat_03_holder_reserves_contracts_delivers(company, catalog, customer):
    li = company.rep
    services.unit_hold(actor=li.user, unit_id=catalog.unit.pk, customer_id=customer.pk)
    unit = services.unit_reserve(
        actor=li.user, unit_id=catalog.unit.pk, customer_id=customer.pk, document="reservation:1"
    )
    assert unit.state == UnitState.RESERVED and unit.held_until is None
    assert unit.holder == li.user and unit.customer == customer
    with pytest.raises(BusinessRuleError) as twice:
        services.unit_reserve(
            actor=li.user, unit_id=unit.pk, customer_id=customer.pk, document="reservation:2"
        )
    assert str(twice.value.message) == f"3-1502 已认购（经办人 {li.name}），不能重复认购。"
    unit = services.unit_contract(
        actor=li.user, unit_id=unit.pk, customer_id=customer.pk, document="contract:1"
    )
    assert unit.state == UnitState.CONTRACTED
    unit = services.unit_deliver(actor=li.user, unit_id=unit.pk, document="delivery:1")
    assert unit.state == UnitState.DELIVERED
    assert events(unit) == [
        ("available", "held"),
        ("held", "reserved"),
        ("reserved", "contracted"),
        ("contracted", "delivered"),
    ]
    docs = list(
        UnitEvent.objects.filter(unit=unit).order_by("at", "id").values_list("document", flat=True)
    )
    assert docs == ["", "reservation:1", "contract:1", "delivery:1"]


def test_br_cat_03_finance_reserves_for_the_held_customer_and_keeps_the_rep(
    company, catalog, customer
):
    services.unit_hold(actor=company.rep.user, unit_id=catalog.unit.pk, customer_id=customer.pk)
    unit = services.unit_reserve(
        actor=company.finance.user, unit_id=catalog.unit.pk, customer_id=customer.pk, document="r:1"
    )
    assert unit.state == UnitState.RESERVED and unit.holder == company.rep.user


def test_br_cat_03_contract_straight_from_available_and_refused_for_other_customer(
    company, catalog, customer
):
    li = company.rep
    unit = services.unit_contract(
        actor=li.user, unit_id=catalog.unit.pk, customer_id=customer.pk, document="contract:7"
    )
    assert unit.state == UnitState.CONTRACTED
    other = make_customer(li, mobile="13700137000", name="孙先生")
    u2 = catalog.units["3-1501"]
    services.unit_reserve(actor=li.user, unit_id=u2.pk, customer_id=customer.pk, document="r:1")
    with pytest.raises(BusinessRuleError) as err:
        services.unit_contract(actor=li.user, unit_id=u2.pk, customer_id=other.pk, document="c:2")
    assert err.value.code == "unit_unavailable"


def test_br_cat_03_cancel_returns_reserved_or_contracted_to_available(company, catalog, customer):
    li = company.rep
    services.unit_reserve(
        actor=li.user, unit_id=catalog.unit.pk, customer_id=customer.pk, document="r:1"
    )
    with pytest.raises(BusinessRuleError):
        services.unit_cancel(actor=li.user, unit_id=catalog.unit.pk, document="r:1", reason=" ")
    unit = services.unit_cancel(
        actor=li.user, unit_id=catalog.unit.pk, document="change:1", reason="换房"
    )
    assert unit.state == UnitState.AVAILABLE and unit.customer is None and unit.holder is None
    services.unit_contract(actor=li.user, unit_id=unit.pk, customer_id=customer.pk, document="c:1")
    unit = services.unit_cancel(actor=li.user, unit_id=unit.pk, document="change:2", reason="解约")
    assert unit.state == UnitState.AVAILABLE


@pytest.mark.parametrize(
    ("setup", "action"),
    [
        ([], "deliver"),
        ([], "cancel"),
        ([], "release"),
        (["hold"], "deliver"),
        (["hold"], "cancel"),
        (["reserve"], "deliver"),
        (["reserve"], "hold"),
        (["reserve", "contract"], "reserve"),
        (["reserve", "contract", "deliver"], "cancel"),
        (["reserve", "contract", "deliver"], "contract"),
    ],
)
def test_br_cat_03_illegal_transitions_are_refused(company, catalog, customer, setup, action):
    li = company.rep
    uid = catalog.unit.pk
    calls = {
        "hold": lambda: services.unit_hold(actor=li.user, unit_id=uid),
        "release": lambda: services.unit_release(actor=li.user, unit_id=uid),
        "reserve": lambda: services.unit_reserve(
            actor=li.user, unit_id=uid, customer_id=customer.pk, document="r"
        ),
        "contract": lambda: services.unit_contract(
            actor=li.user, unit_id=uid, customer_id=customer.pk, document="c"
        ),
        "deliver": lambda: services.unit_deliver(actor=li.user, unit_id=uid, document="d"),
        "cancel": lambda: services.unit_cancel(
            actor=li.user, unit_id=uid, document="x", reason="r"
        ),
    }
    for step in setup:
        calls[step]()
    before = (Unit.objects.get(pk=uid).state, UnitEvent.objects.filter(unit_id=uid).count())
    with pytest.raises(BusinessRuleError):
        calls[action]()
    after = (Unit.objects.get(pk=uid).state, UnitEvent.objects.filter(unit_id=uid).count())
    assert before == after


def test_br_cat_03_unknown_unit_and_non_sales_roles(company, catalog):
    with pytest.raises(NotFoundError):
        services.unit_hold(actor=company.rep.user, unit_id=999999)
    with pytest.raises(PermissionDeniedError):
        services.unit_hold(actor=company.warehouse.user, unit_id=catalog.unit.pk)


def test_br_cat_03_expired_hold_of_another_rep_can_be_reserved(company, catalog, customer, clock):
    services.unit_hold(actor=company.reps1[1].user, unit_id=catalog.unit.pk)
    clock.move_to(at(2026, 11, 24, 10, 1))
    unit = services.unit_reserve(
        actor=company.rep.user, unit_id=catalog.unit.pk, customer_id=customer.pk, document="r:1"
    )
    assert unit.state == UnitState.RESERVED and unit.holder == company.rep.user
    assert events(unit) == [("available", "held"), ("held", "available"), ("available", "reserved")]


def test_br_cat_03_max_deposit_is_20_percent_of_the_price():
    from decimal import Decimal

    from l2c.catalog.policies import max_deposit

    assert max_deposit(Decimal("1650000.00")) == Decimal("330000.00")


def test_br_cat_03_expired_hold_cannot_be_released_it_is_available_already(company, catalog, clock):
    services.unit_hold(actor=company.rep.user, unit_id=catalog.unit.pk)
    clock.move_to(at(2026, 11, 24, 11))
    with pytest.raises(BusinessRuleError) as err:
        services.unit_release(actor=company.rep.user, unit_id=catalog.unit.pk)
    assert err.value.code == "illegal_transition" and "可售" in str(err.value.message)
    # the tick records the expiry later, once
    assert return_expired_holds(at(2026, 11, 24, 11))["returned"] == 1
    assert events(Unit.objects.get(pk=catalog.unit.pk)) == [
        ("available", "held"),
        ("held", "available"),
    ]


def test_br_cat_03_tick_skips_an_expired_hold_already_taken_by_a_reservation(
    company, catalog, customer, clock
):
    services.unit_hold(actor=company.reps1[1].user, unit_id=catalog.unit.pk)
    clock.move_to(at(2026, 11, 24, 12))
    services.unit_reserve(
        actor=company.rep.user, unit_id=catalog.unit.pk, customer_id=customer.pk, document="r:1"
    )
    assert return_expired_holds(at(2026, 11, 24, 12)) == {"returned": 0, "notified": 0}
    unit = Unit.objects.get(pk=catalog.unit.pk)
    assert unit.state == UnitState.RESERVED
    assert events(unit) == [("available", "held"), ("held", "available"), ("available", "reserved")]
