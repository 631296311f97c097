"""Ownership, duplicates and the public pool (BR-CUS-03…07, BR-ORG-03), with a fixed clock."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from l2c.approvals.tests.conftest import at
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.customers import selectors, services
from l2c.customers.models import CardState, Customer, DuplicateCard, OwnershipRecord
from l2c.customers.tasks import sweep_and_remind
from l2c.notifications.models import Notification
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db

MOBILE = "13800138000"


def register(person, mobile=MOBILE, name="赵先生", **kw):
    return services.customer_register(
        actor=person.user, data={"name": name, "mobile": mobile, **kw}
    )


def contact(person, customer, when, real=True):
    return services.customer_record_contact(
        actor=person.user, customer_id=customer.pk, at=when, real=real
    )


def state(customer, when):
    customer.refresh_from_db()
    return selectors.card_state(customer, when)


# --- BR-CUS-03 duplicates ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["13800138000", "+86 138 0013 8000", "138-0013-8000", "0086 13800138000"]
)
def test_br_cus_03_mobile_is_normalised_and_decides_identity(company, clock, typed):
    first = register(company.rep)
    again = register(company.reps1[1], mobile=typed, name="赵总")
    assert first.created and not again.created
    assert again.duplicate is not None and again.duplicate.owner_at_the_time == company.rep.user
    assert Customer.objects.count() == 1
    customer = Customer.objects.get()
    assert customer.owner == company.rep.user and customer.mobile == MOBILE


def test_br_cus_03_the_owner_registering_her_own_customer_again_is_no_duplicate_card(
    company, clock
):
    first = register(company.rep)
    again = register(company.rep, mobile="138-0013-8000", name="赵总")
    assert again.already_owned and not again.created and again.duplicate is None
    assert not again.owner_changed and again.customer.pk == first.customer.pk
    assert not DuplicateCard.objects.exists()  # no 重卡 against her (a fine may follow one)
    assert again.customer.ownership.count() == 1  # and no ownership record either
    other = register(company.reps1[1])  # someone else: still a duplicate card
    assert other.duplicate is not None and DuplicateCard.objects.count() == 1


def test_br_cus_03_same_name_and_company_is_flagged(company, clock):
    register(company.rep, company="华润置地")
    other = register(company.reps1[1], mobile="13900139001", company="华润置地")
    assert other.created and [c.mobile for c in other.similar] == [MOBILE]


def test_br_cus_03_a_void_card_passes_to_the_new_registration(company, clock):
    first = register(company.rep)
    clock.move_to(at(2026, 11, 27, 10))  # 4 days, no follow-up: void
    second = register(company.reps1[1])
    assert second.duplicate is None
    customer = Customer.objects.get()
    assert customer.owner == company.reps1[1].user
    kinds = list(customer.ownership.values_list("kind", flat=True))
    assert kinds == ["register", "drop", "register"]
    assert first.customer.pk == customer.pk


def test_br_cus_10_bad_numbers_are_refused_with_a_clear_message(company, clock):
    for bad in ("12345", "021-12345678", "abc", "+1 415 555 0100"):
        with pytest.raises(BusinessRuleError) as err:
            register(company.rep, mobile=bad)
        assert err.value.rule == "BR-CUS-10" and err.value.field == "mobile"
    with pytest.raises(BusinessRuleError) as err:
        register(company.rep, id_number="110105199001010021")
    assert err.value.field == "id_number"
    assert Customer.objects.count() == 0


def test_br_cus_10_letters_in_a_mobile_are_refused_not_dialled_as_a_keypad():
    from l2c.customers.policies import normalise_mobile

    # phonenumbers reads letters as a phone keypad: "abcd" would become 2223
    for bad in ("1380013abcd", "138OO138000", "13800138000 转 8"):
        with pytest.raises(BusinessRuleError) as err:
            normalise_mobile(bad)
        assert err.value.rule == "BR-CUS-10" and err.value.code == "bad_mobile"
    for good in ("+86 138-0013-8000", "(138) 0013 8000", "１３８００１３８０００", "138.0013.8000"):
        assert normalise_mobile(good) == "13800138000"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_br_cus_03_two_reps_register_the_same_phone_at_the_same_moment(company):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel connections need PostgreSQL")
    from l2c.policy.defaults import seed_definitions
    from l2c.policy.models import PolicySetting, PolicyVersion

    seed_definitions(PolicySetting, PolicyVersion)
    barrier = threading.Barrier(2)
    results = {}

    def go(person):
        try:
            barrier.wait()
            results[person.name] = register(person)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(p,)) for p in company.reps1[:2]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Customer.objects.count() == 1
    customer = Customer.objects.get()
    created = [r for r in results.values() if r.created]
    duplicates = [r for r in results.values() if r.duplicate is not None]
    assert len(created) == 1 and len(duplicates) == 1
    assert customer.owner_id == created[0].customer.owner_id
    assert DuplicateCard.objects.count() == 1
    assert OwnershipRecord.objects.filter(kind="register").count() == 1


# --- BR-CUS-04 protection and follow-up deadlines ------------------------------------


def test_br_cus_04_first_follow_up_within_3_days_or_the_card_is_void(company, clock):
    customer = register(company.rep).customer
    assert state(customer, at(2026, 11, 26, 9, 59)) == CardState.DUE_SOON
    assert state(customer, at(2026, 11, 26, 10)) == CardState.VOID
    # void without any job having run: the customer is in the pool for every read
    pool = selectors.customer_list(
        viewer=company.reps1[1].user, scope="pool", now=at(2026, 11, 26, 11)
    )
    assert customer in pool


def test_br_cus_04_follow_ups_at_most_7_days_apart_then_60_day_protection(company, clock):
    customer = register(company.rep).customer
    contact(company.rep, customer, at(2026, 11, 25, 10))  # day 2
    customer.refresh_from_db()
    assert customer.void_at == at(2026, 12, 2, 10)
    when = at(2026, 11, 25, 10)
    for _ in range(8):  # a little under 7 days apart each time
        when += dt.timedelta(days=7, hours=-1)
        contact(company.rep, customer, when)
    customer.refresh_from_db()
    # protection ends 60 days after registration whatever the follow-ups
    assert customer.void_at == at(2027, 1, 22, 10) and customer.void_reason == "protection"


def test_br_cus_04_a_contact_after_the_card_died_does_not_revive_it(company, clock):
    customer = register(company.rep).customer
    contact(company.rep, customer, at(2026, 11, 27, 10))  # day 4: too late
    assert state(customer, at(2026, 11, 27, 11)) == CardState.VOID


def test_br_cus_05_third_message_only_follow_up_voids_at_once(company, clock):
    customer = register(company.rep).customer
    contact(company.rep, customer, at(2026, 11, 24, 10), real=False)
    contact(company.rep, customer, at(2026, 11, 24, 11), real=False)
    assert state(customer, at(2026, 11, 24, 12)) == CardState.VALID
    contact(company.rep, customer, at(2026, 11, 24, 13), real=False)
    customer.refresh_from_db()
    assert customer.void_at == at(2026, 11, 24, 13) and customer.void_reason == "message_only"


def test_br_cus_05_a_real_contact_resets_the_message_streak(company, clock):
    customer = register(company.rep).customer
    contact(company.rep, customer, at(2026, 11, 24, 10), real=False)
    contact(company.rep, customer, at(2026, 11, 24, 11), real=False)
    contact(company.rep, customer, at(2026, 11, 24, 12), real=True)
    contact(company.rep, customer, at(2026, 11, 24, 13), real=False)
    customer.refresh_from_db()
    assert customer.message_streak == 1
    assert state(customer, at(2026, 11, 25, 10)) == CardState.VALID


# --- BR-CUS-06 deals, BR-CUS-07 pool ---------------------------------------------------


def test_br_cus_06_deal_customers_never_drop(company, clock):
    customer = register(company.rep).customer
    services.customer_mark_deal(actor=company.rep.user, customer_id=customer.pk)
    clock.move_to(at(2027, 6, 1, 10))
    sweep_and_remind(at(2027, 6, 1, 10))
    assert state(customer, at(2027, 6, 1, 10)) == CardState.DEAL
    assert customer.owner == company.rep.user


def test_br_cus_07_locked_customers_never_drop(company, clock):
    customer = register(company.rep).customer
    services.customer_set_lock(
        actor=company.manager1.user,
        customer_id=customer.pk,
        locked=True,
        reason="重点客户，经理跟进",
    )
    with pytest.raises(PermissionDeniedError):
        services.customer_set_lock(
            actor=company.supervisor1.user, customer_id=customer.pk, locked=False, reason="x"
        )
    sweep_and_remind(at(2027, 3, 1, 10))
    assert state(customer, at(2027, 3, 1, 10)) == CardState.LOCKED


def test_br_cus_07_sweep_drops_void_cards_once_and_reminds_the_day_before(company, clock):
    customer = register(company.rep).customer
    # 25 Nov 10:00 is within a day of the void moment (26 Nov 10:00): reminder
    assert sweep_and_remind(at(2026, 11, 25, 10, 30)) == {"dropped": 0, "reminded": 1}
    assert sweep_and_remind(at(2026, 11, 25, 11)) == {"dropped": 0, "reminded": 0}
    note = Notification.objects.get(recipient=company.rep.user)
    assert "公海" in note.title
    assert sweep_and_remind(at(2026, 11, 26, 10, 1)) == {"dropped": 1, "reminded": 0}
    assert sweep_and_remind(at(2026, 11, 26, 10, 2)) == {"dropped": 0, "reminded": 0}
    customer.refresh_from_db()
    assert customer.owner is None and customer.previous_owner == company.rep.user
    drop = customer.ownership.get(kind="drop")
    assert drop.at == at(2026, 11, 26, 10) and drop.reason == "建档后未按时首次回访"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_br_cus_04_two_sweeps_at_once_drop_each_card_exactly_once(company, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel connections need PostgreSQL")
    from django.utils import timezone

    from l2c.customers import tasks
    from l2c.policy.defaults import seed_definitions
    from l2c.policy.models import PolicySetting, PolicyVersion

    seed_definitions(PolicySetting, PolicyVersion)
    monkeypatch.setattr(tasks, "BATCH", 3)  # several batches each, interleaving
    cards = [
        register(company.reps1[i % len(company.reps1)], mobile=f"1380013{i:04d}").customer
        for i in range(10)
    ]
    when = timezone.now() + dt.timedelta(days=10)  # no follow-up: every card void
    barrier = threading.Barrier(2)
    dropped: list[int] = []

    def sweep():
        try:
            barrier.wait()
            dropped.append(tasks.drop_void_cards(when))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(dropped) == 2 and sum(dropped) == len(cards)
    for card in cards:
        before = card.version
        card.refresh_from_db()
        assert card.owner_id is None and card.previous_owner_id is not None
        assert card.version == before + 1 and card.dropped_at == card.void_at
        (drop,) = card.ownership.filter(kind="drop")
        assert drop.from_owner_id == card.previous_owner_id and drop.rule == "BR-CUS-04"
        assert drop.reason == "建档后未按时首次回访" and drop.at == card.void_at


def test_br_cus_07_previous_owner_cannot_reclaim_for_7_days(company, clock):
    customer = register(company.rep).customer
    clock.move_to(at(2026, 11, 27, 10))
    sweep_and_remind(at(2026, 11, 27, 10))
    with pytest.raises(BusinessRuleError) as err:
        services.customer_claim(actor=company.rep.user, customer_id=customer.pk)
    assert err.value.code == "reclaim_blocked"
    # nor by registering the phone again: a duplicate card, still in the pool
    again = register(company.rep)
    assert again.duplicate is not None
    clock.move_to(at(2026, 12, 3, 10, 1))  # dropped 26 Nov 10:00 + 7 days
    services.customer_claim(actor=company.rep.user, customer_id=customer.pk)
    customer.refresh_from_db()
    assert customer.owner == company.rep.user


def test_br_cus_07_claim_caps_per_day_and_per_rep(company, clock):
    policy_change(
        actor=company.gm.user, key="customers.pool_daily_claim_cap", value=2, reason="测试"
    )
    policy_change(actor=company.gm.user, key="customers.max_owned", value=3, reason="测试")
    pool = [register(company.reps1[1], mobile=f"1390013900{i}").customer for i in range(5)]
    clock.move_to(at(2026, 11, 27, 10))  # all void
    claimer = company.rep
    services.customer_claim(actor=claimer.user, customer_id=pool[0].pk)
    services.customer_claim(actor=claimer.user, customer_id=pool[1].pk)
    with pytest.raises(BusinessRuleError) as err:
        services.customer_claim(actor=claimer.user, customer_id=pool[2].pk)
    assert err.value.code == "daily_cap"
    clock.move_to(at(2026, 11, 28, 9))  # next day: the daily cap resets
    services.customer_claim(actor=claimer.user, customer_id=pool[2].pk)
    with pytest.raises(BusinessRuleError) as err:  # 3 owned: the per-rep cap
        services.customer_claim(actor=claimer.user, customer_id=pool[3].pk)
    assert err.value.code == "owned_cap"
    with pytest.raises(ConflictError):  # not in the pool any more
        services.customer_claim(actor=company.reps1[1].user, customer_id=pool[0].pk)


def test_br_cus_07_supervisor_transfers_void_cards_only(company, clock):
    customer = register(company.rep).customer
    with pytest.raises(BusinessRuleError) as err:
        services.customer_transfer(
            actor=company.supervisor1.user,
            customer_id=customer.pk,
            to_user_id=company.reps1[1].user.pk,
            reason="调整",
        )
    assert err.value.code == "card_valid"
    with pytest.raises(PermissionDeniedError):
        services.customer_transfer(
            actor=company.supervisor2.user,
            customer_id=customer.pk,
            to_user_id=company.reps2[0].user.pk,
            reason="调整",
        )
    clock.move_to(at(2026, 11, 27, 10))
    services.customer_transfer(
        actor=company.supervisor1.user,
        customer_id=customer.pk,
        to_user_id=company.reps1[1].user.pk,
        reason="原负责人未跟进",
    )
    customer.refresh_from_db()
    assert customer.owner == company.reps1[1].user
    assert customer.void_at == at(2026, 11, 30, 10)  # a fresh first-follow-up deadline
    record = customer.ownership.get(kind="transfer")
    assert record.reason == "原负责人未跟进" and record.actor == company.supervisor1.user


def test_br_org_03_redistribution_is_random_but_recorded(company, clock):
    for i in range(6):
        register(company.rep, mobile=f"1390013900{i}")
    moved = services.customers_redistribute(
        actor=company.manager1.user, from_user_id=company.rep.user.pk, reason="离职", seed=42
    )
    assert len(moved) == 6
    targets = {t for _, t in moved}
    assert company.rep.user.pk not in targets
    assert targets <= {p.user.pk for p in company.reps1[1:]}
    again = [(c, t) for c, t in moved]
    # the same seed gives the same assignment: the audit keeps the seed
    from l2c.audit.models import AuditLog

    entry = AuditLog.objects.get(action="customer.redistribute")
    assert entry.extra["seed"] == 42 and [list(x) for x in again] == entry.extra["moved"]


# --- BR-CUS-10 masking -------------------------------------------------------------------


def test_br_cus_10_masks(company):
    from l2c.customers.policies import mask_id_number, mask_mobile

    assert mask_mobile("13812341234") == "138****1234"
    assert mask_id_number("11010519491231002X") == "110105********002X"


def test_br_cus_10_only_the_owner_sees_the_number(company, clock):
    customer = register(company.rep).customer
    assert selectors.shown_mobile(company.rep.user, customer) == MOBILE
    for other in (company.supervisor1, company.manager1, company.gm, company.reps1[1]):
        assert selectors.shown_mobile(other.user, customer) == "138****8000"
    lookup = selectors.phone_lookup("138 0013 8000")
    assert lookup.exists and lookup.owner_name == company.rep.name
    assert lookup.name_masked.startswith("赵") and "先生" not in lookup.name_masked


# --- BR-CUS-08 referrals and families ---------------------------------------------------


def test_br_cus_08_a_referred_customer_belongs_to_the_referrers_receiver(company, clock):
    old = register(company.rep).customer
    new = services.customer_register(
        actor=company.reps1[1].user,
        data={"name": "钱女士", "mobile": "13900139055", "referrer_id": old.pk},
    )
    assert new.created and new.customer.owner == company.rep.user
    assert new.customer.referrer == old and new.customer.channel == "referral"
    record = new.customer.ownership.get()
    assert record.rule == "BR-CUS-08"


def test_br_cus_08_a_family_member_counts_as_the_same_customer(company, clock):
    old = register(company.rep).customer
    services.contact_add(
        actor=company.rep.user,
        customer_id=old.pk,
        data={"name": "赵太太", "relation": "妻子", "mobile": "13900139066", "is_family": True},
    )
    again = register(company.reps1[1], mobile="13900139066", name="赵太太")
    assert again.duplicate is not None and again.customer == old
    assert Customer.objects.count() == 1
