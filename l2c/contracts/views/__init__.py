"""Web pages of contracts (thin: services write, selectors read)."""

from l2c.contracts.views.contracts import (
    contract_borrow,
    contract_checklist,
    contract_detail,
    contract_list,
    contract_new,
    contract_pdf,
    contract_return,
    contract_sign,
    contract_submit,
    contract_update,
)
from l2c.contracts.views.other import (
    access_requests,
    archive_list,
    change_detail,
    change_list,
    change_new,
    contract_archive,
)
from l2c.contracts.views.reservations import (
    reservation_cancel,
    reservation_detail,
    reservation_list,
    reservation_new,
    reservation_pdf,
    reservation_revise,
)

__all__ = [
    "access_requests",
    "archive_list",
    "change_detail",
    "change_list",
    "change_new",
    "contract_archive",
    "contract_borrow",
    "contract_checklist",
    "contract_detail",
    "contract_list",
    "contract_new",
    "contract_pdf",
    "contract_return",
    "contract_sign",
    "contract_submit",
    "contract_update",
    "reservation_cancel",
    "reservation_detail",
    "reservation_list",
    "reservation_new",
    "reservation_pdf",
    "reservation_revise",
]
