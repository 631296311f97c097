"""客户区分 (BR-ATT-09…11) and returning visitors without a register entry (BR-REC-05)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.customers.models import Customer
from l2c.reception import services
from l2c.reception.attribution import split_amount
from l2c.reception.models import AttributionDecision, Reception
from l2c.reception.selectors import attribution_list
from l2c.reception.tests.conftest import MOBILE, come_back, set_roster, shares, uid, walk_in

VALIDITY = pytest.mark.parametrize("valid", [True, False], ids=["B-valid", "B-void"])


@VALIDITY
def test_br_att_09_follow_up_belongs_to_the_deal_owner(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    decision = come_back(office, roster, earlier_rep=uid(office.wang)).decision
    assert decision.follow_up_by == decision.deal_owner == office.wang.user


@VALIDITY
def test_br_att_10_events_the_manager_sets_by_hand(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    decision = come_back(office, roster, event=True).decision
    assert decision.rule == "BR-ATT-10"
    assert decision.status == "proposed" and decision.pending == "manager"
    with pytest.raises(PermissionDeniedError):
        services.attribution_resolve(
            actor=office.company.supervisor1.user,
            decision_id=decision.pk,
            how="manager",
            note="x",
            shares=[(uid(office.li), 100)],
        )
    services.attribution_resolve(
        actor=office.company.manager1.user,
        decision_id=decision.pk,
        how="manager",
        note="开盘活动：按登记先后",
        shares=[(uid(office.wang), "60"), (uid(office.li), "40")],
        deal_owner_id=uid(office.wang),
    )
    decision.refresh_from_db()
    assert decision.status == "resolved" and decision.resolution == "set_by_manager"
    assert shares(decision) == {("王芳", ""): Decimal("60"), ("李娜", ""): Decimal("40")}


@VALIDITY
def test_br_att_11_dispute_then_manager_decides_or_department_takes_it(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    decision = come_back(office, roster, forgot=True).decision
    with pytest.raises(PermissionDeniedError):
        services.attribution_dispute(actor=office.zhang.user, decision_id=decision.pk, reason="我")
    services.attribution_dispute(
        actor=office.wang.user, decision_id=decision.pk, reason="客户其实记得是我接待的"
    )
    manager = office.company.manager1
    disputed = attribution_list(viewer=manager.user, status="disputed")
    assert list(disputed) == [AttributionDecision.objects.get(pk=decision.pk)]
    assert not attribution_list(viewer=office.company.manager2.user, status="disputed").exists()
    with pytest.raises(BusinessRuleError):  # shares must sum to 100
        services.attribution_resolve(
            actor=manager.user,
            decision_id=decision.pk,
            how="manager",
            note="裁定",
            shares=[(uid(office.wang), 70), (uid(office.li), 20)],
        )
    services.attribution_resolve(
        actor=manager.user,
        decision_id=decision.pk,
        how="department",
        note="两人当众争吵，业绩奖金归部门",
    )
    decision.refresh_from_db()
    assert decision.status == "resolved" and decision.deal_owner is None
    assert shares(decision) == {(office.company.dept1.name, ""): Decimal("100")}
    entry = AuditLog.objects.filter(action="attribution.resolve").get()
    assert entry.actor == manager.user and "争吵" in entry.extra["note"]


def test_br_att_11_reps_agree(office, returning):
    returning(True)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    decision = come_back(office, roster, forgot=True).decision
    services.attribution_dispute(actor=office.li.user, decision_id=decision.pk, reason="重新协商")
    services.attribution_resolve(
        actor=office.company.manager1.user,
        decision_id=decision.pk,
        how="agreed",
        note="王芳、李娜协商一致：王 70 李 30",
        shares=[(uid(office.wang), 70), (uid(office.li), 30)],
    )
    decision.refresh_from_db()
    assert decision.resolution == "agreed" and decision.deal_owner == office.wang.user
    amounts = [a for _s, a in split_amount(decision, Decimal("12345.67"))]
    assert sum(amounts) == Decimal("12345.67")


def test_br_rec_05_returning_without_register_entry_takes_no_turn(office, clock):
    roster = set_roster(office, office.wang, office.li)
    entry = walk_in(office, roster, "老客户", is_first_visit=False).reception
    assert entry.rep == office.wang.user and not entry.turn_consumed
    assert walk_in(office, roster, "新客户").reception.rep == office.wang.user
    assert Reception.objects.filter(turn_consumed=True).count() == 1
    assert Customer.objects.count() == 0


def test_br_att_02_a_rep_recording_a_card_move_needs_the_supervisor(office, returning):
    customer = returning(True)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    decision = walk_in(
        office,
        roster,
        "赵先生",
        actor=office.li,  # the rep at the desk records it, not the assistant
        mobile=MOBILE,
        answers={
            "earlier_rep": uid(office.wang),
            "refuses_earlier": True,
            "wanted_rep": uid(office.zhang),
        },
    ).decision
    assert decision.status == "proposed" and decision.pending == "supervisor"
    customer.refresh_from_db()
    assert customer.owner == office.wang.user  # not moved yet
    services.attribution_verify_complaint(
        actor=office.company.supervisor1.user, decision_id=decision.pk, upheld=True, note="同意"
    )
    customer.refresh_from_db()
    decision.refresh_from_db()
    assert customer.owner == office.zhang.user and decision.status == "confirmed"
    assert shares(decision) == {("张伟", ""): Decimal("80"), ("王芳", ""): Decimal("20")}
