"""What the contract services share: the rule, the statuses that may be edited, the
supervisor's checklist (BR-CON-03, 04)."""

from __future__ import annotations

from l2c.contracts.models import ContractStatus

RULE = "BR-CON-03"
EDITABLE = (ContractStatus.DRAFT, ContractStatus.REVIEW_REJECTED)
#: the checklist items every contract needs, and the one only a special contract needs
CHECKLIST = ("clauses_and_figures", "signatures_and_seals", "attachments")
SPECIAL_ITEM = "special_review_record"
