"""Customer pages (BR-CUS-01…10, BR-RPT-04…06): the list with its scope tabs, the public
pool, the customer page and its actions, the new customer form, Excel import and export."""

from l2c.customers.views.actions import (
    customer_archive_request_view,
    customer_archive_view,
    customer_claim,
    customer_confirm,
    customer_contact_add,
    customer_contact_edit,
    customer_contact_remove,
    customer_edit,
    customer_lock,
    customer_mark_lost,
    customer_reveal,
    customer_transfer,
    customer_unlock,
    duplicate_confirm,
)
from l2c.customers.views.excel import (
    customer_export,
    customer_import,
    customer_import_job,
    import_template,
)
from l2c.customers.views.pages import customer_detail, customer_list, customer_new, customer_pool

__all__ = [
    "customer_archive_request_view",
    "customer_archive_view",
    "customer_claim",
    "customer_confirm",
    "customer_contact_add",
    "customer_contact_edit",
    "customer_contact_remove",
    "customer_detail",
    "customer_edit",
    "customer_export",
    "customer_import",
    "customer_import_job",
    "customer_list",
    "customer_lock",
    "customer_mark_lost",
    "customer_new",
    "customer_pool",
    "customer_reveal",
    "customer_transfer",
    "customer_unlock",
    "duplicate_confirm",
    "import_template",
]
