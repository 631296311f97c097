"""REST API of the approval engine (BR-APR-01…06): the requests a viewer may see, one
request's timeline and what the viewer may do on it, the actions (decide, transfer, add a
signer, copy, withdraw) and the approval inbox.

Thin: every write is one call to ``l2c.approvals.services``; every read goes through
``l2c.approvals.selectors``. People are named by their *person* id (the ids of
``/api/v1/people/``); the API turns them into the login accounts the engine works with.
Errors are ``{code, rule, message}`` JSON through ``l2c.core.api.exception_handler``.
"""

from l2c.approvals.apis.inbox import ApprovalInboxApi, ApprovalInboxCountsApi
from l2c.approvals.apis.requests import (
    ApprovalAddSignerApi,
    ApprovalCopyApi,
    ApprovalDecideApi,
    ApprovalRequestDetailApi,
    ApprovalRequestListApi,
    ApprovalTransferApi,
    ApprovalWithdrawApi,
)

__all__ = [
    "ApprovalAddSignerApi",
    "ApprovalCopyApi",
    "ApprovalDecideApi",
    "ApprovalInboxApi",
    "ApprovalInboxCountsApi",
    "ApprovalRequestDetailApi",
    "ApprovalRequestListApi",
    "ApprovalTransferApi",
    "ApprovalWithdrawApi",
]
