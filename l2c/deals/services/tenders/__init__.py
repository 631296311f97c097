"""Tenders (投标, BR-DEAL-02, 04, 05, 06), from the notice to the award.

tender notice → the rep reports it (the department's managers are told at once) → the
bid decision through the approval kind ``bid_decision`` (the manager; the GM too above
``deals.gm_bid_threshold``) → documents bought and registration → bid bond (recorded by
finance, ``l2c.finance.services.bonds``) → site survey → solution → review → bid
documents ready 2 days and the price 1 day before the opening (late readiness is recorded
as a violation) → submitted → the opening record of every bidder → won or lost → publicity
(5–7 days) → award notice → the contract within 30 days (``tender_mark_contracted``, called
by the contracts app) or the award lapses (derived from the dates; ``tasks`` records it).

The bid price is confidential to the bid team (and the GM, who decides large bids) until
the opening, when the opening record makes every bidder's price public.
"""

from l2c.deals.services.tenders.award import tender_mark_contracted, tender_record_award
from l2c.deals.services.tenders.bonds import tender_bond_recorded, tender_record_service_fee
from l2c.deals.services.tenders.common import (
    APPROVAL_KIND,
    MAX_TEAM,
    NOT_FOUND,
    RULE,
    RULE_AWARD,
    RULE_REPORT,
    WON_STATUSES,
    on_team,
    price_visible_to,
    team_ids,
    tender_locked,
)
from l2c.deals.services.tenders.decision import (
    OUTCOME_STATUS,
    tender_decide,
    tender_on_outcome,
    tender_report,
)
from l2c.deals.services.tenders.opening import (
    MAX_BIDDERS,
    tender_record_opening,
    tender_record_result,
)
from l2c.deals.services.tenders.preparation import (
    ONCE,
    SIMPLE_STEPS,
    tender_record_step,
    tender_set_price,
    tender_set_team,
)

__all__ = [
    "APPROVAL_KIND",
    "MAX_BIDDERS",
    "MAX_TEAM",
    "NOT_FOUND",
    "ONCE",
    "OUTCOME_STATUS",
    "RULE",
    "RULE_AWARD",
    "RULE_REPORT",
    "SIMPLE_STEPS",
    "WON_STATUSES",
    "on_team",
    "price_visible_to",
    "team_ids",
    "tender_bond_recorded",
    "tender_decide",
    "tender_locked",
    "tender_mark_contracted",
    "tender_on_outcome",
    "tender_record_award",
    "tender_record_opening",
    "tender_record_result",
    "tender_record_service_fee",
    "tender_record_step",
    "tender_report",
    "tender_set_price",
    "tender_set_team",
]
