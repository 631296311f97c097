"""The registers (BR-REC-01, 04, 06, 07), registration from the desk, statistics (BR-RPT-01),
the Excel export (BR-RPT-04) and data scope (BR-ORG-02)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError
from l2c.customers import services as customer_services
from l2c.customers.timeline import entries_for
from l2c.reception import selectors, services
from l2c.reception.selectors import first_message_todo, reception_list
from l2c.reception.tests.conftest import at, out, set_roster, walk_in

pytestmark = pytest.mark.django_db


def test_br_rec_01_entry_has_the_register_columns(office, clock):
    roster = set_roster(office, office.wang, office.li)
    entry = walk_in(
        office, roster, "钱女士", mobile="+86 138-0013-8000", source="advert", inquiry="三房户型"
    ).reception
    assert (entry.kind, entry.name, entry.mobile, entry.source, entry.inquiry) == (
        "walk_in",
        "钱女士",
        "13800138000",
        "advert",
        "三房户型",
    )
    assert entry.rep == office.wang.user and entry.received_at == at(2026, 11, 23, 10)
    assert entry.is_first_visit and entry.recorded_by == office.desk.user
    assert AuditLog.objects.filter(action="reception.receive", object_id=str(entry.pk)).count() == 1


def test_br_rec_01_walk_in_without_a_phone_is_allowed(office, clock):
    roster = set_roster(office, office.wang)
    assert walk_in(office, roster, "不留电话的先生").reception.mobile == ""


def test_br_rec_01_back_dated_entries_are_refused(office, clock):
    roster = set_roster(office, office.wang)
    with pytest.raises(BusinessRuleError) as err:
        walk_in(office, roster, received_at=at(2026, 11, 22, 17).isoformat())
    assert err.value.code == "back_dated" and err.value.rule == "BR-REC-01"
    with pytest.raises(BusinessRuleError):
        walk_in(office, roster, received_at=at(2026, 11, 23, 11).isoformat())  # the future
    earlier = walk_in(office, roster, received_at=at(2026, 11, 23, 8, 45).isoformat())
    assert earlier.reception.received_at == at(2026, 11, 23, 8, 45)


def test_br_rec_02_walk_in_without_a_roster_is_refused(office, clock):
    with pytest.raises(BusinessRuleError) as err:
        services.reception_receive(
            actor=office.desk.user, kind="walk_in", data={"name": "甲", "source": "passing"}
        )
    assert err.value.code == "no_roster"


def test_br_rec_04_named_rep_receives_without_a_turn(office, clock):
    roster = set_roster(office, office.wang, office.li, office.zhang)
    named = walk_in(office, roster, "点名找张伟", requested_rep=office.zhang.user.pk).reception
    assert named.rep == office.zhang.user and not named.turn_consumed
    assert named.assignment == "named"
    # the rotation has not moved: 王 is still first
    assert walk_in(office, roster).reception.rep == office.wang.user


def test_br_rec_04_recognising_a_visitor_gives_no_priority(office, clock):
    """张 knows the visitor, but the visitor did not ask for 张: the rotation decides."""
    roster = set_roster(office, office.wang, office.li, office.zhang)
    entry = walk_in(office, roster, "张伟的熟人", actor=office.zhang).reception
    assert entry.rep == office.wang.user and entry.turn_consumed


def test_br_rec_05_call_takes_no_turn_and_goes_to_the_card_holder(office, clock):
    roster = set_roster(office, office.wang, office.li)
    registered = walk_in(office, roster, "孙先生", mobile="13700137000").reception
    services.reception_register_customer(
        actor=office.desk.user, reception_id=registered.pk, data={}
    )
    call = services.reception_receive(
        actor=office.desk.user,
        kind="call",
        data={"name": "孙先生", "mobile": "13700137000", "source": "online"},
        roster_id=roster.pk,
    ).reception
    assert call.rep == office.wang.user and not call.turn_consumed and not call.is_first_visit
    assert walk_in(office, roster).reception.rep == office.li.user  # rotation unchanged


def test_br_rec_06_lookup_shows_the_owner_and_state_masked(office, clock):
    from l2c.customers.selectors import phone_lookup

    roster = set_roster(office, office.wang)
    entry = walk_in(office, roster, "赵先生", mobile="13900139000").reception
    services.reception_register_customer(actor=office.desk.user, reception_id=entry.pk, data={})
    found = phone_lookup("139 0013 9000")
    assert found.exists and found.owner_name == "王芳" and found.state == "valid"
    assert found.name_masked == "赵**" and "13900139000" not in str(found.__dict__.values())


def test_br_rec_07_first_message_to_do_until_marked_sent(office, clock):
    roster = set_roster(office, office.wang)
    entry = walk_in(office, roster, "钱女士", mobile="13800138000").reception
    walk_in(office, roster, "无电话")
    section = first_message_todo(office.wang.user)
    assert section.label == "今日首次回访短信" and section.total == 1
    item = section.items[0]
    assert item.due == at(2026, 11, 23, 23, 59) and not item.overdue
    assert "钱女士" in item.title and "138****8000" in item.note
    clock.move_to(at(2026, 11, 24, 9))
    assert first_message_todo(office.wang.user).items[0].overdue
    clock.move_to(at(2026, 11, 23, 16))
    with pytest.raises(NotFoundError):  # another rep
        services.reception_mark_first_message_sent(actor=office.li.user, reception_id=entry.pk)
    services.reception_mark_first_message_sent(actor=office.wang.user, reception_id=entry.pk)
    assert first_message_todo(office.wang.user) is None
    with pytest.raises(ConflictError):
        services.reception_mark_first_message_sent(actor=office.wang.user, reception_id=entry.pk)


def test_br_cus_03_register_from_the_desk_and_duplicate_card_names_the_owner(office, clock):
    roster = set_roster(office, office.wang, office.li)
    first = walk_in(office, roster, "赵先生", mobile="13900139000").reception
    registration = services.reception_register_customer(
        actor=office.desk.user,
        reception_id=first.pk,
        data={"intent": "两房", "klass": "A", "stage": "intent"},
    )
    customer = registration.customer
    assert registration.created and customer.owner == office.wang.user
    assert customer.channel == "walk_in" and customer.klass == "A"
    # a call for the same number taken by 李 and registered: a duplicate card naming 王
    call = services.reception_receive(
        actor=office.desk.user,
        kind="call",
        data={"name": "赵总", "mobile": "13900139000", "rep": office.li.user.pk},
        roster_id=roster.pk,
    ).reception
    again = services.reception_register_customer(
        actor=office.desk.user, reception_id=call.pk, data={}
    )
    assert not again.created and again.duplicate.owner_at_the_time == office.wang.user
    assert again.customer.owner == office.wang.user


def test_br_rpt_01_day_statistics(office, clock):
    roster = set_roster(office, office.wang, office.li)
    a = walk_in(office, roster, "甲", mobile="13800138001", source="advert").reception
    walk_in(office, roster, "乙", source="passing")
    services.reception_receive(
        actor=office.desk.user,
        kind="call",
        data={"name": "丙", "mobile": "13800138002", "source": "online", "rep": office.li.user.pk},
        roster_id=roster.pk,
    )
    services.reception_register_customer(  # 王 files the visitor as an intent customer
        actor=office.wang.user, reception_id=a.pk, data={"stage": "intent", "klass": "A"}
    )
    services.reception_mark_first_message_sent(actor=office.wang.user, reception_id=a.pk)
    stats = selectors.reception_stats(viewer=office.desk.user, day=at(2026, 11, 23).date())
    assert (stats.total, stats.walk_ins, stats.calls, stats.first_visits, stats.returning) == (
        3,
        2,
        1,
        3,
        0,
    )
    assert (stats.with_mobile, stats.messages_sent, stats.registered, stats.intent) == (2, 1, 1, 1)
    assert {code: n for code, _l, n in stats.by_source}["advert"] == 1
    assert stats.by_rep == [("李娜", 1, 1, 0), ("王芳", 1, 0, 1)] or stats.by_rep == [
        ("王芳", 1, 0, 1),
        ("李娜", 1, 1, 0),
    ]
    mine = selectors.reception_stats(viewer=office.li.user, day=at(2026, 11, 23).date())
    assert mine.total == 2  # a rep's statistics cover their own entries


def test_br_org_02_registers_are_scoped(office, clock):
    roster = set_roster(office, office.wang, office.li)
    walk_in(office, roster, "甲")
    walk_in(office, roster, "乙")
    company = office.company
    counts = {
        who: reception_list(viewer=p.user).count()
        for who, p in {
            "wang": office.wang,
            "zhang": office.zhang,
            "supervisor1": company.supervisor1,
            "manager1": company.manager1,
            "assistant1": company.assistant1,
            "manager2": company.manager2,
            "gm": company.gm,
            "finance": company.finance,
        }.items()
    }
    assert counts == {
        "wang": 1,
        "zhang": 0,
        "supervisor1": 2,
        "manager1": 2,
        "assistant1": 2,
        "manager2": 0,
        "gm": 2,
        "finance": 0,
    }


def test_br_rpt_04_excel_export_is_scoped_masked_and_audited(office, clock):
    roster = set_roster(office, office.wang, office.li)
    walk_in(office, roster, "甲", mobile="13800138001")
    walk_in(office, roster, "乙", mobile="13800138002")
    content = services.reception_register_export(
        actor=office.wang.user, day=at(2026, 11, 23).date()
    )
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["来人登记表", "来电登记表", "来人来电统计表"]
    rows = list(wb["来人登记表"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2], r[5]) for r in rows] == [("甲", "13800138001", "王芳")]
    content = services.reception_register_export(
        actor=office.company.manager1.user, day=at(2026, 11, 23).date()
    )
    rows = list(
        load_workbook(io.BytesIO(content))["来人登记表"].iter_rows(min_row=2, values_only=True)
    )
    assert [r[2] for r in rows] == ["138****8001", "138****8002"]  # BR-CUS-10
    assert AuditLog.objects.filter(action="reception.export").count() == 2


def test_br_sec_02_reception_export_writes_formula_text_as_text(office, clock):
    roster = set_roster(office, office.wang, office.li)
    walk_in(office, roster, "=1+2", mobile="13800138001")
    content = services.reception_register_export(
        actor=office.wang.user, day=at(2026, 11, 23).date()
    )
    cell = load_workbook(io.BytesIO(content))["来人登记表"]["B2"]
    assert (cell.value, cell.data_type) == ("=1+2", "s")


def test_customer_timeline_shows_visits_and_decisions(office, clock):
    roster = set_roster(office, office.wang, office.li)
    entry = walk_in(office, roster, "赵先生", mobile="13900139000").reception
    customer = services.reception_register_customer(
        actor=office.desk.user, reception_id=entry.pk, data={}
    ).customer
    customer_services.customer_record_contact(
        actor=office.wang.user, customer_id=customer.pk, at=at(2026, 11, 23, 12), real=True
    )
    clock.move_to(at(2026, 11, 23, 15))
    out(office, roster, office.wang)
    walk_in(
        office, roster, "赵先生", mobile="13900139000", answers={"earlier_rep": office.wang.user.pk}
    )
    kinds = [e.kind for e in entries_for(customer) if e.kind in {"reception", "attribution"}]
    assert sorted(kinds) == ["attribution", "reception", "reception"]
    decision = next(e for e in entries_for(customer) if e.kind == "attribution")
    assert "BR-ATT-03" in decision.title and decision.url.startswith("/reception/attributions/")
