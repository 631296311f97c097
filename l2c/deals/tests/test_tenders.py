"""Tenders (BR-DEAL-02, 04, 06) under the fixed clock (Monday 23 November 2026, 10:00):
report → decision → preparation with the 2-day/1-day deadlines → confidential price →
opening record → result → publicity → award → the contract within 30 days or the lapse."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from l2c.core.errors import (
    BusinessRuleError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from l2c.core.testing import at
from l2c.deals import selectors, services, tasks
from l2c.deals.models import TenderStatus, TenderStep
from l2c.deals.tests.factories import customer, decided, tender
from l2c.deals.tests.helpers import approve, reject, request_of, waiting
from l2c.notifications.models import Notification

pytestmark = pytest.mark.django_db

OPENING = at(2026, 12, 10, 9, 30)
BIDDERS = [
    {"name": "本公司", "is_us": True, "duration_days": 120, "scope_note": "全部工程"},
    {"name": "东方环保", "price": "1398000.00", "duration_days": 150, "scope_note": "全部工程"},
    {"name": "清源水务", "price": "1455000.00", "duration_days": 110, "scope_note": "不含安装"},
]


def step(person, t, kind, **kw):
    return services.tender_record_step(actor=person.user, tender_id=t.pk, step=kind, **kw)


def price(person, t, amount="1420000.00"):
    return services.tender_set_price(
        actor=person.user, tender_id=t.pk, price=amount, duration_days=120
    )


def to_submitted(company, clock, t, member):
    step(member, t, "documents_bought")
    clock.move_to(at(2026, 12, 7, 17))
    step(member, t, "documents_ready")
    clock.move_to(at(2026, 12, 8, 16))
    price(member, t)
    step(member, t, "submitted")
    t.refresh_from_db()
    return t


def to_won(company, clock, t, member, *, days=6):
    t = to_submitted(company, clock, decided(company, t), member)
    clock.move_to(at(2026, 12, 10, 11))
    services.tender_record_opening(actor=member.user, tender_id=t.pk, bidders=BIDDERS)
    return services.tender_record_result(
        actor=member.user,
        tender_id=t.pk,
        won=True,
        publicity_start="2026-12-11",
        publicity_end=str(dt.date(2026, 12, 11) + dt.timedelta(days=days)),
    )


def test_br_deal_02_a_reported_notice_reaches_the_manager_at_once(company, clock):
    t = tender(company.rep, estimated="800000.00")
    assert t.number == "TB-2026-0001" and t.status == TenderStatus.REPORTED
    assert set(t.bid_team.all()) == {company.rep.user}
    note = Notification.objects.get(recipient=company.manager1.user)
    assert note.kind == "deals.tender_reported" and "城北污水厂" in note.title
    assert "（估算价 ¥800,000.00）" in note.title
    assert not Notification.objects.filter(recipient=company.manager2.user).exists()
    assert list(t.steps.values_list("step", flat=True)) == ["reported"]
    with pytest.raises(BusinessRuleError):  # the opening lies ahead
        tender(company.rep, opening_at=at(2026, 11, 20))


def test_br_deal_02_the_manager_decides_and_a_large_bid_needs_the_gm(company, clock):
    small = tender(company.rep, estimated="1000000.00")
    services.tender_decide(actor=company.rep.user, tender_id=small.pk)
    request = request_of(small, "bid_decision")
    assert waiting(request) == ["manager1"]
    gm_step = request.steps.order_by("index").last()
    assert gm_step.note == "条件不满足（金额 > 总经理审批金额线）"
    approve(company.manager1, request, "投")
    small.refresh_from_db()
    assert small.status == TenderStatus.PREPARING  # 1,000,000 is not over the threshold

    large = tender(company.rep, estimated="1000000.01")
    large = services.tender_decide(actor=company.rep.user, tender_id=large.pk)
    assert large.status == TenderStatus.DECIDING
    request = request_of(large, "bid_decision")
    assert request.title.endswith("（估算价 ¥1,000,000.01）")
    approve(company.manager1, request, "建议投标")
    assert waiting(request) == ["gm"]
    approve(company.gm, request, "同意投标")
    large.refresh_from_db()
    assert large.status == TenderStatus.PREPARING
    assert large.steps.filter(step="decision").count() == 1


def test_br_deal_02_a_declined_bid_stops_the_preparation(company, clock):
    t = tender(company.rep)
    services.tender_decide(actor=company.rep.user, tender_id=t.pk)
    reject(company.manager1, request_of(t, "bid_decision"), "资质不符")
    t.refresh_from_db()
    assert t.status == TenderStatus.DECLINED
    with pytest.raises(ConflictError):
        step(company.rep, t, "documents_bought")


def test_br_deal_04_documents_2_days_and_the_price_1_day_before_the_opening(company, clock):
    t = decided(company, tender(company.rep))
    state = selectors.tender_state(t)
    assert state.documents_due == at(2026, 12, 8, 9, 30)
    assert state.price_due == at(2026, 12, 9, 9, 30)
    step(company.rep, t, "documents_bought")
    step(company.rep, t, "registered")
    step(company.rep, t, "site_survey", note="第一次踏勘")
    step(company.rep, t, "site_survey", note="复勘图纸")  # may repeat
    with pytest.raises(ConflictError):
        step(company.rep, t, "documents_bought")  # once
    with pytest.raises(BusinessRuleError):  # submitting needs documents and price
        step(company.rep, t, "submitted")
    clock.move_to(at(2026, 12, 8, 9, 30))  # exactly 2 days before: on time
    row = step(company.rep, t, "documents_ready")
    assert not row.late
    clock.move_to(at(2026, 12, 9, 9, 30))  # exactly 1 day before: on time
    price(company.rep, t)
    t.refresh_from_db()
    state = selectors.tender_state(t)
    assert not state.documents_late and not state.price_late and state.violations == []

    late = decided(company, tender(company.rep, title="二期"))
    clock.move_to(at(2026, 12, 8, 9, 31))
    assert selectors.tender_state(late).documents_overdue
    row = step(company.rep, late, "documents_ready")
    assert row.late
    clock.move_to(at(2026, 12, 9, 10))
    price(company.rep, late)
    late.refresh_from_db()
    state = selectors.tender_state(late)
    assert state.documents_late and state.price_late
    assert state.violations == ["documents_late", "price_late"]
    assert TenderStep.objects.filter(tender=late, late=True).count() == 2


def test_br_deal_04_the_price_is_confidential_to_the_bid_team(company, clock):
    engineer = company.tech
    t = decided(company, tender(company.rep, team=[engineer]))
    with pytest.raises(PermissionDeniedError):  # the supervisor is not on the team
        price(company.supervisor1, t)
    price(engineer, t, "1420000.00")
    t = selectors.tender_get(viewer=company.supervisor1.user, tender_id=t.pk)
    assert str(selectors.shown_price(company.supervisor1.user, t)) == "保密"
    assert selectors.shown_price(company.rep.user, t) == Decimal("1420000.00")
    assert selectors.shown_price(engineer.user, t) == Decimal("1420000.00")  # tech, on the team
    assert selectors.shown_price(company.gm.user, t) == Decimal("1420000.00")  # decides bids
    assert str(selectors.shown_price(company.vp.user, t)) == "保密"
    assert str(selectors.shown_price(company.manager1.user, t)) == "保密"
    # a rep outside the team does not even see the tender
    assert not selectors.tender_list(viewer=company.reps1[1].user).exists()
    # nothing in the steps or the audit log gives the amount away
    assert "1420000" not in " ".join(t.steps.values_list("note", flat=True))
    from l2c.audit.models import AuditLog

    assert all(
        "1420000" not in str(a.extra) + str(a.changes)
        for a in AuditLog.objects.filter(object_id=str(t.pk), action__startswith="tender.")
    )


def test_br_deal_04_the_opening_records_every_bidder(company, clock):
    t = to_submitted(company, clock, decided(company, tender(company.rep)), company.rep)
    with pytest.raises(BusinessRuleError):  # not yet opened
        services.tender_record_opening(actor=company.rep.user, tender_id=t.pk, bidders=BIDDERS)
    clock.move_to(at(2026, 12, 10, 11))
    with pytest.raises(BusinessRuleError):  # which one is us
        services.tender_record_opening(
            actor=company.rep.user,
            tender_id=t.pk,
            bidders=[{**b, "is_us": False, "price": "1.00"} for b in BIDDERS],
        )
    t = services.tender_record_opening(actor=company.rep.user, tender_id=t.pk, bidders=BIDDERS)
    assert t.status == TenderStatus.OPENED
    rows = [(b.name, b.price, b.duration_days, b.is_us) for b in selectors.tender_bidders(t)]
    assert rows == [
        ("东方环保", Decimal("1398000.00"), 150, False),
        ("本公司", Decimal("1420000.00"), 120, True),  # our price comes from the bid
        ("清源水务", Decimal("1455000.00"), 110, False),
    ]
    # the opening made the prices public
    assert selectors.shown_price(company.supervisor1.user, t) == Decimal("1420000.00")
    with pytest.raises(ConflictError):
        services.tender_record_opening(actor=company.rep.user, tender_id=t.pk, bidders=BIDDERS)


def test_br_deal_04_lost(company, clock):
    t = to_submitted(company, clock, decided(company, tender(company.rep)), company.rep)
    clock.move_to(at(2026, 12, 10, 11))
    services.tender_record_opening(actor=company.rep.user, tender_id=t.pk, bidders=BIDDERS)
    t = services.tender_record_result(
        actor=company.rep.user, tender_id=t.pk, won=False, note="东方环保中标"
    )
    assert t.status == TenderStatus.LOST and t.result_note == "东方环保中标"


def test_br_deal_06_publicity_lasts_5_to_7_days_then_the_award_notice(company, clock):
    t = to_submitted(company, clock, decided(company, tender(company.rep)), company.rep)
    clock.move_to(at(2026, 12, 10, 11))
    services.tender_record_opening(actor=company.rep.user, tender_id=t.pk, bidders=BIDDERS)
    for end in ("2026-12-15", "2026-12-19"):  # 4 and 8 days
        with pytest.raises(BusinessRuleError) as err:
            services.tender_record_result(
                actor=company.rep.user,
                tender_id=t.pk,
                won=True,
                publicity_start="2026-12-11",
                publicity_end=end,
            )
        assert err.value.rule == "BR-DEAL-06"
    t = services.tender_record_result(
        actor=company.rep.user,
        tender_id=t.pk,
        won=True,
        publicity_start="2026-12-11",
        publicity_end="2026-12-17",
    )
    assert t.status == TenderStatus.PUBLICITY and selectors.tender_state(t).publicity_days == 6
    clock.move_to(at(2026, 12, 16, 10))
    with pytest.raises(BusinessRuleError) as err:  # the publicity is still running
        services.tender_record_award(actor=company.rep.user, tender_id=t.pk)
    assert err.value.code == "publicity_running"
    clock.move_to(at(2026, 12, 17, 15))
    t = services.tender_record_award(actor=company.rep.user, tender_id=t.pk)
    assert t.status == TenderStatus.AWARDED and t.award_notice_at == dt.date(2026, 12, 17)
    assert selectors.tender_state(t).contract_due == dt.date(2027, 1, 16)
    assert Notification.objects.filter(
        recipient=company.manager1.user, kind="deals.tender_awarded"
    ).exists()


def test_br_deal_06_contract_signed_on_day_25_holds(company, clock):
    t = to_won(company, clock, tender(company.rep), company.rep)
    clock.move_to(at(2026, 12, 17, 15))
    t = services.tender_record_award(actor=company.rep.user, tender_id=t.pk)
    clock.move_to(at(2027, 1, 11, 10))  # day 25
    assert selectors.tender_state(t).contract_days_left == 5
    t = services.tender_mark_contracted(actor=company.rep.user, tender_id=t.pk)
    assert t.status == TenderStatus.CONTRACTED and t.contracted_at == dt.date(2027, 1, 11)
    again = services.tender_mark_contracted(actor=company.rep.user, tender_id=t.pk)
    assert again.status == TenderStatus.CONTRACTED  # idempotent
    assert tasks.record_lapsed_awards(at(2027, 2, 1)) == {"lapsed": 0, "reminded": 0}


def test_br_deal_06_without_a_contract_the_award_lapses_after_30_days(company, clock):
    t = to_won(company, clock, tender(company.rep), company.rep)
    clock.move_to(at(2026, 12, 17, 15))
    t = services.tender_record_award(actor=company.rep.user, tender_id=t.pk)
    day30 = at(2027, 1, 16, 18)
    state = selectors.tender_state(t, day30)
    assert not state.lapsed and state.status == "awarded" and state.contract_days_left == 0
    day31 = at(2027, 1, 17, 9)
    state = selectors.tender_state(t, day31)
    assert state.lapsed and state.status == "lapsed"  # derived: no job needed
    clock.move_to(day31)
    with pytest.raises(BusinessRuleError) as err:
        services.tender_mark_contracted(actor=company.rep.user, tender_id=t.pk)
    assert err.value.rule == "BR-DEAL-06" and err.value.code == "award_lapsed"
    # the tick records it once and tells the owner and the manager
    assert tasks.record_lapsed_awards(day30)["lapsed"] == 0
    assert tasks.record_lapsed_awards(day31)["lapsed"] == 1
    assert tasks.record_lapsed_awards(day31)["lapsed"] == 0
    t.refresh_from_db()
    assert t.status == TenderStatus.LAPSED and t.lapsed_at == day31
    assert t.steps.filter(step="lapsed").count() == 1
    for person in (company.rep, company.manager1):
        assert (
            Notification.objects.filter(recipient=person.user, kind="deals.tender_lapsed").count()
            == 1
        )


def test_br_deal_06_the_tick_reminds_the_owner_before_the_deadline(company, clock):
    t = to_won(company, clock, tender(company.rep), company.rep)
    clock.move_to(at(2026, 12, 17, 15))
    services.tender_record_award(actor=company.rep.user, tender_id=t.pk)
    assert tasks.record_lapsed_awards(at(2027, 1, 5))["reminded"] == 0
    assert tasks.record_lapsed_awards(at(2027, 1, 12))["reminded"] == 1
    assert tasks.record_lapsed_awards(at(2027, 1, 13))["reminded"] == 0


def test_br_deal_04_only_the_team_and_its_leaders_act(company, clock):
    t = decided(company, tender(company.rep))
    with pytest.raises(PermissionDeniedError):
        step(company.reps1[1], t, "documents_bought")
    with pytest.raises(PermissionDeniedError):
        step(company.supervisor2, t, "documents_bought")
    step(company.supervisor1, t, "documents_bought")
    services.tender_set_team(
        actor=company.rep.user, tender_id=t.pk, members=[company.reps1[1].user.pk]
    )
    step(company.reps1[1], t, "registered")
    assert selectors.tender_list(viewer=company.reps1[1].user).count() == 1
    other = customer(company.reps2[0], "外部门客户")
    with pytest.raises((PermissionDeniedError, NotFoundError)):
        tender(company.rep, other)


def _todo(person) -> list[tuple[str, object, bool]]:
    section = selectors.tender_todo(person.user)
    return [] if section is None else [(i.title, i.due, i.overdue) for i in section.items]


def test_br_deal_04_tender_deadlines_are_in_the_to_do_panel(company, clock):
    engineer = company.tech
    t = decided(company, tender(company.rep, title="污水处理厂", team=[engineer]))
    docs_due, price_due = at(2026, 12, 8, 9, 30), at(2026, 12, 9, 9, 30)
    assert _todo(company.rep) == [
        ("投标文件须完成：污水处理厂", docs_due, False),
        ("投标报价须确定：污水处理厂", price_due, False),
    ]
    assert _todo(engineer) == _todo(company.rep)  # a bid team member from another department
    assert _todo(company.supervisor1) == []  # not on the team: nothing, and never the price
    clock.move_to(at(2026, 12, 8, 10))  # documents overdue, still missing
    assert _todo(company.rep)[0] == ("投标文件须完成：污水处理厂", docs_due, True)
    step(company.rep, t, "documents_ready")
    price(engineer, t)
    assert _todo(company.rep) == []  # both ready: nothing left to do


def test_br_deal_06_an_awarded_tender_shows_its_contract_deadline(company, clock):
    t = to_won(company, clock, tender(company.rep, title="公交车采购"), company.rep)
    clock.move_to(at(2026, 12, 17, 15))
    services.tender_record_award(actor=company.rep.user, tender_id=t.pk)
    section = selectors.tender_todo(company.rep.user)
    (item,) = section.items
    assert (item.title, item.due, item.note) == (
        "中标后签订合同：公交车采购",
        dt.date(2027, 1, 16),
        "还剩 30 天",
    )
    assert item.url == f"/deals/tenders/{t.pk}/"
    services.tender_mark_contracted(actor=company.rep.user, tender_id=t.pk)
    assert selectors.tender_todo(company.rep.user) is None
