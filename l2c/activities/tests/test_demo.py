"""The activities demo loads through the services, idempotently, and tells its story."""

from __future__ import annotations

import pytest

from l2c.activities.demo import load_activities_demo
from l2c.activities.models import FollowUp, PlanStatus, VisitPlan, VisitReport, WorkLog
from l2c.activities.selectors import todo
from l2c.customers import selectors as customer_selectors
from l2c.customers.models import CardState, Customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(company):
    return {
        "lina": company.reps1[0],
        "wangfang": company.reps1[1],
        "zhangwei": company.reps2[0],
        "liming": company.supervisor1,
    }


def test_demo_loads_once_and_every_card_is_valid(company, clock, people):
    created = load_activities_demo(people)
    assert created["follow_ups"] == 9 and created["visit_plans"] == 2
    assert load_activities_demo(people) == {"follow_ups": 0, "visit_plans": 0, "work_logs": 0}
    for customer in Customer.objects.all():
        assert customer_selectors.card_state(customer) in {CardState.VALID, CardState.DUE_SOON}
    assert VisitPlan.objects.filter(status=PlanStatus.APPROVED).count() == 1
    assert VisitPlan.objects.filter(status=PlanStatus.IN_APPROVAL).count() == 1
    assert VisitReport.objects.get().state == "reviewed"
    assert WorkLog.objects.count() == 2 and FollowUp.objects.filter(kind="visit").count() >= 2
    lina = people["lina"].user
    assert todo.contact_today(lina) is not None and todo.birthdays(lina) is not None
    assert todo.reports_due(people["wangfang"].user) is not None
