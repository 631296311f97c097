"""Departments with their teams, and the org chart."""

from __future__ import annotations

import pytest

from l2c.core.roles import Role
from l2c.org.models import DepartmentKind
from l2c.org.tests.api_helpers import count_queries
from l2c.org.tests.factories import person

pytestmark = pytest.mark.django_db


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
    few, _ = count_queries(api, "/api/v1/org-chart/")
    for _ in range(10):
        person(
            name="顾问",
            department=company.dept1,
            team=company.team1,
            roles=[Role.REP],
            superior=company.supervisor1,
        )
    many, _ = count_queries(api, "/api/v1/org-chart/")
    assert many == few
