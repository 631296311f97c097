"""Every write to customers and their ownership (BR-CUS-01…10, BR-ORG-03).

One business action = one service = one transaction = one audit record. Every owner change
also writes an :class:`OwnershipRecord` with its reason (BR-CUS-07).
"""

from l2c.customers.archive import customer_archive, customer_archive_request
from l2c.customers.services._common import (
    DESK_ROLES,
    EDITABLE_FIELDS,
    LEADER_ROLES,
    OWNER_ROLES,
    is_effectively_owned,
    terms,
)
from l2c.customers.services.confirmation import (
    confirmation_required,
    customer_confirm_registration,
    duplicate_confirm,
    effective_contact_time,
    require_confirmer,
)
from l2c.customers.services.editing import (
    customer_reveal,
    customer_update,
)
from l2c.customers.services.ownership import (
    customer_assign_by_attribution,
    customer_claim,
    customer_mark_deal,
    customer_record_contact,
    customer_set_lock,
    customer_transfer,
    customers_redistribute,
)
from l2c.customers.services.registration import (
    Registration,
    contact_add,
    contact_remove,
    contact_update,
    customer_register,
)

__all__ = [
    "DESK_ROLES",
    "EDITABLE_FIELDS",
    "LEADER_ROLES",
    "OWNER_ROLES",
    "Registration",
    "confirmation_required",
    "contact_add",
    "contact_remove",
    "contact_update",
    "customer_archive",
    "customer_archive_request",
    "customer_assign_by_attribution",
    "customer_claim",
    "customer_confirm_registration",
    "customer_mark_deal",
    "customer_record_contact",
    "customer_register",
    "customer_reveal",
    "customer_set_lock",
    "customer_transfer",
    "customer_update",
    "customers_redistribute",
    "duplicate_confirm",
    "effective_contact_time",
    "is_effectively_owned",
    "require_confirmer",
    "terms",
]
