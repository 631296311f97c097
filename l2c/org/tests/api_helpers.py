"""What the organisation API tests share: the endpoints, a person's URL, an absence
registered through the service, and the queries one GET runs."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from l2c.org import services

PEOPLE = "/api/v1/people/"
ABSENCES = "/api/v1/absences/"
TOKEN = "/api/v1/auth/token/"


def person_url(p, suffix: str = "") -> str:
    return f"{PEOPLE}{p.pk}/{suffix}"


def absence_for(company, who, *, day: int = 0, hours: int = 8, actor=None):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=day, hours=1)
    return services.absence_create(
        actor=(actor or company.admin).user,
        person=who,
        kind="leave",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        reason="事假",
    )


def count_queries(client, url: str) -> tuple[int, dict]:
    client.get(url)  # warm up what is cached per user (the viewer's roles and scope)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()
