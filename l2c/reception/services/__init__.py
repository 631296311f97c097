"""Every write of the reception desk: one business action = one service = one transaction =
one audit record."""

from l2c.reception.services.attribution import (
    answers_from,
    attribution_settle_on_deal,
    attribution_verify_complaint,
)
from l2c.reception.services.desk import desk_mark_back, desk_mark_out, roster_set
from l2c.reception.services.disputes import attribution_dispute, attribution_resolve
from l2c.reception.services.entries import (
    reception_mark_first_message_sent,
    reception_register_customer,
)
from l2c.reception.services.export import reception_register_export
from l2c.reception.services.receive import Received, attribution_decide, reception_receive

__all__ = [
    "Received",
    "answers_from",
    "attribution_decide",
    "attribution_dispute",
    "attribution_resolve",
    "attribution_settle_on_deal",
    "attribution_verify_complaint",
    "desk_mark_back",
    "desk_mark_out",
    "reception_mark_first_message_sent",
    "reception_receive",
    "reception_register_customer",
    "reception_register_export",
    "roster_set",
]
