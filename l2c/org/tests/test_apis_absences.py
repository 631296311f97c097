"""The absences API (BR-ORG-02, BR-ORG-03)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from l2c.audit.models import AuditLog
from l2c.org import services
from l2c.org.tests.api_helpers import ABSENCES, absence_for, count_queries

pytestmark = pytest.mark.django_db


def test_br_org_02_rep_sees_only_own_absences_via_api(company, api):
    own = absence_for(company, company.rep)
    absence_for(company, company.reps1[1])
    absence_for(company, company.reps2[0])
    body = api.as_(company.rep).get(ABSENCES).json()
    assert body["count"] == 1
    assert [a["id"] for a in body["results"]] == [own.pk]
    assert body["results"][0]["person_name"] == "顾问1a"
    assert body["results"][0]["created_by_name"] == "孙管理"


def test_br_org_02_absences_follow_the_data_scope(company, api):
    absence_for(company, company.rep)
    absence_for(company, company.reps1[1])
    absence_for(company, company.reps2[0])
    absence_for(company, company.manager2)

    def names(who) -> set[str]:
        return {a["person_name"] for a in api.as_(who).get(ABSENCES).json()["results"]}

    assert names(company.supervisor1) == {"顾问1a", "顾问1b"}
    assert names(company.manager2) == {"顾问2a", "经理2"}
    assert names(company.director) == {"顾问1a", "顾问1b", "顾问2a", "经理2"}
    assert names(company.gm) == {"顾问1a", "顾问1b", "顾问2a", "经理2"}


def test_br_org_02_cancel_of_an_absence_out_of_scope_is_404(company, api):
    absence = absence_for(company, company.reps1[1])
    response = api.as_(company.rep).post(f"{ABSENCES}{absence.pk}/cancel/")
    assert response.status_code == 404


def test_absences_list_filters_person_and_current(company, api):
    absence_for(company, company.rep)
    absence_for(company, company.rep, day=3)
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
    absence = absence_for(company, company.rep)
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
            absence_for(
                company,
                people[i % len(people)],
                day=i,
                actor=company.gm if i % 2 else company.admin,
            )

    add(0, 3)
    api.as_(company.gm)
    few, body = count_queries(api, f"{ABSENCES}?limit=100")
    assert body["count"] == 3
    add(3, 30)
    many, body = count_queries(api, f"{ABSENCES}?limit=100")
    assert body["count"] == 30
    assert many == few
