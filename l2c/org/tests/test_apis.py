"""The organisation API (/api/v1/): people, roles, superiors, departments, the org chart,
absences, and the token login with its lock-out."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from l2c.audit.models import AuditLog
from l2c.core.roles import Role
from l2c.org import services
from l2c.org.models import DepartmentKind
from l2c.org.tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people/"
ABSENCES = "/api/v1/absences/"
TOKEN = "/api/v1/auth/token/"


def _person_url(p, suffix: str = "") -> str:
    return f"{PEOPLE}{p.pk}/{suffix}"


def _absence(company, who, *, day: int = 0, hours: int = 8, actor=None):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=day, hours=1)
    return services.absence_create(
        actor=(actor or company.admin).user,
        person=who,
        kind="leave",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        reason="事假",
    )


def _queries(client, url: str) -> tuple[int, dict]:
    client.get(url)  # warm up what is cached per user (the viewer's roles and scope)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


# --- token login and /me/ (BR-SEC-02) ----------------------------------------------------


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


# --- people -------------------------------------------------------------------------------


def test_people_list_shows_the_directory_with_roles_and_places(company, api):
    response = api.as_(company.rep).get(PEOPLE, {"department": company.dept1.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    rep = next(p for p in body["results"] if p["username"] == "rep1a")
    assert rep["department_name"] == "销售1部"
    assert rep["team_name"] == "1组"
    assert rep["superior"] == company.supervisor1.pk
    assert rep["superior_name"] == "主管1"
    assert rep["roles"] == [Role.REP]
    assert rep["version"] >= 1


def test_people_list_filters_by_role_and_search_and_paginates(company, api):
    api.as_(company.gm)
    reps = api.get(PEOPLE, {"role": Role.REP}).json()
    assert reps["count"] == 4
    assert {p["username"] for p in reps["results"]} == {"rep1a", "rep1b", "rep2a", "rep2b"}
    found = api.get(PEOPLE, {"search": "经理"}).json()
    assert {p["name"] for p in found["results"]} == {"经理1", "经理2"}
    page = api.get(PEOPLE, {"limit": 2, "offset": 0}).json()
    assert len(page["results"]) == 2
    assert page["next"]


def test_people_list_runs_the_same_queries_for_3_and_30_people(company, api):
    dept = services.department_create(
        actor=None, name="销售9部", code="S9", kind=DepartmentKind.SALES, parent=company.head
    )
    team = services.team_create(actor=None, department=dept, name="9组")

    def add(n: int) -> None:
        for _ in range(n):
            person(
                name="顾问",
                department=dept,
                team=team,
                roles=[Role.REP, Role.ASSISTANT],
                superior=company.manager1,
            )

    add(3)
    api.as_(company.gm)
    url = f"{PEOPLE}?department={dept.pk}&limit=100"
    few, body = _queries(api, url)
    assert body["count"] == 3
    add(27)
    many, body = _queries(api, url)
    assert body["count"] == 30
    assert many == few


def test_person_detail_and_unknown_person(company, api):
    api.as_(company.rep)
    assert api.get(_person_url(company.manager1)).json()["name"] == "经理1"
    missing = api.get(f"{PEOPLE}999999/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_admin_creates_a_person_who_can_then_log_in(company, api):
    response = api.as_(company.admin).post(
        PEOPLE,
        {
            "username": "newrep",
            "name": "新顾问",
            "department": company.dept1.pk,
            "team": company.team1.pk,
            "superior": company.supervisor1.pk,
            "roles": [Role.REP],
            "password": "another-pass-2026",
            "mobile": "13800000001",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["username"] == "newrep"
    assert body["roles"] == [Role.REP]
    assert body["superior_name"] == "主管1"
    assert body["employee_no"]
    assert AuditLog.objects.filter(action="org.person.create", object_id=str(body["id"])).exists()
    login = api.post(TOKEN, {"username": "newrep", "password": "another-pass-2026"}, format="json")
    assert login.status_code == 200


def test_br_org_01_person_create_needs_a_superior(company, api):
    response = api.as_(company.admin).post(
        PEOPLE,
        {
            "username": "orphan",
            "name": "无上级",
            "department": company.dept1.pk,
            "roles": [Role.REP],
        },
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-ORG-01"
    assert response.json()["field"] == "superior"


def test_br_org_01_team_must_belong_to_the_department(company, api):
    response = api.as_(company.gm).post(
        PEOPLE,
        {
            "username": "wrongteam",
            "name": "错组",
            "department": company.dept1.pk,
            "team": company.team2.pk,
            "superior": company.supervisor1.pk,
            "roles": [Role.REP],
        },
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-ORG-01"


def test_person_create_validates_input_as_422_json(company, api):
    response = api.as_(company.admin).post(
        PEOPLE,
        {
            "username": "weak",
            "name": "弱口令",
            "department": company.dept1.pk,
            "superior": company.supervisor1.pk,
            "roles": ["king"],
            "password": "123",
        },
        format="json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert {"roles", "password"} <= set(body["fields"])


def test_duplicate_username_is_refused(company, api):
    response = api.as_(company.admin).post(
        PEOPLE,
        {
            "username": "rep1a",
            "name": "重名",
            "department": company.dept1.pk,
            "superior": company.supervisor1.pk,
            "roles": [Role.REP],
        },
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["field"] == "username"


def test_br_org_01_only_admin_or_gm_maintain_the_organisation(company, api):
    for who in (company.rep, company.manager1, company.director):
        api.as_(who)
        created = api.post(
            PEOPLE,
            {
                "username": "x",
                "name": "x",
                "department": company.dept1.pk,
                "superior": company.supervisor1.pk,
                "roles": [Role.REP],
            },
            format="json",
        )
        assert created.status_code == 403
        assert created.json()["rule"] == "BR-ORG-01"
        patched = api.patch(_person_url(company.rep), {"title": "x", "version": 1}, format="json")
        assert patched.status_code == 403


def test_patch_updates_the_person_and_bumps_the_version(company, api):
    api.as_(company.admin)
    before = api.get(_person_url(company.rep)).json()
    response = api.patch(
        _person_url(company.rep), {"title": "高级顾问", "version": before["version"]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == "高级顾问"
    assert response.json()["version"] == before["version"] + 1
    entry = AuditLog.objects.get(action="org.person.update", object_id=str(company.rep.pk))
    assert entry.changes == {"title": ["", "高级顾问"]}
    assert entry.actor_id == company.admin.user_id
    assert entry.ip == "127.0.0.1"


def test_br_sec_03_stale_version_patch_is_refused_with_409(company, api):
    api.as_(company.admin)
    seen = api.get(_person_url(company.rep)).json()["version"]
    first = api.patch(
        _person_url(company.rep), {"title": "高级顾问", "version": seen}, format="json"
    )
    assert first.status_code == 200
    second = api.patch(
        _person_url(company.rep), {"mobile": "13900000000", "version": seen}, format="json"
    )
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "stale_version"
    assert body["rule"] == "BR-SEC-03"
    assert "刷新" in body["message"]
    current = api.get(_person_url(company.rep)).json()
    assert current["title"] == "高级顾问"  # the first change is not lost
    assert current["mobile"] == ""


def test_br_sec_03_patch_requires_the_version(company, api):
    response = api.as_(company.admin).patch(_person_url(company.rep), {"title": "x"}, format="json")
    assert response.status_code == 422
    assert "version" in response.json()["fields"]


def test_patch_refuses_a_team_of_another_department(company, api):
    api.as_(company.admin)
    version = api.get(_person_url(company.rep)).json()["version"]
    response = api.patch(
        _person_url(company.rep), {"team": company.team2.pk, "version": version}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-ORG-01"


def test_set_superior(company, api):
    api.as_(company.admin)
    version = api.get(_person_url(company.rep)).json()["version"]
    response = api.post(
        _person_url(company.rep, "superior/"),
        {"superior": company.supervisor2.pk, "version": version},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["superior_name"] == "主管2"
    assert AuditLog.objects.filter(action="org.person.set_superior", rule="BR-ORG-01").exists()


@pytest.mark.parametrize(
    ("who", "superior"),
    [
        ("manager1", "rep"),  # a cycle: manager1 → … → rep1a → manager1
        ("manager1", "admin"),  # a manager reports to the director or the VP
        ("gm", "vp"),  # the GM has no superior
        ("rep", None),  # everybody else has exactly one
    ],
)
def test_br_org_01_set_superior_keeps_one_superior_without_cycles(company, api, who, superior):
    target = getattr(company, who)
    api.as_(company.admin)
    version = api.get(_person_url(target)).json()["version"]
    response = api.post(
        _person_url(target, "superior/"),
        {"superior": getattr(company, superior).pk if superior else None, "version": version},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-ORG-01"


def test_br_sec_03_set_superior_with_a_stale_version_is_409(company, api):
    api.as_(company.admin)
    response = api.post(
        _person_url(company.rep, "superior/"),
        {"superior": company.supervisor2.pk, "version": 999},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"


def test_set_roles(company, api):
    api.as_(company.gm)
    response = api.put(
        _person_url(company.rep, "roles/"), {"roles": [Role.REP, Role.ASSISTANT]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["roles"] == [Role.REP, Role.ASSISTANT]
    again = api.put(_person_url(company.rep, "roles/"), {"roles": [Role.ASSISTANT]}, format="json")
    assert again.json()["roles"] == [Role.ASSISTANT]


@pytest.mark.parametrize("roles", [[], [Role.GM]])
def test_br_org_01_roles_at_least_one_and_a_single_gm(company, api, roles):
    response = api.as_(company.admin).put(
        _person_url(company.rep, "roles/"), {"roles": roles}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-ORG-01"


def test_br_org_01_the_gm_role_cannot_be_removed(company, api):
    response = api.as_(company.admin).put(
        _person_url(company.gm, "roles/"), {"roles": [Role.VP]}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-ORG-01"


def test_set_roles_is_for_admin_and_gm_only(company, api):
    response = api.as_(company.manager1).put(
        _person_url(company.rep, "roles/"), {"roles": [Role.SUPERVISOR]}, format="json"
    )
    assert response.status_code == 403


# --- departments and org chart ----------------------------------------------------------


def test_departments_list_with_teams_and_headcount(company, api):
    response = api.as_(company.rep).get("/api/v1/departments/")
    assert response.status_code == 200
    by_code = {d["code"]: d for d in response.json()}
    sales1 = by_code["S1"]
    assert sales1["name"] == "销售1部"
    assert sales1["kind"] == DepartmentKind.SALES
    assert sales1["parent_name"] == "总经办"
    assert sales1["headcount"] == 5
    assert sales1["teams"] == [
        {
            "id": company.team1.pk,
            "name": "1组",
            "leader": company.supervisor1.pk,
            "leader_name": "主管1",
            "version": sales1["teams"][0]["version"],
        }
    ]


def test_org_chart_is_the_reporting_tree(company, api):
    response = api.as_(company.rep).get("/api/v1/org-chart/")
    assert response.status_code == 200
    roots = response.json()
    assert [r["name"] for r in roots] == ["陈总"]

    def find(nodes, name):
        for node in nodes:
            if node["name"] == name:
                return node
            hit = find(node["children"], name)
            if hit:
                return hit
        return None

    director = find(roots, "周总监")
    assert {c["name"] for c in director["children"]} == {"经理1", "经理2"}
    rep = find(roots, "顾问1a")
    assert rep["children"] == []
    assert rep["roles"] == [Role.REP]


def test_org_chart_runs_a_fixed_number_of_queries(company, api):
    api.as_(company.gm)
    few, _ = _queries(api, "/api/v1/org-chart/")
    for _ in range(10):
        person(
            name="顾问",
            department=company.dept1,
            team=company.team1,
            roles=[Role.REP],
            superior=company.supervisor1,
        )
    many, _ = _queries(api, "/api/v1/org-chart/")
    assert many == few


# --- absences (BR-ORG-02, BR-ORG-03) ------------------------------------------------------


def test_br_org_02_rep_sees_only_own_absences_via_api(company, api):
    own = _absence(company, company.rep)
    _absence(company, company.reps1[1])
    _absence(company, company.reps2[0])
    body = api.as_(company.rep).get(ABSENCES).json()
    assert body["count"] == 1
    assert [a["id"] for a in body["results"]] == [own.pk]
    assert body["results"][0]["person_name"] == "顾问1a"
    assert body["results"][0]["created_by_name"] == "孙管理"


def test_br_org_02_absences_follow_the_data_scope(company, api):
    _absence(company, company.rep)
    _absence(company, company.reps1[1])
    _absence(company, company.reps2[0])
    _absence(company, company.manager2)

    def names(who) -> set[str]:
        return {a["person_name"] for a in api.as_(who).get(ABSENCES).json()["results"]}

    assert names(company.supervisor1) == {"顾问1a", "顾问1b"}
    assert names(company.manager2) == {"顾问2a", "经理2"}
    assert names(company.director) == {"顾问1a", "顾问1b", "顾问2a", "经理2"}
    assert names(company.gm) == {"顾问1a", "顾问1b", "顾问2a", "经理2"}


def test_br_org_02_cancel_of_an_absence_out_of_scope_is_404(company, api):
    absence = _absence(company, company.reps1[1])
    response = api.as_(company.rep).post(f"{ABSENCES}{absence.pk}/cancel/")
    assert response.status_code == 404


def test_absences_list_filters_person_and_current(company, api):
    _absence(company, company.rep)
    _absence(company, company.rep, day=3)
    start = timezone.now() - dt.timedelta(hours=1)
    services.absence_create(
        actor=company.admin.user,
        person=company.reps1[1],
        kind="out",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
    )
    api.as_(company.supervisor1)
    assert api.get(ABSENCES, {"person": company.rep.pk}).json()["count"] == 2
    current = api.get(ABSENCES, {"current_only": "true"}).json()
    assert [a["person_name"] for a in current["results"]] == ["顾问1b"]
    assert current["results"][0]["kind_label"] == "外出"


def test_rep_registers_own_absence(company, api):
    start = timezone.now() + dt.timedelta(days=1)
    response = api.as_(company.rep).post(
        ABSENCES,
        {
            "kind": "leave",
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=4)).isoformat(),
            "reason": "看病",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"] == company.rep.pk
    assert body["created_by"] == company.rep.user_id
    assert body["cancelled"] is False
    assert AuditLog.objects.filter(action="org.absence.create", rule="BR-ORG-03").exists()


def test_br_org_03_rep_cannot_register_a_colleagues_absence(company, api):
    start = timezone.now() + dt.timedelta(days=1)
    response = api.as_(company.rep).post(
        ABSENCES,
        {
            "person": company.reps1[1].pk,
            "kind": "leave",
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=4)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["rule"] == "BR-ORG-03"


def test_br_org_03_absence_must_end_after_it_starts_and_not_overlap(company, api):
    api.as_(company.supervisor1)
    start = timezone.now() + dt.timedelta(days=1)
    backwards = api.post(
        ABSENCES,
        {
            "person": company.rep.pk,
            "kind": "leave",
            "starts_at": start.isoformat(),
            "ends_at": (start - dt.timedelta(hours=1)).isoformat(),
        },
        format="json",
    )
    assert backwards.status_code == 422
    assert backwards.json()["rule"] == "BR-ORG-03"
    first = api.post(
        ABSENCES,
        {
            "person": company.rep.pk,
            "kind": "business",
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=8)).isoformat(),
        },
        format="json",
    )
    assert first.status_code == 201
    overlap = api.post(
        ABSENCES,
        {
            "person": company.rep.pk,
            "kind": "leave",
            "starts_at": (start + dt.timedelta(hours=2)).isoformat(),
            "ends_at": (start + dt.timedelta(hours=10)).isoformat(),
        },
        format="json",
    )
    assert overlap.status_code == 422
    assert overlap.json()["rule"] == "BR-ORG-03"


def test_superior_cancels_an_absence(company, api):
    absence = _absence(company, company.rep)
    response = api.as_(company.supervisor1).post(f"{ABSENCES}{absence.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["cancelled"] is True
    assert response.json()["version"] == absence.version + 1
    assert AuditLog.objects.filter(action="org.absence.cancel", object_id=str(absence.pk)).exists()


def test_absences_list_runs_the_same_queries_for_3_and_30_rows(company, api):
    people = [
        company.rep,
        company.reps1[1],
        company.reps2[0],
        company.reps2[1],
        company.supervisor1,
        company.manager2,
    ]

    def add(start: int, stop: int) -> None:
        for i in range(start, stop):
            _absence(
                company,
                people[i % len(people)],
                day=i,
                actor=company.gm if i % 2 else company.admin,
            )

    add(0, 3)
    api.as_(company.gm)
    few, body = _queries(api, f"{ABSENCES}?limit=100")
    assert body["count"] == 3
    add(3, 30)
    many, body = _queries(api, f"{ABSENCES}?limit=100")
    assert body["count"] == 30
    assert many == few
