"""Rotation (BR-REC-02/03, BR-ORG-03): the pure fold, then S1 steps 1–2 through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.org.services import absence_create
from l2c.reception import rotation
from l2c.reception.models import Reception
from l2c.reception.selectors import desk_state
from l2c.reception.tests.conftest import at, back, out, set_roster, walk_in

W, L, Z, Y = 1, 2, 3, 4


def _serve(order, present, n, state=None):
    state = state or rotation.State()
    served = []
    for _ in range(n):
        turn = rotation.next_turn(order, state, present)
        served.append(turn.rep)
        state = rotation.apply(order, state, turn)
    return served, state


def test_br_rec_02_pure_rotation_cycles_in_the_days_order():
    served, state = _serve([W, L, Z], {W, L, Z}, 7)
    assert served == [W, L, Z, W, L, Z, W]
    assert state.owed == ()


def test_br_rec_03_pure_s1_skip_and_make_up():
    order = [W, L, Z]
    served, state = _serve(order, {W, Z}, 2)
    assert served == [W, Z] and state.owed == (L,)
    served, state = _serve(order, {W, L, Z}, 3, state)
    assert served == [L, W, L]  # make-up first, then the rotation continues with 王
    assert state.owed == ()


def test_br_rec_03_pure_two_absentees_owe_one_turn_per_missed_round():
    order = [W, L, Z, Y]
    served, state = _serve(order, {W, Y}, 4)  # 李 and 张 away for two rounds
    assert served == [W, Y, W, Y]
    assert state.owed == (L, Z, L, Z)
    # 张 comes back first: two make-up turns before the rotation moves on
    served, state = _serve(order, {W, Z, Y}, 3, state)
    assert served == [Z, Z, W]
    assert state.owed == (L, L)
    served, state = _serve(order, {W, L, Z, Y}, 4, state)
    assert served == [L, L, L, Z]  # 李's two make-ups, then 李's own regular turn


def test_br_rec_03_pure_nobody_present_gives_no_turn():
    assert rotation.next_turn([W, L], rotation.State(), set()) is None
    assert rotation.next_turn([], rotation.State(), {W}) is None


# --- through the services -----------------------------------------------------------------


def test_br_rec_03_s1_three_visitors_li_out_then_back_makes_up(office, clock):
    roster = set_roster(office, office.wang, office.li, office.zhang)
    out(office, roster, office.li)
    state = desk_state(roster)
    assert state.next.person == office.wang
    first = walk_in(office, roster, "访客一").reception
    assert first.rep == office.wang.user and first.turn_consumed
    second = walk_in(office, roster, "访客二").reception
    assert second.rep == office.zhang.user and second.skipped == [office.li.user.pk]
    assert "跳过：李娜" in second.turn_note
    state = desk_state(roster)
    assert [m.owed for m in state.members] == [0, 1, 0]
    back(office, roster, office.li)
    assert desk_state(roster).next.person == office.li
    third = walk_in(office, roster, "访客三").reception
    assert third.rep == office.li.user and third.assignment == "makeup"
    # the rotation continues with 王
    state = desk_state(roster)
    assert state.next.person == office.wang and [m.owed for m in state.members] == [0, 0, 0]
    assert walk_in(office, roster, "访客四").reception.rep == office.wang.user


def test_br_rec_03_rotation_with_two_absentees_and_make_up_turns(office, clock):
    roster = set_roster(office, office.wang, office.li, office.zhang, office.zhao)
    out(office, roster, office.li)
    out(office, roster, office.zhang, reason="business")
    reps = [walk_in(office, roster, f"访客{i}").reception.rep for i in range(4)]
    assert reps == [office.wang.user, office.zhao.user] * 2
    owed = {m.person.name: m.owed for m in desk_state(roster).members}
    assert owed == {"王芳": 0, "李娜": 2, "张伟": 2, "赵敏": 0}
    back(office, roster, office.zhang)
    back(office, roster, office.li)
    reps = [walk_in(office, roster, f"再来{i}").reception.rep for i in range(6)]
    # 李 missed first, so 李's make-ups come first; each owes two
    assert reps == [
        office.li.user,
        office.zhang.user,
        office.li.user,
        office.zhang.user,
        office.wang.user,
        office.li.user,
    ]


def test_br_org_03_an_absence_skips_the_rep_without_marking_out(office, clock):
    roster = set_roster(office, office.wang, office.li)
    absence_create(
        actor=office.company.supervisor1.user,
        person=office.wang,
        kind="leave",
        starts_at=at(2026, 11, 23, 8),
        ends_at=at(2026, 11, 23, 12),
        reason="病假",
    )
    entry = walk_in(office, roster).reception
    assert entry.rep == office.li.user and entry.skipped == [office.wang.user.pk]
    clock.move_to(at(2026, 11, 23, 13))
    assert walk_in(office, roster).reception.rep == office.wang.user  # make-up after leave


def test_br_rec_03_marking_out_twice_or_back_without_out_is_refused(office, clock):
    roster = set_roster(office, office.wang, office.li)
    out(office, roster, office.li)
    with pytest.raises(ConflictError):
        out(office, roster, office.li)
    with pytest.raises(ConflictError):
        back(office, roster, office.wang)
    with pytest.raises(BusinessRuleError):
        back(office, roster, office.zhang)  # not on the roster


def test_br_rec_03_everyone_away_is_a_clear_error(office, clock):
    roster = set_roster(office, office.wang)
    out(office, roster, office.wang)
    with pytest.raises(BusinessRuleError) as err:
        walk_in(office, roster)
    assert err.value.code == "nobody_here"


def test_br_rec_02_roster_is_set_by_the_desk_not_by_a_rep(office, clock):
    with pytest.raises(PermissionDeniedError):
        set_roster(office, office.wang, actor=office.li)
    roster = set_roster(office, office.wang, office.li, actor=office.company.manager1)
    again = set_roster(office, office.li, office.wang)
    assert again.pk == roster.pk
    assert [m.person for m in desk_state(roster).members] == [office.li, office.wang]
    with pytest.raises(BusinessRuleError):  # another department's desk: not their people
        set_roster(office, office.wang, actor=office.company.assistant2)
    with pytest.raises(BusinessRuleError):
        set_roster(office, office.company.reps2[0])


def test_br_rec_02_a_rep_marks_only_themselves_out(office, clock):
    from l2c.reception import services

    roster = set_roster(office, office.wang, office.li)
    services.desk_mark_out(
        actor=office.li.user, roster_id=roster.pk, rep_id=office.li.user.pk, reason="business"
    )
    with pytest.raises(PermissionDeniedError):
        services.desk_mark_out(
            actor=office.li.user,
            roster_id=roster.pk,
            rep_id=office.wang.user.pk,
            reason="business",
        )


def test_br_rec_02_yesterdays_roster_cannot_take_visitors(office, clock):
    roster = set_roster(office, office.wang)
    clock.move_to(at(2026, 11, 24, 9))
    with pytest.raises(BusinessRuleError) as err:
        walk_in(office, roster)
    assert err.value.code == "not_today"
    assert Reception.objects.count() == 0
    assert dt.date(2026, 11, 23) == roster.day
