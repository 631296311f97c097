"""Every write of the approval engine (BR-APR-01…06).

One business action = one service = one transaction = one audit record. Each service locks
the request row first (``select_for_update``), so two approvers deciding the same 或签
step at the same moment are serialised and exactly one decision counts (the other gets a
409 naming who decided).
"""

from l2c.approvals.services._common import notify_people, person_name, record_event, request_url
from l2c.approvals.services.decisions import (
    approval_add_signer,
    approval_cancel,
    approval_copy,
    approval_decide,
    approval_mark_copy_read,
    approval_transfer,
    approval_withdraw,
    ensure_editable,
)
from l2c.approvals.services.rounds import approval_submit

__all__ = [
    "approval_add_signer",
    "approval_cancel",
    "approval_copy",
    "approval_decide",
    "approval_mark_copy_read",
    "approval_submit",
    "approval_transfer",
    "approval_withdraw",
    "ensure_editable",
    "notify_people",
    "person_name",
    "record_event",
    "request_url",
]
