"""The people API: the directory, one person, creating and editing people, their
superior and roles (BR-ORG-01, BR-SEC-03)."""

from __future__ import annotations

import pytest

from l2c.audit.models import AuditLog
from l2c.core.roles import Role
from l2c.org import services
from l2c.org.models import DepartmentKind
from l2c.org.tests.api_helpers import PEOPLE, TOKEN, count_queries, person_url
from l2c.org.tests.factories import person

pytestmark = pytest.mark.django_db


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
    few, body = count_queries(api, url)
    assert body["count"] == 3
    add(27)
    many, body = count_queries(api, url)
    assert body["count"] == 30
    assert many == few


def test_person_detail_and_unknown_person(company, api):
    api.as_(company.rep)
    assert api.get(person_url(company.manager1)).json()["name"] == "经理1"
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
        patched = api.patch(person_url(company.rep), {"title": "x", "version": 1}, format="json")
        assert patched.status_code == 403


def test_patch_updates_the_person_and_bumps_the_version(company, api):
    api.as_(company.admin)
    before = api.get(person_url(company.rep)).json()
    response = api.patch(
        person_url(company.rep), {"title": "高级顾问", "version": before["version"]}, format="json"
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
    seen = api.get(person_url(company.rep)).json()["version"]
    first = api.patch(
        person_url(company.rep), {"title": "高级顾问", "version": seen}, format="json"
    )
    assert first.status_code == 200
    second = api.patch(
        person_url(company.rep), {"mobile": "13900000000", "version": seen}, format="json"
    )
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "stale_version"
    assert body["rule"] == "BR-SEC-03"
    assert "刷新" in body["message"]
    current = api.get(person_url(company.rep)).json()
    assert current["title"] == "高级顾问"  # the first change is not lost
    assert current["mobile"] == ""


def test_br_sec_03_patch_requires_the_version(company, api):
    response = api.as_(company.admin).patch(person_url(company.rep), {"title": "x"}, format="json")
    assert response.status_code == 422
    assert "version" in response.json()["fields"]


def test_patch_refuses_a_team_of_another_department(company, api):
    api.as_(company.admin)
    version = api.get(person_url(company.rep)).json()["version"]
    response = api.patch(
        person_url(company.rep), {"team": company.team2.pk, "version": version}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-ORG-01"


def test_set_superior(company, api):
    api.as_(company.admin)
    version = api.get(person_url(company.rep)).json()["version"]
    response = api.post(
        person_url(company.rep, "superior/"),
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
    version = api.get(person_url(target)).json()["version"]
    response = api.post(
        person_url(target, "superior/"),
        {"superior": getattr(company, superior).pk if superior else None, "version": version},
        format="json",
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-ORG-01"


def test_br_sec_03_set_superior_with_a_stale_version_is_409(company, api):
    api.as_(company.admin)
    response = api.post(
        person_url(company.rep, "superior/"),
        {"superior": company.supervisor2.pk, "version": 999},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"


def test_set_roles(company, api):
    api.as_(company.gm)
    response = api.put(
        person_url(company.rep, "roles/"), {"roles": [Role.REP, Role.ASSISTANT]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["roles"] == [Role.REP, Role.ASSISTANT]
    again = api.put(person_url(company.rep, "roles/"), {"roles": [Role.ASSISTANT]}, format="json")
    assert again.json()["roles"] == [Role.ASSISTANT]


@pytest.mark.parametrize("roles", [[], [Role.GM]])
def test_br_org_01_roles_at_least_one_and_a_single_gm(company, api, roles):
    response = api.as_(company.admin).put(
        person_url(company.rep, "roles/"), {"roles": roles}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-ORG-01"


def test_br_org_01_the_gm_role_cannot_be_removed(company, api):
    response = api.as_(company.admin).put(
        person_url(company.gm, "roles/"), {"roles": [Role.VP]}, format="json"
    )
    assert response.status_code == 422
    assert response.json()["rule"] == "BR-ORG-01"


def test_set_roles_is_for_admin_and_gm_only(company, api):
    response = api.as_(company.manager1).put(
        person_url(company.rep, "roles/"), {"roles": [Role.SUPERVISOR]}, format="json"
    )
    assert response.status_code == 403
