"""Reservations (预定书/认购书, BR-CON-01/02, BR-CAT-03, BR-CUS-06, BR-CON-07 before contract).

A reservation is signed when it is created — in ONE transaction with the sales-control
move of its unit (``catalog.unit_reserve``, which locks the unit row): if the unit is not
available, nothing is written and its number is given back. It is never altered after
signing: a change is a new version (same number, ``version_no + 1``) with the reason.
"""

from l2c.contracts.services.reservations.cancellation import cancel_reservation, reservation_cancel
from l2c.contracts.services.reservations.checks import OPEN, RULE, check_deposit, check_price
from l2c.contracts.services.reservations.payment import reservation_mark_paid
from l2c.contracts.services.reservations.revision import REVISABLE, reservation_revise
from l2c.contracts.services.reservations.signing import reservation_create

__all__ = [
    "OPEN",
    "REVISABLE",
    "RULE",
    "cancel_reservation",
    "check_deposit",
    "check_price",
    "reservation_cancel",
    "reservation_create",
    "reservation_mark_paid",
    "reservation_revise",
]
