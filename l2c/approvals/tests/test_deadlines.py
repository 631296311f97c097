"""Deadlines on the company's working calendar (BR-APR-03, BR-POL-03), reminders and
escalation through ``l2c_tick`` — with a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from l2c.approvals import selectors
from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalEvent, ApprovalStep, ApprovalTask, RequestState
from l2c.approvals.tasks import send_deadline_notices
from l2c.approvals.tests.conftest import at, make_document, person_step, set_chain
from l2c.audit.models import AuditLog
from l2c.core import ticks
from l2c.core.workdays import WorkingCalendar
from l2c.notifications.models import Notification
from l2c.policy.services import calendar_day_set, calendar_year_confirm

pytestmark = pytest.mark.django_db

SAME_DAY = {"type": "same_day"}


def submit(requester):
    doc = make_document(requester)
    return engine.approval_submit(
        actor=requester.user, kind="process_change", obj=doc, title="流程变更", facts={}
    )


def deadline_of(request, index=0):
    return ApprovalStep.objects.get(request=request, round=request.round, index=index).deadline_at


def test_br_apr_03_same_day_deadline_is_the_end_of_the_working_day(company, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1, deadline=SAME_DAY)])
    request = submit(company.supervisor1)
    assert deadline_of(request) == at(2026, 11, 23, 18)  # Monday 10:00 → Monday 18:00


def test_br_apr_03_deadline_across_national_day_and_the_make_up_workday(company, clock, outcomes):
    # Wednesday 30 September 2026 at 19:00, after hours, on the eve of National Day
    # (1–7 October off): the same-day deadline is the end of Thursday 8 October.
    clock.move_to(at(2026, 9, 30, 19))
    set_chain(
        company,
        [
            person_step("经理", company.manager1, deadline=SAME_DAY),
            person_step("总经理", company.gm, deadline={"type": "working_days", "value": 1}),
        ],
    )
    request = submit(company.supervisor1)
    assert deadline_of(request, 0) == at(2026, 10, 8, 18)
    # The manager decides on Friday 9 October at 10:00; "1 working day" for the GM ends on
    # Saturday 10 October at 10:00 — a make-up workday (调休上班).
    clock.move_to(at(2026, 10, 9, 10))
    engine.approval_decide(actor=company.manager1.user, request_id=request.pk, decision="approve")
    assert deadline_of(request, 1) == at(2026, 10, 10, 10)


def test_br_apr_03_working_hours_skip_nights_and_holidays(company, clock, outcomes):
    cal = WorkingCalendar(
        days_off=frozenset({dt.date(2026, 10, d) for d in range(1, 8)}),
        extra_workdays=frozenset({dt.date(2026, 10, 10)}),
        known_years=frozenset({2026}),
    )
    assert cal.add_working_hours(at(2026, 9, 30, 16), 4) == at(2026, 10, 8, 11)
    assert cal.add_working_hours(at(2026, 10, 9, 17), 2) == at(2026, 10, 10, 10)
    assert cal.add_working_hours(at(2026, 10, 3, 12), 1) == at(2026, 10, 8, 10)


def test_br_pol_03_deadline_in_2027_before_and_after_its_arrangement_is_entered(
    company, clock, outcomes
):
    # Thursday 31 December 2026 after hours: the next working day is in 2027, whose holiday
    # arrangement is not entered yet — Monday–Friday is assumed, never an error.
    clock.move_to(at(2026, 12, 31, 19))
    set_chain(company, [person_step("经理", company.manager1, deadline=SAME_DAY)])
    before = submit(company.supervisor1)
    assert deadline_of(before) == at(2027, 1, 1, 18)  # Friday 1 January, counted as working
    # The administrator enters 2027's New Year holiday and confirms the year.
    calendar_day_set(
        actor=company.admin.user, date=dt.date(2027, 1, 1), kind="holiday", name="元旦"
    )
    calendar_year_confirm(actor=company.admin.user, year=2027)
    after = submit(company.supervisor2)
    assert deadline_of(after) == at(2027, 1, 4, 18)  # Monday 4 January
    # the request submitted earlier keeps the deadline it was given
    assert deadline_of(before) == at(2027, 1, 1, 18)


def test_br_apr_03_reminder_then_escalation_to_the_superior(company, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1, deadline=SAME_DAY)])
    request = submit(company.supervisor1)
    task = ApprovalTask.objects.get(request=request)
    assert task.escalate_to == company.director.user  # the manager's superior
    assert task.escalates_at == at(2026, 11, 24, 18)  # 1 working day after the deadline

    clock.move_to(at(2026, 11, 23, 17, 59))
    assert send_deadline_notices(dt.datetime.now(dt.UTC)) == {"reminded": 0, "escalated": 0}

    clock.move_to(at(2026, 11, 23, 18, 5))
    # overdue is derived from the timestamps, before any tick ran
    waiting = selectors.approval_inbox(user=company.manager1.user, box="waiting")
    assert waiting.get().deadline_at < at(2026, 11, 23, 18, 5)
    assert send_deadline_notices(dt.datetime.now(dt.UTC)) == {"reminded": 1, "escalated": 0}
    assert send_deadline_notices(dt.datetime.now(dt.UTC)) == {"reminded": 0, "escalated": 0}
    reminder = Notification.objects.get(recipient=company.manager1.user, kind="approval.reminder")
    assert "超时" in reminder.title
    # the director cannot take over yet
    assert not selectors.approval_inbox(user=company.director.user, box="waiting").exists()

    clock.move_to(at(2026, 11, 24, 18, 1))
    # from escalates_at on, the director may decide — whether or not the tick has run
    assert selectors.approval_inbox(user=company.director.user, box="waiting").count() == 1
    call_command("l2c_tick", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ticks.run_all()  # a second run sends nothing more
    assert ApprovalEvent.objects.filter(request=request, action="escalated").count() == 1
    assert ApprovalEvent.objects.filter(request=request, action="reminded").count() == 1
    assert (
        Notification.objects.filter(
            recipient=company.director.user, kind="approval.escalation"
        ).count()
        == 1
    )
    assert AuditLog.objects.filter(action="approval.escalate", rule="BR-APR-03").count() == 1

    engine.approval_decide(
        actor=company.director.user, request_id=request.pk, decision="approve", opinion="代批"
    )
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    task.refresh_from_db()
    assert task.decided_by == company.director.user and task.approver == company.manager1.user


def test_br_apr_03_the_gm_has_no_superior_to_escalate_to(company, clock, outcomes):
    set_chain(company, [person_step("总经理", company.gm, deadline=SAME_DAY)])
    request = submit(company.supervisor1)
    task = ApprovalTask.objects.get(request=request)
    assert task.escalate_to is None and task.escalates_at is None
    clock.move_to(at(2026, 11, 30, 10))
    assert send_deadline_notices(dt.datetime.now(dt.UTC)) == {"reminded": 1, "escalated": 0}
