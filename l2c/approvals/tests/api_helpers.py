"""What the approvals API tests share: the endpoints, a request submitted, an action
posted, the queries one GET runs and the error body of a refusal."""

from __future__ import annotations

from l2c.approvals import services as engine
from l2c.approvals.tests.conftest import make_document
from l2c.core.testing import api_error, queries_of

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


#: the warm query count of a GET, and the checked error body of a refusal (core.testing)
count_queries = queries_of
error_body = api_error
