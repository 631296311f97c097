"""BR-POL-03: working days follow China's holidays and make-up workdays; a year without data
falls back to Monday–Friday with a warning, never an error."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.workdays import WorkingCalendar
from l2c.policy.calendar import calendar_for_dates, working_calendar, years_needing_data
from l2c.policy.services import calendar_day_set, calendar_year_confirm

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_br_pol_03_national_day_2026_and_its_make_up_workday():
    cal = working_calendar([2026])
    assert cal.has_data_for(2026)
    assert not cal.is_working_day(dt.date(2026, 10, 1))  # 国庆节, a Thursday
    assert cal.is_working_day(dt.date(2026, 10, 10))  # 调休上班, a Saturday
    # 1 working day after Wednesday 30 September skips the Golden Week: Thursday 8 October
    assert cal.add_working_days(dt.date(2026, 9, 30), 1) == dt.date(2026, 10, 8)
    # … and the third is the make-up Saturday 10 October; Sunday the 11th is off
    assert cal.add_working_days(dt.date(2026, 9, 30), 3) == dt.date(2026, 10, 10)
    assert cal.add_working_days(dt.date(2026, 9, 30), 4) == dt.date(2026, 10, 12)
    assert cal.working_days_between(dt.date(2026, 9, 30), dt.date(2026, 10, 10)) == 3


def test_br_pol_03_end_of_the_same_working_day():
    cal = working_calendar([2026])
    morning = dt.datetime(2026, 9, 30, 10, 0, tzinfo=SH)
    assert cal.end_of_working_day(morning) == dt.datetime(2026, 9, 30, 18, 0, tzinfo=SH)
    evening = dt.datetime(2026, 9, 30, 19, 0, tzinfo=SH)
    assert cal.end_of_working_day(evening) == dt.datetime(2026, 10, 8, 18, 0, tzinfo=SH)


def test_br_pol_03_year_without_data_falls_back_to_monday_to_friday():
    cal = working_calendar([2027])
    assert not cal.has_data_for(2027)
    # 1 January 2027 is a Friday: without data it is a working day — no error
    assert cal.is_working_day(dt.date(2027, 1, 1))
    assert cal.add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 1)
    assert WorkingCalendar().add_working_days(dt.date(2031, 5, 2), 1) == dt.date(2031, 5, 5)


def test_br_pol_03_deadline_in_2027_before_and_after_the_arrangement_is_entered(company):
    admin = company.admin.user
    assert calendar_for_dates(dt.date(2026, 12, 31)).add_working_days(
        dt.date(2026, 12, 31), 1
    ) == dt.date(2027, 1, 1)
    calendar_day_set(actor=admin, date=dt.date(2027, 1, 1), kind="holiday", name="元旦")
    calendar_year_confirm(actor=admin, year=2027)
    cal = calendar_for_dates(dt.date(2026, 12, 31))
    assert cal.has_data_for(2027)
    assert cal.add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)


def test_br_pol_03_administrator_is_warned_until_next_year_is_entered(company):
    with time_machine.travel(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC), tick=False):
        assert years_needing_data() == [2027]
        client = Client()
        client.force_login(company.admin.user)
        page = client.get(reverse("web:home")).content.decode()
        assert 'id="calendar-warning"' in page and "2027" in page
        rep = Client()
        rep.force_login(company.rep.user)
        assert 'id="calendar-warning"' not in rep.get(reverse("web:home")).content.decode()
        calendar_day_set(
            actor=company.admin.user, date=dt.date(2027, 2, 17), kind="holiday", name="春节"
        )
        calendar_year_confirm(actor=company.admin.user, year=2027)
        assert years_needing_data() == []
        assert 'id="calendar-warning"' not in client.get(reverse("web:home")).content.decode()
    with time_machine.travel(dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        assert years_needing_data() == []  # next year's arrangement is not due before autumn


def test_br_pol_03_calendar_entry_is_checked_and_restricted(company):
    with pytest.raises(PermissionDeniedError):
        calendar_day_set(actor=company.manager1.user, date=dt.date(2027, 1, 1), kind="holiday")
    with pytest.raises(BusinessRuleError):  # a make-up workday must be a weekend day
        calendar_day_set(actor=company.admin.user, date=dt.date(2027, 1, 4), kind="workday")
    with pytest.raises(BusinessRuleError):  # nothing entered yet for 2028
        calendar_year_confirm(actor=company.admin.user, year=2028)


def test_br_pol_03_calendar_page_enters_a_day(company):
    client = Client()
    client.force_login(company.admin.user)
    url = reverse("policy:calendar")
    assert "2026-10-01" in client.get(url + "?year=2026").content.decode()
    response = client.post(
        url, {"year": 2027, "date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    assert response.status_code == 302
    page = client.get(url + "?year=2027").content.decode()
    assert "元旦" in page and "未录入" in page
    response = client.post(url, {"year": 2027, "date": "not-a-date", "kind": "holiday"})
    assert response.status_code == 200 and "正确的日期" in response.content.decode()
    assert client.get(url + "?year=abc").status_code == 200
