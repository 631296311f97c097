"""Contracts (BR-CON-03…05, BR-FIN-08): prepared from a reservation, an accepted quote or
an awarded tender; classified standard or special from their deviations; a special one
goes through the ``special_contract`` chain; the supervisor's checklist; numbered AT
SIGNING inside the signing transaction (a rolled-back signing gives its number back);
archived by the 5th of the next month."""

from l2c.contracts.services.contracts.archive import ARCHIVERS, contract_archive
from l2c.contracts.services.contracts.common import CHECKLIST, EDITABLE, RULE, SPECIAL_ITEM
from l2c.contracts.services.contracts.drafting import contract_create, contract_update
from l2c.contracts.services.contracts.review import (
    contract_on_outcome,
    contract_review_checklist,
    contract_submit_review,
    review_complete,
)
from l2c.contracts.services.contracts.signing import (
    contract_deposit_converted,
    contract_sign,
    refuse_second_conversion,
)
from l2c.contracts.services.contracts.sources import clean_payment_terms

__all__ = [
    "ARCHIVERS",
    "CHECKLIST",
    "EDITABLE",
    "RULE",
    "SPECIAL_ITEM",
    "clean_payment_terms",
    "contract_archive",
    "contract_create",
    "contract_deposit_converted",
    "contract_on_outcome",
    "contract_review_checklist",
    "contract_sign",
    "contract_submit_review",
    "contract_update",
    "refuse_second_conversion",
    "review_complete",
]
