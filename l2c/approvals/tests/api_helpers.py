"""What the approvals API tests share: the endpoints, a request submitted, an action
posted, the queries one GET runs and the error body of a refusal."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.approvals import services as engine
from l2c.approvals.tests.conftest import make_document

REQUESTS = "/api/v1/approvals/requests/"
INBOX = "/api/v1/approvals/inbox/"
COUNTS = "/api/v1/approvals/inbox/counts/"
HUGE = 10**30


def url(request, action: str = "") -> str:
    pk = request if isinstance(request, int) else request.pk
    return f"{REQUESTS}{pk}/{action + '/' if action else ''}"


def submit(requester, *, title="流程变更申请", facts=None):
    doc = make_document(requester)
    return engine.approval_submit(
        actor=requester.user, kind="process_change", obj=doc, title=title, facts=facts or {}
    )


def post(api, person, request, action: str, data: dict):
    return api.as_(person).post(url(request, action), data, format="json")


def count_queries(client, path: str) -> tuple[int, dict]:
    client.get(path)  # warm up what is cached per user (the viewer's roles and scope)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


def error_body(response, status: int, rule: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert {"code", "rule", "message"} <= set(body)
    if rule is not None:
        assert body["rule"] == rule
    return body
