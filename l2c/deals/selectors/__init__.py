"""Every read of deals beyond a trivial get: scoped through ``core.scope`` (BR-ORG-02)."""

from l2c.deals.selectors.discounts import discount_request_get, discount_request_list
from l2c.deals.selectors.opportunities import (
    FunnelStage,
    opportunity_funnel,
    opportunity_get,
    opportunity_list,
    stage_changes,
)
from l2c.deals.selectors.quotes import (
    quote_discount_requests,
    quote_get,
    quote_lines,
    quote_list,
    quote_revisions,
)
from l2c.deals.selectors.tenders import (
    CONFIDENTIAL,
    TenderClock,
    TenderTerms,
    can_see_price,
    shown_price,
    tender_bidders,
    tender_get,
    tender_list,
    tender_state,
    tender_steps,
    tender_terms,
    tender_todo,
)

__all__ = [
    "CONFIDENTIAL",
    "FunnelStage",
    "TenderClock",
    "TenderTerms",
    "can_see_price",
    "discount_request_get",
    "discount_request_list",
    "opportunity_funnel",
    "opportunity_get",
    "opportunity_list",
    "quote_discount_requests",
    "quote_get",
    "quote_lines",
    "quote_list",
    "quote_revisions",
    "shown_price",
    "stage_changes",
    "tender_bidders",
    "tender_get",
    "tender_list",
    "tender_state",
    "tender_steps",
    "tender_terms",
    "tender_todo",
]
