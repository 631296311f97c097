"""Receivables (BR-FIN-03, 04, 05): a contract's payment plan and the events its milestones
wait for (``plan``), money received against a milestone (``payments``) and breach handling of
a contract in default (``breach``)."""

from l2c.finance.services.receivables.breach import (
    breach_close,
    breach_open,
    breach_step_record,
)
from l2c.finance.services.receivables.payments import milestone_payment_receive
from l2c.finance.services.receivables.plan import (
    contract_event_record,
    contract_settlement_record,
    payment_plan_from_terms,
    payment_plan_set,
)

__all__ = [
    "breach_close",
    "breach_open",
    "breach_step_record",
    "contract_event_record",
    "contract_settlement_record",
    "milestone_payment_receive",
    "payment_plan_from_terms",
    "payment_plan_set",
]
