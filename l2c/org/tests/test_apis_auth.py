"""The token login with its lock-out (BR-SEC-02) and /me/."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from l2c.audit.models import AuditLog
from l2c.core.roles import Role
from l2c.org import services
from l2c.org.tests.api_helpers import PEOPLE, TOKEN
from l2c.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_token_login_returns_a_token_that_authenticates(company, api):
    response = api.post(TOKEN, {"username": "rep1a", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "rep1a"
    assert me.json()["roles"] == [Role.REP]
    assert AuditLog.objects.filter(action="auth.login", actor=company.rep.user).exists()


def test_wrong_password_is_refused_without_a_500(company, api):
    response = api.post(TOKEN, {"username": "rep1a", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_credentials"
    assert AuditLog.objects.filter(action="auth.login_failed").count() == 1


def test_br_sec_02_token_endpoint_locks_after_5_failures(company, api):
    for _ in range(4):
        response = api.post(TOKEN, {"username": "rep1a", "password": "wrong"}, format="json")
        assert response.status_code == 400
    fifth = api.post(TOKEN, {"username": "rep1a", "password": "wrong"}, format="json")
    assert fifth.status_code == 423
    assert fifth.json()["rule"] == "BR-SEC-02"
    assert fifth.json()["code"] == "account_locked"
    assert "锁定" in fifth.json()["message"]
    # Even the right password is refused while locked …
    locked = api.post(TOKEN, {"username": "rep1a", "password": PASSWORD}, format="json")
    assert locked.status_code == 423
    assert locked.json()["rule"] == "BR-SEC-02"
    # … and accepted once the 15 minutes have passed.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        later = api.post(TOKEN, {"username": "rep1a", "password": PASSWORD}, format="json")
    assert later.status_code == 200
    assert later.json()["token"]


def test_br_sec_02_success_resets_the_failure_count(company, api):
    for _ in range(4):
        api.post(TOKEN, {"username": "rep1a", "password": "wrong"}, format="json")
    assert (
        api.post(TOKEN, {"username": "rep1a", "password": PASSWORD}, format="json").status_code
        == 200
    )
    for _ in range(4):
        response = api.post(TOKEN, {"username": "rep1a", "password": "wrong"}, format="json")
        assert response.status_code == 400


def test_br_sec_02_a_person_who_left_cannot_get_a_token(company, api):
    services.person_leave_company(
        actor=company.admin.user, person=company.reps1[1], left_on=timezone.localdate()
    )
    response = api.post(TOKEN, {"username": "rep1b", "password": PASSWORD}, format="json")
    assert response.status_code == 400


def test_the_api_requires_authentication(company, api):
    response = api.get(PEOPLE)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_me_returns_the_current_person_with_roles(company, api):
    body = api.as_(company.supervisor1).get("/api/v1/me/").json()
    assert body["name"] == "主管1"
    assert body["roles"] == [Role.SUPERVISOR]
    assert body["role_labels"] == ["销售主管"]
    assert body["team_name"] == "1组"
    assert body["superior_name"] == "经理1"


def _token(api, username="rep1a") -> str:
    response = api.post(TOKEN, {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    return response.json()["token"]


def test_br_sec_02_a_token_ends_after_the_policy_days_and_a_new_login_gives_a_new_key(company, api):
    t0 = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(t0, tick=False):
        first = _token(api)
        second = _token(api)
        assert second != first  # the first stops working
        api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
        assert api.get("/api/v1/me/").status_code == 401
        api.credentials(HTTP_AUTHORIZATION=f"Token {second}")
        assert api.get("/api/v1/me/").status_code == 200
    with time_machine.travel(t0 + dt.timedelta(days=7) - dt.timedelta(seconds=1), tick=False):
        assert api.get("/api/v1/me/").status_code == 200
    with time_machine.travel(t0 + dt.timedelta(days=7), tick=False):
        response = api.get("/api/v1/me/")
        assert response.status_code == 401 and "重新登录" in str(response.json())


def test_br_sec_02_signing_out_revokes_the_token_on_the_api_and_the_web(company, api, client):
    token = _token(api)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401
    assert AuditLog.objects.filter(action="auth.logout", actor=company.rep.user).exists()
    token = _token(api)
    client.force_login(company.rep.user)
    client.post("/logout/")
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 401
