"""Every write of the approval engine (BR-APR-01…06).

One business action = one service = one transaction = one audit record. Each service locks
the request row first (``select_for_update``), so two approvers deciding the same 或签
step at the same moment are serialised and exactly one decision counts (the other gets a
409 naming who decided).
"""

from l2c.approvals.services import decisions
from l2c.approvals.services._common import notify_people, person_name, record_event, request_url
from l2c.approvals.services.decisions import *  # noqa: F403 (the names of its __all__)
from l2c.approvals.services.rounds import approval_submit

__all__ = [
    *decisions.__all__,
    "approval_submit",
    "notify_people",
    "person_name",
    "record_event",
    "request_url",
]
