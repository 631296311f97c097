"""客户区分 (BR-ATT-01…13): every rule with the earlier rep's card valid and void, through the
desk (BR-REC-05/06), with a fixed clock."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.org.services import absence_create
from l2c.reception import services
from l2c.reception.attribution import split_amount
from l2c.reception.tests.conftest import at, come_back, out, set_roster, shares, uid

MOBILE = "13900139000"
VALIDITY = pytest.mark.parametrize("valid", [True, False], ids=["B-valid", "B-void"])


@VALIDITY
def test_br_att_01_earlier_rep_present_takes_the_customer_back(office, returning, valid):
    customer = returning(valid)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    received = come_back(office, roster, earlier_rep=uid(office.wang))
    entry, decision = received.reception, received.decision
    assert entry.rep == office.wang.user and not entry.turn_consumed  # BR-REC-05
    assert entry.assignment == "returning" and not entry.is_first_visit
    assert decision.rule == "BR-ATT-01" and shares(decision) == {("王芳", ""): Decimal("100")}
    assert decision.customer == customer
    assert decision.facts["owner_valid"] is valid


@VALIDITY
def test_br_att_02_refuses_b_and_wants_a(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    decision = come_back(
        office,
        roster,
        earlier_rep=uid(office.wang),
        refuses_earlier=True,
        wanted_rep=uid(office.zhang),
    ).decision
    assert decision.rule == "BR-ATT-02" and decision.receiver == office.zhang.user
    assert decision.deal_owner == office.zhang.user == decision.follow_up_by  # BR-ATT-09
    expected = (
        {("张伟", ""): Decimal("80"), ("王芳", ""): Decimal("20")}
        if valid
        else {("张伟", ""): Decimal("100")}
    )
    assert shares(decision) == expected
    assert decision.owner_after == office.zhang.user


def test_br_att_02_a_becomes_the_owner(office, returning):
    customer = returning(True)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    come_back(
        office,
        roster,
        earlier_rep=uid(office.wang),
        refuses_earlier=True,
        wanted_rep=uid(office.zhang),
    )
    customer.refresh_from_db()
    assert customer.owner == office.zhang.user
    record = customer.ownership.last()
    assert (record.kind, record.rule, record.from_owner) == (
        "attribution",
        "BR-ATT-02",
        office.wang.user,
    )


@VALIDITY
def test_br_att_03_b_absent_c_helps_and_the_same_day_rule_decides(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.wang, office.li, office.zhang)
    out(office, roster, office.wang, reason="business")
    received = come_back(office, roster, earlier_rep=uid(office.wang))
    entry, decision = received.reception, received.decision
    assert entry.rep == office.li.user and not entry.turn_consumed  # C helps, no turn
    assert decision.rule == "BR-ATT-03"
    if not valid:
        assert shares(decision) == {("李娜", ""): Decimal("100")}
        return
    assert shares(decision) == {
        ("王芳", "later"): Decimal("100"),
        ("李娜", "same_day"): Decimal("50"),
        ("王芳", "same_day"): Decimal("50"),
    }
    with pytest.raises(BusinessRuleError) as err:
        split_amount(decision, Decimal("1000"))
    assert err.value.code == "not_settled"
    assert decision.deal_owner == office.wang.user  # the deal is B's


@VALIDITY
def test_br_att_13_same_day_deal_splits_50_50(office, returning, clock, valid):
    customer = returning(valid)
    roster = set_roster(office, office.wang, office.li, office.zhang)
    out(office, roster, office.wang)
    decision = come_back(office, roster, earlier_rep=uid(office.wang)).decision
    clock.move_to(at(2026, 11, 23, 20))
    assert services.attribution_settle_on_deal(customer=customer, deal_at=at(2026, 11, 23, 20))
    decision.refresh_from_db()
    if not valid:  # 王's card was void: 李's service was never conditional
        assert shares(decision) == {("李娜", ""): Decimal("100")}
        return
    assert shares(decision) == {
        ("李娜", "same_day"): Decimal("50"),
        ("王芳", "same_day"): Decimal("50"),
    }
    amounts = {s.user.person.name: a for s, a in split_amount(decision, Decimal("0.03"))}
    assert amounts == {"李娜": Decimal("0.01"), "王芳": Decimal("0.02")}  # remainder to B
    # idempotent
    assert (
        services.attribution_settle_on_deal(customer=customer, deal_at=at(2026, 11, 23, 21)) == []
    )


def test_br_att_13_deal_on_a_later_day_is_obligatory_service(office, returning, clock):
    customer = returning(True)
    roster = set_roster(office, office.wang, office.li, office.zhang)
    out(office, roster, office.wang)
    decision = come_back(office, roster, earlier_rep=uid(office.wang)).decision
    clock.move_to(at(2026, 11, 24, 9))
    services.attribution_settle_on_deal(customer=customer, deal_at=at(2026, 11, 24, 9))
    decision.refresh_from_db()
    assert shares(decision) == {("王芳", "later"): Decimal("100")}
    assert [a for _s, a in split_amount(decision, Decimal("500.00"))] == [Decimal("500.00")]


@VALIDITY
def test_br_att_04_complaint_needs_the_supervisor(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    decision = come_back(
        office,
        roster,
        earlier_rep=uid(office.wang),
        complaint=True,
        wanted_rep=uid(office.zhang),
    ).decision
    assert decision.rule == "BR-ATT-04"
    assert shares(decision) == {("张伟", ""): Decimal("100")}
    if not valid:
        assert decision.status == "confirmed" and decision.pending == ""
        return
    assert decision.status == "proposed" and decision.pending == "supervisor"
    with pytest.raises(PermissionDeniedError):
        services.attribution_verify_complaint(
            actor=office.li.user, decision_id=decision.pk, upheld=True, note="x"
        )
    services.attribution_verify_complaint(
        actor=office.company.supervisor1.user,
        decision_id=decision.pk,
        upheld=True,
        note="经核实，王芳当日态度冷淡",
    )
    decision.refresh_from_db()
    assert decision.status == "confirmed" and decision.resolution == "verified"
    assert shares(decision) == {("张伟", ""): Decimal("100")}


def test_br_att_04_complaint_not_upheld_falls_back_to_refusal(office, returning):
    returning(True)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    decision = come_back(
        office,
        roster,
        earlier_rep=uid(office.wang),
        complaint=True,
        wanted_rep=uid(office.zhang),
    ).decision
    services.attribution_verify_complaint(
        actor=office.company.supervisor1.user,
        decision_id=decision.pk,
        upheld=False,
        note="投诉不属实",
    )
    decision.refresh_from_db()
    assert decision.rule == "BR-ATT-02"
    assert shares(decision) == {("张伟", ""): Decimal("80"), ("王芳", ""): Decimal("20")}
    with pytest.raises(ConflictError):
        services.attribution_verify_complaint(
            actor=office.company.supervisor1.user, decision_id=decision.pk, upheld=True, note="再"
        )


@VALIDITY
def test_br_att_05_several_named_first_present_receives(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.wang, office.li, office.zhang)
    absence_create(
        actor=office.company.supervisor1.user,
        person=office.zhao,
        kind="leave",
        starts_at=at(2026, 11, 23, 8),
        ends_at=at(2026, 11, 23, 18),
        reason="事假",
    )
    decision = come_back(
        office, roster, named_reps=[uid(office.zhao), uid(office.li), uid(office.zhang)]
    ).decision
    assert decision.rule == "BR-ATT-05" and decision.receiver == office.li.user
    if valid:  # 王 holds a valid card: 李's service earns a share only on a same-day deal
        assert shares(decision) == {
            ("王芳", "later"): Decimal("100"),
            ("李娜", "same_day"): Decimal("50"),
            ("王芳", "same_day"): Decimal("50"),
        }
    else:
        assert shares(decision) == {("李娜", ""): Decimal("100")}


@VALIDITY
def test_br_att_05_none_named_present_goes_to_rotation(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.zhang, office.wang, office.li)
    out(office, roster, office.li)
    absence_create(
        actor=office.company.supervisor1.user,
        person=office.zhao,
        kind="business",
        starts_at=at(2026, 11, 23, 8),
        ends_at=at(2026, 11, 24, 18),
        reason="出差",
    )
    received = come_back(office, roster, named_reps=[uid(office.zhao), uid(office.li)])
    assert received.reception.rep == office.zhang.user and not received.reception.turn_consumed
    assert received.decision.rule == "BR-ATT-05"


@VALIDITY
def test_br_att_06_discount_seeking_all_to_the_owner(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    decision = come_back(
        office,
        roster,
        earlier_rep=uid(office.wang),
        seeks_discount=True,
        wanted_rep=uid(office.zhang),
    ).decision
    assert decision.rule == "BR-ATT-06"
    if valid:
        assert decision.receiver == office.wang.user
        assert shares(decision) == {("王芳", ""): Decimal("100")}
    else:
        assert shares(decision) == {("张伟", ""): Decimal("100")}


@VALIDITY
def test_br_att_07_forgot_who_rotation_rep_and_register(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    received = come_back(office, roster, forgot=True)
    assert received.reception.rep == office.li.user and not received.reception.turn_consumed
    decision = received.decision
    assert decision.rule == "BR-ATT-07"
    if valid:
        assert shares(decision) == {("李娜", ""): Decimal("50"), ("王芳", ""): Decimal("50")}
    else:
        assert shares(decision) == {("李娜", ""): Decimal("100")}


@VALIDITY
def test_br_att_08_nth_visit_naming_a(office, returning, valid):
    returning(valid)
    roster = set_roster(office, office.li, office.zhang, office.wang)
    decision = come_back(
        office,
        roster,
        earlier_rep=uid(office.wang),
        nth_visit_named=True,
        wanted_rep=uid(office.zhang),
    ).decision
    assert decision.rule == "BR-ATT-08" and decision.receiver == office.zhang.user
    if valid:
        assert shares(decision) == {("张伟", ""): Decimal("50"), ("王芳", ""): Decimal("50")}
    else:
        assert shares(decision) == {("张伟", ""): Decimal("100")}
