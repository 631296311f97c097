"""BR-CUS-02: A and B customers have a tracking table of follow-ups (客户追踪表), reviewed
by the supervisor."""

from __future__ import annotations

import datetime as dt

import pytest

from l2c.activities import selectors, services
from l2c.activities.tests.conftest import follow, register
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.testing import MONDAY_10, at
from l2c.notifications.models import Notification

pytestmark = pytest.mark.django_db


def rows(viewer, scope="team", flag=""):
    qs = selectors.tracking_table(viewer=viewer.user, scope=scope, flag=flag).order_by("id")
    return {c.name: (c, f) for c, f in selectors.tracking_rows(qs)}


def test_br_cus_02_the_table_lists_the_teams_a_and_b_customers(company, clock):
    a = register(company.rep, name="甲", klass="A")
    register(company.reps1[1], name="乙", klass="B")
    register(company.rep, name="丙", klass="C")
    register(company.reps2[0], name="丁", klass="A")
    follow(company.rep, a, "call", next_date="2026-11-25")
    clock.move_to(MONDAY_10 + dt.timedelta(hours=1))
    follow(company.rep, a, "message")
    table = rows(company.supervisor1)
    assert set(table) == {"甲", "乙"}
    customer, flags = table["甲"]
    assert customer.follow_up_count == 2 and customer.last_follow_up_kind == "message"
    assert customer.last_follow_up_at == MONDAY_10 + dt.timedelta(hours=1)
    assert customer.next_follow_up_on is None  # the last follow-up planned nothing
    assert flags.unreviewed and not flags.plan_overdue
    assert set(rows(company.rep, scope="mine")) == {"甲"}
    assert set(rows(company.gm, scope="all")) == {"甲", "乙", "丁"}


def test_br_cus_02_overdue_flags(company, clock):
    a = register(company.rep, name="甲", klass="A")
    follow(company.rep, a, "call", next_date="2026-11-24")
    register(company.rep, name="乙", klass="B")  # never followed up
    clock.move_to(at(2026, 11, 25, 11))  # 甲's planned date passed; 乙's deadline is tomorrow
    table = rows(company.supervisor1)
    assert table["甲"][1].plan_overdue and not table["甲"][1].deadline_soon
    assert table["乙"][1].deadline_soon and table["乙"][1].state == "due_soon"
    assert set(rows(company.supervisor1, flag="overdue")) == {"甲", "乙"}


def test_br_cus_02_the_supervisor_reviews_and_the_owner_is_told(company, clock):
    a = register(company.rep, name="甲", klass="A")
    follow(company.rep, a, "call")
    clock.move_to(MONDAY_10 + dt.timedelta(hours=2))
    review = services.tracking_review_create(
        actor=company.supervisor1.user, customer_id=a.pk, comment="跟进及时，下周安排看房"
    )
    assert review.at == MONDAY_10 + dt.timedelta(hours=2)
    assert Notification.objects.filter(
        recipient=company.rep.user, kind="activities.tracking_review"
    ).exists()
    assert not rows(company.supervisor1)["甲"][1].unreviewed
    assert set(rows(company.supervisor1, flag="unreviewed")) == set()
    clock.move_to(MONDAY_10 + dt.timedelta(hours=3))
    follow(company.rep, a, "visit")
    assert rows(company.supervisor1)["甲"][1].unreviewed


def test_br_cus_02_only_a_and_b_customers_are_reviewed(company, clock):
    c = register(company.rep, name="丙", klass="C")
    with pytest.raises(BusinessRuleError) as exc:
        services.tracking_review_create(actor=company.supervisor1.user, customer_id=c.pk)
    assert exc.value.code == "not_tracked"


def test_br_cus_02_reviewers_are_the_owners_leaders(company, clock):
    a = register(company.rep, name="甲", klass="A")
    with pytest.raises(PermissionDeniedError):
        services.tracking_review_create(actor=company.reps1[1].user, customer_id=a.pk)
    from l2c.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        services.tracking_review_create(actor=company.supervisor2.user, customer_id=a.pk)
    own = register(company.supervisor1, name="主管的客户", klass="A")
    with pytest.raises(PermissionDeniedError) as exc:
        services.tracking_review_create(actor=company.supervisor1.user, customer_id=own.pk)
    assert exc.value.code == "own_customer"
    services.tracking_review_create(actor=company.manager1.user, customer_id=own.pk)


def test_br_cus_02_reviews_appear_on_the_customer_timeline(company, clock):
    a = register(company.rep, name="甲", klass="A")
    services.tracking_review_create(actor=company.supervisor1.user, customer_id=a.pk, comment="好")
    assert [e.kind for e in selectors.timeline_entries(a)] == ["tracking_review"]
