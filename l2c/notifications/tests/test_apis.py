"""The inbox API (/api/v1/notifications/, BR-RPT-07): own notifications only, fixed queries."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.notifications.services import notify

pytestmark = pytest.mark.django_db

LIST = "/api/v1/notifications/"
COUNT = "/api/v1/notifications/unread-count/"
READ_ALL = "/api/v1/notifications/read-all/"


def _read(pk) -> str:
    return f"/api/v1/notifications/{pk}/read/"


def _send(user, n: int, *, start: int = 0) -> list:
    rows = []
    for i in range(start, start + n):
        rows += notify(
            recipients=[user],
            kind="approval.task",
            title=f"待审批 {i}",
            body="请审批",
            url=f"/approvals/{i}/",
            key=f"approval:{i}:task",
        )
    return rows


def _queries(client, url: str) -> tuple[int, dict]:
    client.get(url)  # warm up what is cached per user
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def test_br_rpt_07_api_lists_own_notifications_newest_first(company, api):
    _send(company.rep.user, 3)
    _send(company.reps1[1].user, 2, start=10)
    body = api.as_(company.rep).get(LIST).json()
    assert body["count"] == 3
    assert [n["title"] for n in body["results"]] == ["待审批 2", "待审批 1", "待审批 0"]
    first = body["results"][0]
    assert first["kind"] == "approval.task" and first["kind_label"] == "待审批"
    assert first["url"] == "/approvals/2/" and first["is_read"] is False
    assert first["read_at"] is None
    # a company-wide role sees only their own inbox too
    assert api.as_(company.gm).get(LIST).json()["count"] == 0


def test_br_rpt_07_api_unread_filter_count_and_mark_read(company, api):
    rows = _send(company.rep.user, 3)
    client = api.as_(company.rep)
    assert client.get(COUNT).json() == {"count": 3}
    response = client.post(_read(rows[0].pk))
    assert response.status_code == 200
    assert response.json()["is_read"] is True and response.json()["read_at"]
    assert client.get(COUNT).json() == {"count": 2}
    unread = client.get(LIST + "?unread=true").json()
    assert unread["count"] == 2
    assert rows[0].pk not in {n["id"] for n in unread["results"]}
    assert client.get(LIST + "?unread=false").json()["count"] == 3
    assert client.post(READ_ALL).json() == {"marked": 2}
    assert client.post(READ_ALL).json() == {"marked": 0}
    assert client.get(COUNT).json() == {"count": 0}


def test_br_rpt_07_api_cannot_read_someone_elses_notification(company, api):
    (theirs,) = _send(company.reps1[1].user, 1)
    response = api.as_(company.rep).post(_read(theirs.pk))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert api.as_(company.gm).post(_read(theirs.pk)).status_code == 404
    assert api.as_(company.rep).post(_read(9 * 10**30)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # read-all of one person leaves the others' inboxes alone
    api.as_(company.rep).post(READ_ALL)
    assert api.as_(company.reps1[1]).get(COUNT).json() == {"count": 1}


def test_br_rpt_07_api_needs_login(company, api):
    assert api.get(LIST).status_code in (401, 403)
    assert api.get(COUNT).status_code in (401, 403)
    assert api.post(READ_ALL).status_code in (401, 403)


def test_br_rpt_07_api_bad_filter_is_a_422_not_a_500(company, api):
    response = api.as_(company.rep).get(LIST + "?unread=maybe")
    assert response.status_code == 422
    assert api.as_(company.rep).get(LIST + "?limit=abc").status_code == 200


def test_notification_list_api_runs_a_fixed_number_of_queries(company, api):
    client = api.as_(company.rep)
    _send(company.rep.user, 3)
    few, body = _queries(client, LIST + "?limit=100")
    assert body["count"] == 3
    _send(company.rep.user, 27, start=3)
    many, body = _queries(client, LIST + "?limit=100")
    assert body["count"] == 30
    assert many == few, f"{few} queries for 3 notifications, {many} for 30"
    assert few == 2  # the page's count and the page
    count_queries, _ = _queries(client, COUNT)
    assert count_queries == 1


def test_notification_api_is_in_the_openapi_schema(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    paths = yaml.safe_load(target.read_text(encoding="utf-8"))["paths"]
    assert set(paths[LIST]) == {"get"}
    assert set(paths[COUNT]) == {"get"}
    assert set(paths[READ_ALL]) == {"post"}
    assert set(paths["/api/v1/notifications/{notification_id}/read/"]) == {"post"}
    assert paths[LIST]["get"]["tags"] == ["notifications"]
    assert {"limit", "offset", "unread"} <= {p["name"] for p in paths[LIST]["get"]["parameters"]}
