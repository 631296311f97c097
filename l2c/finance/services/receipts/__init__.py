"""Receipts: money received against reservations and contracts, refunds, deposit conversion
and voiding (BR-FIN-01, 02, 06, 08; money side of BR-CON-01, BR-CAT-03, BR-CON-07).

Only finance records money (002 art. 2 (七): 销售人员开认购书后，带客户到财务交缴定金，不得私自
收取). Every record gets the next receipt number in its own transaction (BR-CON-05, no gaps);
a bank reference counts once (BR-FIN-06), enforced by the partial unique index on
``bank_ref`` so two cashiers entering the same transfer at the same moment still produce one
record. A deposit converts into the price only against the returned receipt (002 art. 8 七
13: 将定金条交回财务收银处，未上交的，定金不计入车款总额).

Finance is later in the flow than contracts, so it tells contracts what happened through
their services (``reservation_mark_paid``, ``contract_deposit_converted``).
"""

from l2c.finance.services.receipts.common import (
    DEPOSIT_KINDS,
    FINANCE_ROLES,
    FUTURE_SLACK,
    MAX_AMOUNT,
    RECEIVABLE_KINDS,
    clean_amount,
    require_finance,
)
from l2c.finance.services.receipts.conversion import deposit_convert, deposits_convert
from l2c.finance.services.receipts.receiving import money_receive
from l2c.finance.services.receipts.recording import money_record_write
from l2c.finance.services.receipts.refunds import money_refund
from l2c.finance.services.receipts.voiding import may_void, money_void

__all__ = [
    "DEPOSIT_KINDS",
    "FINANCE_ROLES",
    "FUTURE_SLACK",
    "MAX_AMOUNT",
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
