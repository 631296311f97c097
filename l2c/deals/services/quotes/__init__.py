"""Quotes (报价单, BR-DEAL-03, BR-CAT-02, BR-APR-02).

A quote is drafted with its lines (a unit or a product, the list price = its market price,
the unit price, the quantity), reviewed before it is sent through the approval kind
``quote`` (chain ``approvals.chain.quote``), and sent only when reviewed and — if a line is
below the quoting person's floor (``policies.line_floor``) — an approved discount request
made from it (``quote_request_discount``) covers the deepest line. The customer's answer is
recorded (accepted / declined). Any deviation from a reviewed or sent quote is a new
revision (``quote_revise``): the old one is superseded, the new one needs the review again.
"""

from l2c.deals.services.quotes.common import APPROVAL_KIND, EDITABLE, REVISABLE, RULE, TERMS
from l2c.deals.services.quotes.discount import discount_covered, quote_request_discount
from l2c.deals.services.quotes.drafting import (
    OUTCOME_STATUS,
    quote_create,
    quote_on_outcome,
    quote_submit,
    quote_update,
)
from l2c.deals.services.quotes.lines import MAX_LINES
from l2c.deals.services.quotes.revision import quote_revise
from l2c.deals.services.quotes.sending import quote_accept, quote_decline, quote_send

__all__ = [
    "APPROVAL_KIND",
    "EDITABLE",
    "MAX_LINES",
    "OUTCOME_STATUS",
    "REVISABLE",
    "RULE",
    "TERMS",
    "discount_covered",
    "quote_accept",
    "quote_create",
    "quote_decline",
    "quote_on_outcome",
    "quote_request_discount",
    "quote_revise",
    "quote_send",
    "quote_submit",
    "quote_update",
]
