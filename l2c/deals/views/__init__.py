"""Web pages of deals: opportunities, quotes, tenders and discount requests."""

from l2c.deals.views.discounts import (
    discount_detail,
    discount_list,
    discount_new,
    discount_submit,
)
from l2c.deals.views.opportunities import (
    opportunity_detail,
    opportunity_list,
    opportunity_move,
    opportunity_new,
)
from l2c.deals.views.quotes import quote_action, quote_detail, quote_list, quote_new, quote_revise
from l2c.deals.views.tenders import tender_action, tender_detail, tender_list, tender_new

__all__ = [
    "discount_detail",
    "discount_list",
    "discount_new",
    "discount_submit",
    "opportunity_detail",
    "opportunity_list",
    "opportunity_move",
    "opportunity_new",
    "quote_action",
    "quote_detail",
    "quote_list",
    "quote_new",
    "quote_revise",
    "tender_action",
    "tender_detail",
    "tender_list",
    "tender_new",
]
