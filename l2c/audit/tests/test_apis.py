"""The audit API (/api/v1/audit/): read-only, for the administrator and the GM (BR-SEC-01)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.audit.models import AuditLog
from l2c.audit.services import audit_record
from l2c.org import services as org_services

pytestmark = pytest.mark.django_db

AUDIT = "/api/v1/audit/"


def _queries(client, url: str) -> tuple[int, dict]:
    client.get(url)  # warm up what is cached per user (the viewer's roles and scope)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


@pytest.mark.parametrize("who", ["admin", "gm"])
def test_br_sec_01_admin_and_gm_read_the_audit_log(company, api, who):
    org_services.person_update(actor=company.admin.user, person=company.rep, title="高级顾问")
    response = api.as_(getattr(company, who)).get(AUDIT)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == AuditLog.objects.count()
    newest = body["results"][0]
    assert newest["action"] == "org.person.update"
    assert newest["actor"] == company.admin.user_id
    assert newest["actor_name"] == "孙管理"
    assert newest["object_type"] == "org.person"
    assert newest["object_id"] == str(company.rep.pk)
    assert newest["object_repr"] == "顾问1a"
    assert newest["changes"] == {"title": ["", "高级顾问"]}
    assert newest["at"]


@pytest.mark.parametrize("who", ["vp", "director", "manager1", "supervisor1", "rep", "finance"])
def test_br_sec_01_nobody_else_reads_the_audit_log(company, api, who):
    entry = AuditLog.objects.first()
    api.as_(getattr(company, who))
    response = api.get(AUDIT)
    assert response.status_code == 403
    assert response.json()["rule"] == "BR-SEC-01"
    assert api.get(f"{AUDIT}{entry.pk}/").status_code == 403


def test_audit_log_requires_authentication(company, api):
    assert api.get(AUDIT).status_code == 401


def test_audit_log_filters_action_actor_and_object_type(company, api):
    org_services.person_update(actor=company.admin.user, person=company.rep, title="组长助理")
    org_services.person_update(actor=company.gm.user, person=company.reps1[1], title="高级顾问")
    api.as_(company.admin)
    updates = api.get(AUDIT, {"action": "org.person.update"}).json()
    assert updates["count"] == 2
    by_gm = api.get(AUDIT, {"action": "org.person", "actor": company.gm.user_id}).json()
    assert [e["object_repr"] for e in by_gm["results"]] == ["顾问1b"]
    teams = api.get(AUDIT, {"object_type": "org.team"}).json()
    assert teams["count"] >= 2
    assert {e["object_type"] for e in teams["results"]} == {"org.team"}
    assert api.get(AUDIT, {"actor": "x"}).status_code == 422


def test_audit_log_paginates(company, api):
    body = api.as_(company.admin).get(AUDIT, {"limit": 5}).json()
    assert len(body["results"]) == 5
    assert body["count"] > 5
    assert body["next"]


def test_audit_entry_detail(company, api):
    entry = AuditLog.objects.filter(action="org.person.create").first()
    response = api.as_(company.gm).get(f"{AUDIT}{entry.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == entry.pk
    assert api.get(f"{AUDIT}999999999/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_br_sec_01_audit_log_cannot_be_written_through_the_api(company, api, method):
    entry = AuditLog.objects.first()
    count = AuditLog.objects.count()
    api.as_(company.admin)
    on_list = getattr(api, method)(AUDIT, {"action": "forged"}, format="json")
    assert on_list.status_code == 405
    assert on_list.json()["code"] == "method_not_allowed"
    on_entry = getattr(api, method)(f"{AUDIT}{entry.pk}/", {"action": "forged"}, format="json")
    assert on_entry.status_code == 405
    assert AuditLog.objects.count() == count
    entry_after = AuditLog.objects.get(pk=entry.pk)
    assert entry_after.action == entry.action


def test_audit_list_runs_the_same_queries_for_3_and_30_rows(company, api):
    def add(n: int) -> None:
        for i in range(n):
            actor = (company.admin, company.gm, company.rep)[i % 3].user
            audit_record(
                actor=actor, action="test.query_count", obj=company.rep, changes={"n": [i, i + 1]}
            )

    add(3)
    api.as_(company.admin)
    url = f"{AUDIT}?action=test.query_count&limit=100"
    few, body = _queries(api, url)
    assert body["count"] == 3
    add(27)
    many, body = _queries(api, url)
    assert body["count"] == 30
    assert many == few


def test_br_org_02_the_administrator_reads_business_actions_without_their_values(
    company, api, client
):
    """Admin: no business data — a receipt's payer, amount and bank reference stay hidden
    from the administrator's log (who did what, when, is kept); the GM reads it whole."""
    audit_record(
        actor=company.finance.user,
        action="money.record",
        object_repr="收据 SJ-202611-000001 赵先生",
        changes={"amount": [None, "50000.00"]},
        extra={"bank_ref": "ICBC-889900", "payer": "赵先生"},
        rule="BR-FIN-01",
    )
    org_services.person_update(actor=company.admin.user, person=company.rep, title="高级顾问")
    admin = {e["action"]: e for e in api.as_(company.admin).get(AUDIT).json()["results"]}
    money = admin["money.record"]
    assert money["actor_name"] == company.finance.name and money["rule"] == "BR-FIN-01"
    assert money["object_repr"] == "（业务数据）" and money["changes"] == money["extra"] == {}
    assert admin["org.person.update"]["changes"] == {"title": ["", "高级顾问"]}  # platform
    detail = api.as_(company.admin).get(f"{AUDIT}{money['id']}/").json()
    assert "ICBC" not in str(detail)
    gm = {e["action"]: e for e in api.as_(company.gm).get(AUDIT).json()["results"]}
    assert gm["money.record"]["extra"]["bank_ref"] == "ICBC-889900"
    client.force_login(company.admin.user)
    page = client.get("/audit/").content.decode()
    assert "ICBC-889900" not in page and "赵先生" not in page and "（业务数据）" in page
