"""Decisions and the other actions on a request in approval (BR-APR-01, 05, 06)."""

from l2c.approvals.services.decisions.closing import (
    approval_cancel,
    approval_withdraw,
    ensure_editable,
)
from l2c.approvals.services.decisions.deciding import approval_decide
from l2c.approvals.services.decisions.signers import (
    approval_add_signer,
    approval_copy,
    approval_mark_copy_read,
    approval_transfer,
)

__all__ = [
    "approval_add_signer",
    "approval_cancel",
    "approval_copy",
    "approval_decide",
    "approval_mark_copy_read",
    "approval_transfer",
    "approval_withdraw",
    "ensure_editable",
]
