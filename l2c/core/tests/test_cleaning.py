"""Dates people type are checked for sense (issue 16): a deadline, a visit or an expected
close within ten years of today; a birthday not before 1900 nor in the future; a hire date
not before 1900 nor more than a year ahead — each a clear error on the field, never a
record dated 1900."""

from __future__ import annotations

import datetime as dt

import pytest

from l2c.core.cleaning import as_date, birthday_within, hire_date_within
from l2c.core.errors import BusinessRuleError


def test_br_act_02_a_deadline_within_ten_years_of_today(clock):
    assert as_date("2036-11-20", rule="BR-ACT-02", field="due_on") == dt.date(2036, 11, 20)
    assert as_date("2016-11-25", rule="BR-ACT-02", field="due_on") == dt.date(2016, 11, 25)
    for typed in ("1900-01-01", "2099-12-31"):
        with pytest.raises(BusinessRuleError) as err:
            as_date(typed, rule="BR-ACT-02", field="due_on")
        assert err.value.field == "due_on" and "之间" in str(err.value.message)


def test_br_cus_01_a_birthday_from_1900_to_today(clock):
    assert birthday_within(dt.date(1900, 1, 1), rule="BR-CUS-01", field="birthday")
    assert birthday_within(dt.date(2026, 11, 23), rule="BR-CUS-01", field="birthday")
    for day in (dt.date(1899, 12, 31), dt.date(2026, 11, 24)):
        with pytest.raises(BusinessRuleError):
            birthday_within(day, rule="BR-CUS-01", field="birthday")


def test_br_org_01_a_hire_date_from_1900_to_a_year_ahead(clock):
    assert hire_date_within(dt.date(2027, 11, 23)) == dt.date(2027, 11, 23)
    for day in (dt.date(1899, 1, 1), dt.date(2027, 11, 24)):
        with pytest.raises(BusinessRuleError):
            hire_date_within(day)
