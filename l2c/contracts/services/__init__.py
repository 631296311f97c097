"""Every write of contracts: reservations, contracts, confidential access, changes after
signing (BR-CON-01…07, BR-FIN-08 on the contract side). One business action = one service
= one transaction = one audit record."""

from l2c.contracts.services.access import (
    contract_access_on_outcome,
    contract_access_record,
    contract_access_request_create,
    contract_borrow,
    contract_return,
)
from l2c.contracts.services.changes import (
    contract_change_fee_paid,
    contract_change_fee_voided,
    contract_change_on_outcome,
    contract_change_request,
)
from l2c.contracts.services.contracts import (
    clean_payment_terms,
    contract_archive,
    contract_create,
    contract_deposit_converted,
    contract_on_outcome,
    contract_review_checklist,
    contract_sign,
    contract_submit_review,
    contract_update,
    refuse_second_conversion,
    review_complete,
)
from l2c.contracts.services.reservations import (
    reservation_cancel,
    reservation_create,
    reservation_mark_paid,
    reservation_revise,
)

__all__ = [
    "clean_payment_terms",
    "contract_access_on_outcome",
    "contract_access_record",
    "contract_access_request_create",
    "contract_archive",
    "contract_borrow",
    "contract_change_fee_paid",
    "contract_change_fee_voided",
    "contract_change_on_outcome",
    "contract_change_request",
    "contract_create",
    "contract_deposit_converted",
    "contract_on_outcome",
    "contract_return",
    "contract_review_checklist",
    "contract_sign",
    "contract_submit_review",
    "contract_update",
    "refuse_second_conversion",
    "reservation_cancel",
    "reservation_create",
    "reservation_mark_paid",
    "reservation_revise",
    "review_complete",
]
