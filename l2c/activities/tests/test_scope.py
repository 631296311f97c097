"""BR-ORG-02 for activity records: who sees a rep's follow-ups, plans, reports, tasks and
logs — the same matrix for each, through ``core.scope``."""

from __future__ import annotations

import pytest

from l2c.activities import selectors, services
from l2c.activities.tests.conftest import follow, register
from l2c.core.testing import MONDAY_10

pytestmark = pytest.mark.django_db

#: who sees what rep1a (team 1, department 1) records
SEES = {
    "rep": True,
    "other_rep": False,
    "supervisor1": True,
    "supervisor2": False,
    "manager1": True,
    "manager2": False,
    "assistant1": True,
    "gm": True,
    "finance": False,
}


def _viewer(company, key):
    return {"other_rep": company.reps1[1]}.get(key) or getattr(company, key)


@pytest.fixture
def records(company, clock):
    rep = company.rep
    follow(rep, register(rep, klass="A"), "visit")
    services.visit_plan_create(actor=rep.user, month="2026-12")
    services.visit_report_create(
        actor=rep.user, data={"target": "万科", "content": "x", "visited_at": MONDAY_10}
    )
    services.task_create(actor=rep.user, title="寄资料", due_on="2026-11-30")
    services.work_log_save(actor=rep.user, data={"work_done": "x"})


@pytest.mark.parametrize("key", list(SEES))
def test_br_org_02_activity_records_follow_the_data_scope(company, records, key):
    user = _viewer(company, key).user
    counts = {
        "follow_ups": selectors.follow_up_list(viewer=user, scope="all").count(),
        "plans": selectors.visit_plan_list(viewer=user, scope="all").count(),
        "reports": selectors.visit_report_list(viewer=user, scope="all").count(),
        "tasks": selectors.task_list(viewer=user, scope="all").count(),
        "logs": selectors.work_log_list(viewer=user, scope="all").count(),
        "tracking": selectors.tracking_table(viewer=user, scope="all").count(),
    }
    expected = 1 if SEES[key] else 0
    assert counts == dict.fromkeys(counts, expected), key


def test_br_rpt_05_scopes_offered_by_role(company):
    assert [k for k, _ in selectors.scopes_for(company.rep.user)] == ["mine"]
    assert [k for k, _ in selectors.scopes_for(company.supervisor1.user)] == ["mine", "team"]
    assert [k for k, _ in selectors.scopes_for(company.manager1.user)] == ["mine", "department"]
    assert [k for k, _ in selectors.scopes_for(company.gm.user)] == ["mine", "all"]
    assert selectors.clean_scope(company.rep.user, "all") == "mine"
