"""Every write to money (BR-FIN-01, 02, 06, 08). One business action = one service = one
transaction = one audit record.

Re-exports the receipts services. The bid-bond services live in ``services/bonds.py``
(owned by deals) and are imported from there directly — never from here.
"""

from l2c.finance.services.receipts import (
    DEPOSIT_KINDS,
    FINANCE_ROLES,
    RECEIVABLE_KINDS,
    clean_amount,
    deposit_convert,
    deposits_convert,
    may_void,
    money_receive,
    money_record_write,
    money_refund,
    money_void,
    require_finance,
)

__all__ = [
    "DEPOSIT_KINDS",
    "FINANCE_ROLES",
    "RECEIVABLE_KINDS",
    "clean_amount",
    "deposit_convert",
    "deposits_convert",
    "may_void",
    "money_receive",
    "money_record_write",
    "money_refund",
    "money_void",
    "require_finance",
]
