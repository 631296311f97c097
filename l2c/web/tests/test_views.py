"""Every page of the shell for every role; fixed query counts on list pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from l2c.audit.services import audit_record
from l2c.core.roles import Role
from l2c.org import services
from l2c.org.tests.factories import person
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["web:home", "org:people", "org:chart", "org:absences"]


def _client(p) -> Client:
    client = Client()
    client.force_login(p.user)
    return client


def people_by_role(c):
    return {
        Role.GM: c.gm,
        Role.VP: c.vp,
        Role.DIRECTOR: c.director,
        Role.MANAGER: c.manager1,
        Role.SUPERVISOR: c.supervisor1,
        Role.REP: c.rep,
        Role.ASSISTANT: c.assistant1,
        Role.FINANCE: c.finance,
        Role.SERVICE: c.service,
        Role.WAREHOUSE: c.warehouse,
        Role.TECH: c.tech,
        Role.ADMIN: c.admin,
    }


def test_every_role_gets_a_home_page_and_the_shell_pages_in_chinese(company):
    for role, p in people_by_role(company).items():
        client = _client(p)
        for name in PUBLIC_PAGES:
            response = client.get(reverse(name))
            assert response.status_code == 200, (role, name)
        home = client.get(reverse("web:home")).content.decode()
        assert f"您好，{p.name}" in home, role
        assert "我的待办" in home, role
        assert 'lang="zh-hans"' in home


def test_br_org_02_policy_and_audit_pages_only_for_their_roles(company):
    readers = {Role.ADMIN, Role.GM, Role.VP, Role.DIRECTOR, Role.MANAGER}
    for role, p in people_by_role(company).items():
        client = _client(p)
        status = client.get(reverse("policy:settings")).status_code
        assert status == (200 if role in readers else 403), role
        audit_status = client.get(reverse("audit:log")).status_code
        assert audit_status == (200 if role in {Role.ADMIN, Role.GM} else 403), role


def test_anonymous_is_sent_to_login():
    response = Client().get(reverse("web:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_br_pol_02_policy_page_changes_a_setting_with_reason(company):
    client = _client(company.admin)
    url = reverse("policy:setting", args=["customers.protection_days"])
    page = client.get(url).content.decode()
    assert "60 天" in page
    response = client.post(url, {"value": "45", "reason": "", "version": 1})
    assert response.status_code == 200
    assert "此字段是必填项" in response.content.decode() or "原因" in response.content.decode()
    response = client.post(url, {"value": "-5", "reason": "试试", "version": 1})
    assert "不能为负数" in response.content.decode()
    assert "BR-POL-01" in response.content.decode()
    response = client.post(url, {"value": "45", "reason": "缩短保护期", "version": 1})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "45 天" in page and "缩短保护期" in page
    assert 'id="history-panel"' in page
    # a stale form (version 1 again) is refused, not silently applied
    response = client.post(url, {"value": "30", "reason": "另一人", "version": 1})
    assert "已被他人修改" in response.content.decode()


def test_br_org_03_absence_form_registers_and_refuses_bad_dates(company):
    client = _client(company.supervisor1)
    start = timezone.localtime() + dt.timedelta(days=1)
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(
        reverse("org:absences"),
        {
            "person": company.rep.pk,
            "kind": "business",
            "reason": "外出看房",
            "starts_at": start.strftime(fmt),
            "ends_at": (start - dt.timedelta(hours=2)).strftime(fmt),
        },
    )
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间" in response.content.decode()
    response = client.post(
        reverse("org:absences"),
        {
            "person": company.rep.pk,
            "kind": "business",
            "reason": "外出看房",
            "starts_at": start.strftime(fmt),
            "ends_at": (start + dt.timedelta(hours=2)).strftime(fmt),
        },
    )
    assert response.status_code == 302
    assert company.rep.absences.count() == 1
    # a rep of another team is not among the people the supervisor may register
    response = client.post(
        reverse("org:absences"),
        {
            "person": company.reps2[0].pk,
            "kind": "leave",
            "starts_at": start.strftime(fmt),
            "ends_at": (start + dt.timedelta(hours=2)).strftime(fmt),
        },
    )
    assert response.status_code == 200
    assert company.reps2[0].absences.count() == 0


def test_person_page_shows_chain_and_history(company):
    client = _client(company.admin)
    page = client.get(reverse("org:person", args=[company.rep.pk])).content.decode()
    assert company.supervisor1.name in page and company.gm.name in page
    assert "org.person.create" in page
    assert client.get(reverse("org:person", args=[999999])).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(company, n: int) -> None:
    start = timezone.now() + dt.timedelta(days=5)
    for i in range(n):
        p = person(
            name=f"新人{i}",
            department=company.dept1,
            team=company.team1,
            roles=[Role.REP],
            superior=company.supervisor1,
        )
        services.absence_create(
            actor=company.admin.user,
            person=p,
            kind="leave",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )
        audit_record(actor=company.admin.user, action="test.row", obj=p)
    policy_change(actor=company.admin.user, key="catalog.hold_hours", value=n, reason="测试")


@pytest.mark.parametrize(
    "url_name",
    ["org:people", "org:absences", "audit:log", "policy:settings", "org:chart", "web:home"],
)
def test_list_pages_run_a_fixed_number_of_queries(company, url_name):
    client = _client(company.admin if url_name != "web:home" else company.gm)
    url = reverse(url_name)
    _grow(company, 3)
    few = _count(client, url)
    _grow(company, 25)
    many = _count(client, url)
    assert many == few, f"{url_name}: {few} queries with few rows, {many} with many"


def test_bad_query_and_form_input_never_gives_a_500(company):
    client = _client(company.admin)
    assert client.get(reverse("org:people") + "?department=" + "9" * 30).status_code == 200
    api = Client()
    api.force_login(company.admin.user)
    assert api.get("/api/v1/people/?department=" + "9" * 30).status_code == 422
    assert api.get("/api/v1/audit/?actor=" + "9" * 30).status_code == 422
    response = client.post(
        reverse("org:absences"),
        {
            "person": company.admin.pk,
            "kind": "leave",
            "starts_at": "0001-01-01T00:00",
            "ends_at": "0001-01-02T00:00",
        },
    )
    assert response.status_code == 200
    url = reverse("policy:setting", args=["attribution.refused_split"])
    for raw in ('{"A": NaN}', "[" * 5000, '{"A": "1e30", "B": "20"}'):
        response = client.post(url, {"value": raw, "reason": "测试", "version": 1})
        assert response.status_code == 200, raw


def test_br_sec_01_forged_forwarded_for_is_not_believed(company):
    client = Client(HTTP_X_FORWARDED_FOR="junk, 1.2.3.4", REMOTE_ADDR="127.0.0.1")
    client.post(reverse("login"), {"username": company.rep.user.username, "password": "x"})
    from l2c.audit.models import AuditLog

    assert AuditLog.objects.get(action="auth.login_failed").ip == "127.0.0.1"
