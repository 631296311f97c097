"""BR-ACT-04 / BR-RPT-05: the to-do panel's activity sections, each with a fixed number of
queries whatever the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.activities.selectors import todo
from l2c.activities.tests.conftest import follow, register
from l2c.core.scope import viewer_of
from l2c.core.testing import MONDAY_10, at
from l2c.core.todo import registered, todo_for

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def queries(provider, user) -> tuple[int, object]:
    user = type(user).objects.get(pk=user.pk)  # a fresh user …
    viewer_of(user)  # … whose roles are read once per request, as the middleware does
    with CaptureQueriesContext(connection) as ctx:
        section = provider(user)
    return len(ctx.captured_queries), section


def test_br_act_04_providers_are_registered():
    assert set(todo.PROVIDERS) <= set(registered())


def test_br_act_04_customers_to_contact_today(company, clock):
    due = register(company.rep, name="今天到期")  # first follow-up due 11-26 10:00
    planned = register(company.rep, name="计划今天")
    follow(company.rep, planned, next_date="2026-11-26")
    clock.move_to(at(2026, 11, 24, 9))
    register(company.rep, name="不急")  # first follow-up due tomorrow
    clock.move_to(at(2026, 11, 26, 8))
    n, section = queries(todo.contact_today, company.rep.user)
    titles = [i.title for i in section.items]
    assert titles == ["今天到期", "计划今天"] and section.total == 2
    assert n <= 2
    # once followed up, neither is listed any more
    follow(company.rep, due)
    follow(company.rep, planned)
    assert todo.contact_today(company.rep.user) is None


def test_br_act_04_customers_about_to_drop(company, clock):
    register(company.rep, name="明天到期")
    clock.move_to(MONDAY_10 + 2 * DAY + dt.timedelta(hours=1))  # 11-25 11:00, due 11-26 10:00
    n, section = queries(todo.about_to_drop, company.rep.user)
    assert [i.title for i in section.items] == ["明天到期"] and n <= 3
    assert todo.about_to_drop(company.reps1[1].user) is None


def test_br_act_04_contact_today_and_about_to_drop_do_not_repeat(company, clock):
    register(company.rep, name="今天到期")
    clock.move_to(at(2026, 11, 26, 8))
    assert todo.about_to_drop(company.rep.user) is None
    assert [i.title for i in todo.contact_today(company.rep.user).items] == ["今天到期"]


def test_br_act_04_birthdays_today_and_tomorrow(company, clock):
    register(company.rep, name="今天生日", birthday="1980-11-23")
    register(company.rep, name="明天生日", birthday="1990-11-24")
    register(company.rep, name="后天生日", birthday="1990-11-25")
    register(company.reps1[1], name="别人的客户", birthday="1980-11-23")
    n, section = queries(todo.birthdays, company.rep.user)
    assert [i.title for i in section.items] == ["今天生日", "明天生日"] and n <= 2
    assert "今天" in section.items[0].note and "明天" in section.items[1].note


def test_br_act_04_a_29_february_birthday_is_remembered_on_the_28th(company, clock):
    register(company.rep, name="闰日", birthday="1988-02-29")
    clock.move_to(at(2027, 2, 28, 9))
    # the card is void by then; a deal customer keeps the owner for ever (BR-CUS-06)
    from l2c.customers.models import Customer
    from l2c.customers.services import customer_mark_deal

    customer_mark_deal(actor=company.rep.user, customer_id=Customer.objects.get().pk)
    assert [i.title for i in todo.birthdays(company.rep.user).items] == ["闰日"]


def test_br_act_04_no_birthday_reminders_for_void_cards(company, clock):
    register(company.rep, name="废卡", birthday="1980-11-27")
    clock.move_to(at(2026, 11, 27, 9))
    assert todo.birthdays(company.rep.user) is None


def test_br_act_04_holidays_coming_within_3_days(company, clock):
    clock.move_to(at(2026, 9, 28, 9))  # National Day starts 10-01
    n, section = queries(todo.holidays, company.rep.user)
    assert len(section.items) == 1 and "国庆节" in section.items[0].title and n <= 2
    clock.move_to(at(2026, 9, 27, 9))  # four days ahead: not yet
    assert todo.holidays(company.rep.user) is None
    clock.move_to(at(2026, 10, 2, 9))  # under way: no longer "coming"
    assert todo.holidays(company.rep.user) is None
    assert todo.holidays(company.finance.user) is None  # owns no customers


def test_br_act_04_reports_due_and_to_review(company, clock):
    from l2c.activities import services

    customer = register(company.rep, klass="A")
    visit = follow(company.rep, customer, "visit")
    n, section = queries(todo.reports_due, company.rep.user)
    assert [i.title for i in section.items] == [customer.name] and n <= 3
    assert "?follow_up=" in section.items[0].url
    services.visit_report_create(
        actor=company.rep.user, data={"follow_up_id": visit.pk, "content": "拜访"}
    )
    assert todo.reports_due(company.rep.user) is None
    n, section = queries(todo.reports_to_review, company.supervisor1.user)
    assert len(section.items) == 1 and n <= 3
    assert todo.reports_to_review(company.rep.user) is None
    assert todo.reports_to_review(company.supervisor2.user) is None


def test_br_act_04_tasks_promised(company, clock):
    from l2c.activities import services

    services.task_create(actor=company.rep.user, title="寄资料", due_on="2026-11-22")
    n, section = queries(todo.tasks_due, company.rep.user)
    assert section.items[0].overdue and n <= 3


@pytest.mark.parametrize("provider", list(todo.PROVIDERS.values()))
def test_br_rpt_05_each_provider_runs_a_fixed_number_of_queries(company, clock, provider):
    from l2c.activities import services

    serial = iter(range(100))

    def grow(n):
        for k in range(n):
            c = register(company.rep, name=f"客户{next(serial)}", klass="A", birthday="1980-11-23")
            follow(company.rep, c, "visit", next_date="2026-11-23")
            services.task_create(actor=company.rep.user, title=f"事项{k}", due_on="2026-11-23")
            services.visit_report_create(
                actor=company.reps1[1].user,
                data={"target": f"对象{k}", "content": "x", "visited_at": MONDAY_10},
            )

    grow(todo.SHOWN + 1)  # more than a section shows, so its count is read
    few, _ = queries(provider, company.rep.user)
    few_sup, _ = queries(provider, company.supervisor1.user)
    grow(4)
    many, _ = queries(provider, company.rep.user)
    many_sup, _ = queries(provider, company.supervisor1.user)
    assert many == few and many_sup == few_sup


def test_br_rpt_05_the_home_panel_lists_the_sections(company, clock):
    register(company.rep, name="今天生日", birthday="1980-11-23")
    keys = [s.key for s in todo_for(company.rep.user)]
    assert "activities.birthdays" in keys
