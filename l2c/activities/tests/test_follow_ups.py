"""Follow-ups and ownership (BR-CUS-04, 05), S1 step 4 — with a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest

from l2c.activities.models import FollowUp
from l2c.activities.selectors import timeline_entries
from l2c.activities.tests.conftest import follow, register, state
from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, NotFoundError, PermissionDeniedError
from l2c.core.testing import MONDAY_10, at
from l2c.customers.models import CardState

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


# --- BR-CUS-04 first follow-up within 3 days, then at most 7 days apart ------------------


def test_br_cus_04_first_follow_up_within_3_days_keeps_the_card_valid(company, clock, customer):
    clock.move_to(MONDAY_10 + 3 * DAY - dt.timedelta(minutes=1))
    follow(company.rep, customer, "call")
    customer.refresh_from_db()
    assert customer.void_at == MONDAY_10 + 3 * DAY - dt.timedelta(minutes=1) + 7 * DAY
    clock.move_to(MONDAY_10 + 4 * DAY)
    assert state(customer) == CardState.VALID


def test_br_cus_04_day_4_without_a_follow_up_voids_the_card(company, clock, customer):
    clock.move_to(MONDAY_10 + 3 * DAY - dt.timedelta(minutes=1))
    assert state(customer) == CardState.DUE_SOON
    clock.move_to(MONDAY_10 + 4 * DAY)
    assert state(customer) == CardState.VOID
    customer.refresh_from_db()
    assert customer.void_reason == "first_follow_up"


def test_br_cus_04_a_void_card_cannot_be_revived_by_a_late_entry(company, clock, customer):
    clock.move_to(MONDAY_10 + 4 * DAY)
    with pytest.raises(BusinessRuleError) as exc:
        follow(company.rep, customer, "call", when=MONDAY_10 + DAY)  # backdated to day 2
    assert exc.value.rule == "BR-CUS-04" and exc.value.code == "card_void"
    assert state(customer) == CardState.VOID
    assert not FollowUp.objects.exists()


def test_br_cus_04_later_follow_ups_at_most_7_days_apart(company, clock, customer):
    clock.move_to(MONDAY_10 + DAY)
    follow(company.rep, customer, "call")
    clock.move_to(MONDAY_10 + 8 * DAY - dt.timedelta(minutes=1))
    assert state(customer) == CardState.DUE_SOON
    clock.move_to(MONDAY_10 + 8 * DAY)
    assert state(customer) == CardState.VOID


def test_s1_step_4_call_on_day_2_and_visit_on_day_3_keep_the_card_valid(company, clock):
    li = company.rep
    customer = register(li, name="吴女士", klass="A", mobile="13800138000")
    clock.move_to(at(2026, 11, 24, 15))
    follow(li, customer, "call", outcome="客户关心户型与付款方式", next_date="2026-11-25")
    clock.move_to(at(2026, 11, 25, 16))
    follow(li, customer, "visit", outcome="上门拜访，带看样板间")
    for moment in (at(2026, 11, 26, 11), at(2026, 11, 30, 9)):
        clock.move_to(moment)
        assert state(customer) == CardState.VALID
    clock.move_to(at(2026, 12, 2, 15, 59))  # still li's, with the drop reminder due
    assert state(customer) == CardState.DUE_SOON
    customer.refresh_from_db()
    assert customer.last_contact_at == at(2026, 11, 25, 16)
    assert customer.void_at == at(2026, 12, 2, 16) and customer.void_reason == "follow_up"


# --- BR-CUS-05 three message-only follow-ups in a row void the card at once -------------


def test_br_cus_05_three_messages_in_a_row_void_the_card_at_once(company, clock, customer):
    for hour in (11, 12):
        clock.move_to(at(2026, 11, 23, hour))
        follow(company.rep, customer, "message", outcome="发送楼盘资料")
        assert state(customer) == CardState.VALID
        assert customer.void_at == MONDAY_10 + 3 * DAY  # a message does not restart the clock
    clock.move_to(at(2026, 11, 23, 13))
    third = follow(company.rep, customer, "message", outcome="发送优惠信息")
    assert not third.real and third.counted
    assert state(customer) == CardState.VOID
    customer.refresh_from_db()
    assert customer.void_reason == "message_only" and customer.void_at == at(2026, 11, 23, 13)
    entry = AuditLog.objects.get(action="follow_up.record", object_id=str(third.pk))
    assert entry.rule == "BR-CUS-05" and entry.extra["message_streak"] == 3


@pytest.mark.parametrize(
    ("between", "answered"), [("message", True), ("call", False), ("meeting", False)]
)
def test_br_cus_05_a_real_contact_in_between_resets_the_streak(
    company, clock, customer, between, answered
):
    times = iter(at(2026, 11, 23, h) for h in range(11, 17))
    for kind, ans in [
        ("message", False),
        ("message", False),
        (between, answered),
        ("message", False),
        ("message", False),
    ]:
        clock.move_to(next(times))
        follow(company.rep, customer, kind, answered=ans)
    assert state(customer) == CardState.VALID
    customer.refresh_from_db()
    assert customer.message_streak == 2
    clock.move_to(next(times))
    follow(company.rep, customer, "message")
    assert state(customer) == CardState.VOID


def test_br_cus_05_an_answered_message_counts_as_a_real_contact(company, clock, customer):
    clock.move_to(MONDAY_10 + DAY)
    fu = follow(company.rep, customer, "message", answered=True)
    assert fu.real and fu.answered
    customer.refresh_from_db()
    assert customer.last_contact_at == MONDAY_10 + DAY and customer.message_streak == 0


def test_br_cus_05_answered_is_only_for_messages(company, clock, customer):
    fu = follow(company.rep, customer, "call", answered=True)
    assert fu.real and not fu.answered


# --- who may record, and when -----------------------------------------------------------


def test_br_cus_04_a_follow_up_cannot_be_in_the_future(company, clock, customer):
    with pytest.raises(BusinessRuleError) as exc:
        follow(company.rep, customer, when=MONDAY_10 + dt.timedelta(minutes=5))
    assert exc.value.code == "future" and exc.value.field == "at"


def test_br_cus_04_not_before_the_ownership_started(company, clock, customer):
    with pytest.raises(BusinessRuleError) as exc:
        follow(company.rep, customer, when=MONDAY_10 - DAY)
    assert exc.value.field == "at"


def test_br_cus_04_next_date_not_before_the_follow_up(company, clock, customer):
    with pytest.raises(BusinessRuleError) as exc:
        follow(company.rep, customer, next_date="2026-11-22")
    assert exc.value.field == "next_date"


def test_br_cus_04_the_supervisor_notes_without_counting(company, clock, customer):
    clock.move_to(MONDAY_10 + DAY)
    note = follow(company.supervisor1, customer, "call", outcome="主管回访客户满意度")
    assert note.real and not note.counted
    customer.refresh_from_db()
    assert customer.last_contact_at is None and customer.void_at == MONDAY_10 + 3 * DAY


def test_br_cus_04_another_rep_may_not_follow_up(company, clock, customer):
    with pytest.raises(NotFoundError):
        follow(company.reps1[1], customer)
    with pytest.raises(NotFoundError):
        follow(company.reps2[0], customer)


def test_br_cus_04_a_rep_cannot_follow_up_a_pooled_customer(company, clock, customer):
    clock.move_to(MONDAY_10 + 4 * DAY)  # void: in the pool, visible (masked) to every rep
    with pytest.raises(PermissionDeniedError):
        follow(company.reps1[1], customer)


def test_br_cus_04_each_follow_up_writes_one_audit_row(company, clock, customer):
    follow(company.rep, customer)
    assert AuditLog.objects.filter(action="follow_up.record").count() == 1


def test_follow_ups_appear_on_the_customer_timeline(company, clock, customer):
    follow(company.rep, customer, "call", outcome="初次电话")
    clock.move_to(MONDAY_10 + dt.timedelta(hours=2))
    follow(company.rep, customer, "message", outcome="短信")
    entries = timeline_entries(customer)
    assert [e.kind for e in entries] == ["follow_up", "follow_up"]
    assert {e.rule for e in entries} == {"BR-CUS-04", "BR-CUS-05"}
