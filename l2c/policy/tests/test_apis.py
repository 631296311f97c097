"""The policy API (/api/v1/policy/): settings, their history, and versioned changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from l2c import policy
from l2c.audit.models import AuditLog
from l2c.policy import services
from l2c.policy.defaults import Definition, seed_definitions
from l2c.policy.models import PolicyKind, PolicySetting, PolicyVersion

pytestmark = pytest.mark.django_db

SETTINGS = "/api/v1/policy/settings/"
KEY = "security.lockout_failures"


def _url(key: str = KEY, suffix: str = "") -> str:
    return f"{SETTINGS}{key}/{suffix}"


def _queries(client, url: str) -> tuple[int, list]:
    client.get(url)  # warm up what is cached per user (the viewer's roles and scope)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


@pytest.mark.parametrize("who", ["admin", "gm", "vp", "director", "manager1"])
def test_policy_readers_list_the_settings(company, api, who):
    response = api.as_(getattr(company, who)).get(SETTINGS)
    assert response.status_code == 200
    by_key = {s["key"]: s for s in response.json()}
    lockout = by_key[KEY]
    assert lockout["value"] == 5
    assert lockout["kind"] == PolicyKind.INTEGER
    assert lockout["group"] == "安全"
    assert lockout["rule"] == "BR-SEC-02"
    assert lockout["label"]
    assert lockout["current_version"] == 1
    assert lockout["version"] >= 1


@pytest.mark.parametrize("who", ["rep", "supervisor1", "assistant1", "finance", "service"])
def test_others_cannot_read_the_settings(company, api, who):
    api.as_(getattr(company, who))
    listed = api.get(SETTINGS)
    assert listed.status_code == 403
    assert listed.json()["rule"] == "BR-POL-02"
    assert api.get(_url()).status_code == 403


def test_setting_detail_has_the_full_history(company, api):
    services.policy_change(actor=company.admin.user, key=KEY, value=6, reason="加强安全")
    response = api.as_(company.director).get(_url())
    assert response.status_code == 200
    body = response.json()
    assert body["value"] == 6
    assert body["current_version"] == 2
    assert [v["number"] for v in body["history"]] == [2, 1]
    newest, default = body["history"]
    assert newest["reason"] == "加强安全"
    assert newest["created_by_name"] == "孙管理"
    assert newest["created_by"] == company.admin.user_id
    assert newest["value"] == 6
    assert newest["effective_from"] and newest["created_at"]
    assert default["created_by_name"] == "系统"


def test_unknown_setting_is_404(company, api):
    response = api.as_(company.admin).get(_url("no.such.setting"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_br_pol_02_admin_changes_a_setting_with_a_new_version(company, api):
    api.as_(company.admin)
    seen = api.get(_url()).json()["version"]
    response = api.post(
        _url(suffix="change/"), {"value": 3, "reason": "审计要求", "version": seen}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["value"] == 3
    assert body["current_version"] == 2
    assert body["version"] == seen + 1
    assert policy.value(KEY) == 3
    entry = AuditLog.objects.get(action="policy.change")
    assert entry.rule == "BR-POL-02"
    assert entry.changes == {"value": [5, 3]}
    assert entry.extra["reason"] == "审计要求"
    assert entry.actor_id == company.admin.user_id


def test_br_pol_02_change_needs_reason(company, api):
    api.as_(company.gm)
    for payload in ({"value": 3}, {"value": 3, "reason": "   "}):
        response = api.post(_url(suffix="change/"), payload, format="json")
        assert response.status_code == 422
        body = response.json()
        assert body["rule"] == "BR-POL-02"
        assert body["field"] == "reason"
        assert "原因" in body["message"]
    assert PolicyVersion.objects.filter(setting__key=KEY).count() == 1


@pytest.mark.parametrize("who", ["vp", "director", "manager1", "rep"])
def test_br_pol_02_only_admin_and_gm_change_policy(company, api, who):
    response = api.as_(getattr(company, who)).post(
        _url(suffix="change/"), {"value": 3, "reason": "试试"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["rule"] == "BR-POL-02"
    assert policy.value(KEY) == 5


def test_br_sec_03_policy_change_with_a_stale_version_is_409(company, api):
    api.as_(company.admin)
    seen = api.get(_url()).json()["version"]
    first = api.post(
        _url(suffix="change/"), {"value": 4, "reason": "第一次", "version": seen}, format="json"
    )
    assert first.status_code == 201
    second = api.post(
        _url(suffix="change/"), {"value": 8, "reason": "第二次", "version": seen}, format="json"
    )
    assert second.status_code == 409
    assert second.json()["code"] == "stale_version"
    assert second.json()["rule"] == "BR-SEC-03"
    assert policy.value(KEY) == 4


def test_br_pol_01_value_is_checked_against_the_kind(company, api):
    api.as_(company.admin)
    response = api.post(_url(suffix="change/"), {"value": "abc", "reason": "错值"}, format="json")
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-POL-01"
    assert response.json()["code"] == "invalid_policy_value"
    split = api.post(
        _url("attribution.helper_split", "change/"),
        {"value": {"B": "70", "C": "20"}, "reason": "改比例"},
        format="json",
    )
    assert split.status_code == 422
    assert split.json()["rule"] == "BR-POL-01"


def test_br_pol_02_a_change_cannot_be_backdated(company, api):
    past = timezone.now() - dt.timedelta(days=1)
    response = api.as_(company.admin).post(
        _url(suffix="change/"),
        {"value": 3, "reason": "补录", "effective_from": past.isoformat()},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-POL-02"
    assert response.json()["field"] == "effective_from"


def test_br_pol_02_a_future_change_keeps_the_current_value_until_it_takes_effect(company, api):
    when = timezone.now() + dt.timedelta(days=7)
    response = api.as_(company.gm).post(
        _url(suffix="change/"),
        {"value": 10, "reason": "下周起放宽", "effective_from": when.isoformat()},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["value"] == 5  # still the version in force now
    assert body["current_version"] == 1
    assert [v["number"] for v in body["history"]] == [2, 1]
    assert policy.value(KEY) == 5
    assert policy.value(KEY, at=when + dt.timedelta(minutes=1)) == 10


def test_br_pol_02_past_decisions_keep_their_version(company, api):
    before = timezone.now()
    api.as_(company.admin).post(
        _url("customers.protection_days", "change/"),
        {"value": 90, "reason": "延长保护期"},
        format="json",
    )
    assert policy.value("customers.protection_days", at=before) == 60
    assert policy.value("customers.protection_days") == 90


def test_policy_settings_list_runs_the_same_queries_for_few_and_many_rows(company, api):
    api.as_(company.admin)
    few, body = _queries(api, SETTINGS)
    baseline = len(body)
    seed_definitions(
        PolicySetting,
        PolicyVersion,
        definitions=tuple(
            Definition(
                f"test.extra_{i}", PolicyKind.INTEGER, i, f"测试设置{i}", "BR-POL-01", "测试"
            )
            for i in range(30)
        ),
    )
    for i in range(5):
        services.policy_change(
            actor=company.admin.user, key=f"test.extra_{i}", value=i + 100, reason="多一个版本"
        )
    many, body = _queries(api, SETTINGS)
    assert len(body) == baseline + 30
    assert many == few


def test_policy_setting_detail_runs_a_fixed_number_of_queries(company, api):
    api.as_(company.admin)
    few, _ = _queries(api, _url())
    for i in range(10):
        services.policy_change(actor=company.admin.user, key=KEY, value=5 + i, reason=f"第{i}次")
    many, body = _queries(api, _url())
    assert len(body["history"]) == 11
    assert many == few
