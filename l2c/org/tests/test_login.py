"""BR-SEC-02: lock-out after repeated failed logins; CSRF on forms. BR-SEC-01: logins audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from l2c.audit.models import AuditLog
from l2c.org.tests.factories import PASSWORD
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_br_sec_02_five_failures_lock_the_account_for_15_minutes(company):
    client = Client()
    username = company.rep.user.username
    with time_machine.travel(T0, tick=False):
        for _ in range(4):
            response = _login(client, username, "wrong")
            assert "用户名或密码不正确" in response.content.decode()
        response = _login(client, username, "wrong")
        assert "已锁定" in response.content.decode()
        # even the right password is refused while locked
        response = _login(client, username, PASSWORD)
        assert response.status_code == 200
        assert "BR-SEC-02" in response.content.decode()
        assert AuditLog.objects.filter(action="auth.login_locked").count() == 1
    with time_machine.travel(T0 + dt.timedelta(minutes=14, seconds=59), tick=False):
        assert "已锁定" in _login(client, username, PASSWORD).content.decode()
    with time_machine.travel(T0 + dt.timedelta(minutes=15, seconds=1), tick=False):
        response = _login(client, username, PASSWORD)
        assert response.status_code == 302
        assert response.url == reverse("web:home")


def test_br_sec_02_lockout_follows_policy(company):
    policy_change(
        actor=company.admin.user, key="security.lockout_failures", value=2, reason="等保测评要求"
    )
    client = Client()
    username = company.rep.user.username
    _login(client, username, "wrong")
    assert "已锁定" in _login(client, username, "wrong").content.decode()


def test_br_sec_02_success_resets_the_count(company):
    client = Client()
    username = company.rep.user.username
    for _ in range(4):
        _login(client, username, "wrong")
    assert _login(client, username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, username, "wrong")
    assert _login(client, username, PASSWORD).status_code == 302


def test_br_sec_01_logins_success_and_failure_are_audited(company):
    client = Client(REMOTE_ADDR="192.0.2.7")
    username = company.rep.user.username
    _login(client, username, "wrong")
    _login(client, username, PASSWORD)
    failed = AuditLog.objects.get(action="auth.login_failed")
    ok = AuditLog.objects.get(action="auth.login")
    assert failed.extra["username"] == username
    assert failed.ip == "192.0.2.7"
    assert ok.actor == company.rep.user


def test_br_sec_02_forms_need_a_csrf_token(company):
    client = Client(enforce_csrf_checks=True)
    response = _login(client, company.rep.user.username, PASSWORD)
    assert response.status_code == 403


def test_br_sec_02_passwords_are_hashed(company):
    assert company.rep.user.password != PASSWORD
    assert company.rep.user.check_password(PASSWORD)


def test_br_sec_02_a_sign_in_lasts_a_working_day_not_two_weeks(company):
    client = Client()
    response = _login(client, company.rep.user.username, PASSWORD)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == 12 * 3600
