"""Supervisor confirmation (BR-CUS-04a), a policy switch off by default, under a fixed
clock: cards and follow-ups count from when they were made if confirmed in time, else from
the confirmation; the earliest *effective* registration decides duplicates."""

from __future__ import annotations

import pytest

from l2c.activities.services import follow_up_confirm, follow_up_record
from l2c.core.errors import PermissionDeniedError
from l2c.core.testing import at
from l2c.customers import services
from l2c.customers.models import Customer
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def switch_on(company, clock):
    policy_change(
        actor=company.gm.user,
        key="customers.supervisor_confirmation",
        value=True,
        reason="汽车经销商制度：新卡与回访须主管确认",
    )


def register(person, mobile="13800138000"):
    return services.customer_register(actor=person.user, data={"name": "赵先生", "mobile": mobile})


def test_br_cus_04a_switch_off_by_default_follow_ups_count_at_once(company, clock):
    customer = register(company.rep).customer
    clock.move_to(at(2026, 11, 23, 12))
    follow_up = follow_up_record(
        actor=company.rep.user,
        customer_id=customer.pk,
        kind="call",
        outcome="电话沟通",
        at=at(2026, 11, 23, 11),
    )
    assert follow_up.counted and not follow_up.awaiting_confirmation


def test_br_cus_04a_card_confirmed_the_same_day_runs_from_registration(company, switch_on, clock):
    customer = register(company.rep).customer
    clock.move_to(at(2026, 11, 23, 17))
    with pytest.raises(PermissionDeniedError):
        services.customer_confirm_registration(actor=company.rep.user, customer_id=customer.pk)
    services.customer_confirm_registration(actor=company.supervisor1.user, customer_id=customer.pk)
    customer.refresh_from_db()
    assert customer.owned_since == at(2026, 11, 23, 10)
    assert customer.void_at == at(2026, 11, 26, 10)


def test_br_cus_04a_card_confirmed_later_runs_from_the_confirmation(company, switch_on, clock):
    customer = register(company.rep).customer
    clock.move_to(at(2026, 11, 24, 9))
    services.customer_confirm_registration(actor=company.supervisor1.user, customer_id=customer.pk)
    customer.refresh_from_db()
    assert customer.owned_since == at(2026, 11, 24, 9)
    assert customer.void_at == at(2026, 11, 27, 9)


def test_br_cus_04a_follow_up_counts_from_when_made_if_confirmed_within_24_hours(
    company, switch_on, clock
):
    customer = register(company.rep).customer
    clock.move_to(at(2026, 11, 24, 10))
    follow_up = follow_up_record(
        actor=company.rep.user, customer_id=customer.pk, kind="call", outcome="电话沟通"
    )
    assert follow_up.awaiting_confirmation and not follow_up.counted
    customer.refresh_from_db()
    assert customer.last_contact_at is None  # not yet counted
    clock.move_to(at(2026, 11, 25, 9))  # 23 hours later
    follow_up_confirm(actor=company.supervisor1.user, follow_up_id=follow_up.pk)
    customer.refresh_from_db()
    assert customer.last_contact_at == at(2026, 11, 24, 10)


def test_br_cus_04a_follow_up_confirmed_late_counts_from_the_confirmation(
    company, switch_on, clock
):
    customer = register(company.rep).customer
    services.customer_confirm_registration(actor=company.supervisor1.user, customer_id=customer.pk)
    clock.move_to(at(2026, 11, 24, 10))
    follow_up = follow_up_record(
        actor=company.rep.user, customer_id=customer.pk, kind="visit", outcome="到访看房"
    )
    clock.move_to(at(2026, 11, 25, 12))  # 26 hours later
    follow_up_confirm(actor=company.supervisor1.user, follow_up_id=follow_up.pk)
    customer.refresh_from_db()
    assert customer.last_contact_at == at(2026, 11, 25, 12)


def test_br_cus_04a_earliest_effective_registration_wins(company, switch_on, clock):
    first = register(company.rep).customer  # 10:00, not confirmed that day
    clock.move_to(at(2026, 11, 23, 15))
    second = register(company.reps1[1])  # a duplicate card at 15:00
    assert second.duplicate is not None
    clock.move_to(at(2026, 11, 23, 16))
    services.duplicate_confirm(actor=company.supervisor1.user, duplicate_id=second.duplicate.pk)
    customer = Customer.objects.get(pk=first.pk)
    assert customer.owner == company.reps1[1].user
    assert customer.owned_since == at(2026, 11, 23, 15)
    record = customer.ownership.order_by("-at", "-id").first()
    assert record.rule == "BR-CUS-04a"


def test_br_cus_04a_a_confirmed_earlier_card_keeps_the_customer(company, switch_on, clock):
    first = register(company.rep).customer
    services.customer_confirm_registration(actor=company.supervisor1.user, customer_id=first.pk)
    clock.move_to(at(2026, 11, 23, 15))
    second = register(company.reps1[1])
    services.duplicate_confirm(actor=company.supervisor1.user, duplicate_id=second.duplicate.pk)
    assert Customer.objects.get(pk=first.pk).owner == company.rep.user


def test_br_cus_04a_the_supervisor_confirms_on_the_customer_page(company, switch_on, client):
    from l2c.org.tests.factories import PASSWORD

    customer = register(company.rep).customer
    assert client.login(username=company.supervisor1.user.username, password=PASSWORD)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "confirm-card" in page and "待主管确认" in page
    client.post(f"/customers/{customer.pk}/confirm/")
    customer.refresh_from_db()
    assert customer.confirmed_at is not None
    assert "confirm-card" not in client.get(f"/customers/{customer.pk}/").content.decode()


def test_br_cus_04a_the_supervisor_confirms_a_follow_up_on_the_list(
    company, switch_on, client, clock
):
    from l2c.org.tests.factories import PASSWORD

    customer = register(company.rep).customer
    clock.move_to(at(2026, 11, 23, 12))
    follow_up = follow_up_record(
        actor=company.rep.user, customer_id=customer.pk, kind="call", outcome="电话沟通"
    )
    assert client.login(username=company.supervisor1.user.username, password=PASSWORD)
    page = client.get("/activities/follow-ups/?scope=team").content.decode()
    assert "待主管确认" in page
    client.post(f"/activities/follow-ups/{follow_up.pk}/confirm/")
    follow_up.refresh_from_db()
    assert follow_up.counted and follow_up.confirmed_at is not None
