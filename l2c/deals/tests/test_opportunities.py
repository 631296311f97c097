"""Opportunities (BR-DEAL-01): stages with a history row per move, lost needs a reason, won
only with a reservation or a contract (the contracts app calls opportunity_mark_won)."""

from __future__ import annotations

import pytest

from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.testing import MONDAY_10
from l2c.deals import selectors, services
from l2c.deals.models import OpportunityStage, StageChange
from l2c.deals.tests.factories import customer, opportunity

pytestmark = pytest.mark.django_db


def move(person, opp, stage, reason=""):
    return services.opportunity_move(
        actor=person.user, opportunity_id=opp.pk, stage=stage, reason=reason
    )


def test_br_deal_01_stages_move_and_each_move_is_recorded(company, clock):
    opp = opportunity(company.rep, amount="1650000.00")
    assert opp.stage == OpportunityStage.LEAD and opp.owner == company.rep.user
    for stage in ("qualified", "needs", "proposal", "negotiation"):
        opp = move(company.rep, opp, stage)
    assert opp.stage == OpportunityStage.NEGOTIATION
    rows = list(StageChange.objects.filter(opportunity=opp).values_list("from_stage", "to_stage"))
    assert rows == [
        ("lead", "qualified"),
        ("qualified", "needs"),
        ("needs", "proposal"),
        ("proposal", "negotiation"),
    ]
    assert AuditLog.objects.filter(action="opportunity.move", rule="BR-DEAL-01").count() == 4


def test_br_deal_01_lost_needs_a_reason_and_closes(company, clock):
    opp = opportunity(company.rep, stage="needs")
    with pytest.raises(BusinessRuleError) as err:
        move(company.rep, opp, "lost")
    assert err.value.rule == "BR-DEAL-01" and err.value.field == "reason"
    opp = move(company.rep, opp, "lost", "客户选择了竞品楼盘")
    assert opp.stage == "lost" and opp.close_reason == "客户选择了竞品楼盘" and opp.closed_at
    with pytest.raises(ConflictError):
        move(company.rep, opp, "qualified")


def test_br_deal_01_won_is_never_a_manual_move(company, clock):
    opp = opportunity(company.rep, stage="negotiation")
    with pytest.raises(BusinessRuleError) as err:
        move(company.rep, opp, "won")
    assert err.value.rule == "BR-DEAL-01" and "赢单须有认购书或合同" in str(err.value.message)
    with pytest.raises(BusinessRuleError):
        opportunity(company.rep, stage="won")


def test_br_deal_01_a_signed_reservation_marks_the_negotiation_won(company, clock):
    cust = customer(company.rep)
    early = opportunity(company.rep, cust, stage="proposal", name="早期意向")
    opp = opportunity(company.rep, cust, stage="negotiation", name="3-1502")
    won = services.opportunity_mark_won(
        actor=company.rep.user, customer_id=cust.pk, document="reservation:12", at=MONDAY_10
    )
    assert won.pk == opp.pk and won.stage == "won" and won.won_document == "reservation:12"
    early.refresh_from_db()
    assert early.stage == "proposal"
    assert StageChange.objects.filter(opportunity=opp, to_stage="won").count() == 1
    # the same document again changes nothing (the contracts app may retry)
    again = services.opportunity_mark_won(
        actor=company.rep.user, customer_id=cust.pk, document="reservation:12"
    )
    assert again.pk == opp.pk
    assert StageChange.objects.filter(opportunity=opp, to_stage="won").count() == 1
    # a customer without an opportunity in negotiation: nothing to mark
    other = customer(company.rep, "钱女士")
    assert (
        services.opportunity_mark_won(
            actor=company.rep.user, customer_id=other.pk, document="contract:3"
        )
        is None
    )
    with pytest.raises(BusinessRuleError):
        services.opportunity_mark_won(
            actor=company.rep.user, customer_id=cust.pk, document="quote:1"
        )


def test_br_deal_01_only_the_owner_or_a_leader_moves_it(company, clock):
    opp = opportunity(company.rep)
    with pytest.raises(PermissionDeniedError):
        move(company.reps1[1], opp, "qualified")
    move(company.supervisor1, opp, "qualified")  # the rep's supervisor
    with pytest.raises(PermissionDeniedError):
        move(company.supervisor2, opp, "needs")  # another team's supervisor
    with pytest.raises(NotFoundError):
        selectors.opportunity_get(viewer=company.reps1[1].user, opportunity_id=opp.pk)


def test_br_deal_01_a_rep_opens_opportunities_only_for_own_customers(company, clock):
    theirs = customer(company.reps1[1], "孙先生")
    with pytest.raises((PermissionDeniedError, NotFoundError)):
        opportunity(company.rep, theirs)
    # the supervisor opens one for the team's customer: it belongs to the customer's owner
    opp = opportunity(company.supervisor1, theirs)
    assert opp.owner == company.reps1[1].user


def test_br_deal_01_funnel_counts_by_stage_in_scope(company, clock):
    opportunity(company.rep, amount="100.00")
    opportunity(company.rep, stage="proposal", amount="250.50")
    opportunity(company.reps1[1], stage="proposal", amount="300.00")
    mine = {
        f.stage: (f.count, f.amount) for f in selectors.opportunity_funnel(viewer=company.rep.user)
    }
    assert mine["lead"] == (1, 100) and mine["proposal"][0] == 1 and mine["won"][0] == 0
    team = {f.stage: f.count for f in selectors.opportunity_funnel(viewer=company.supervisor1.user)}
    assert team["proposal"] == 2
    assert [f.stage for f in selectors.opportunity_funnel(viewer=company.gm.user)] == list(
        OpportunityStage.values
    )
