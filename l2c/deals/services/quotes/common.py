"""What every quote service shares: the rule, the statuses that may be edited or
revised, the terms, and the quote locked for its quoting person (BR-DEAL-03)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from l2c.core.errors import PermissionDeniedError
from l2c.core.scope import can_see
from l2c.deals.models import Quote, QuoteStatus
from l2c.deals.services._common import is_leader_over, locked

RULE = "BR-DEAL-03"
APPROVAL_KIND = "quote"
EDITABLE = frozenset({QuoteStatus.DRAFT, QuoteStatus.REJECTED})
#: what a revision may start from: any quote the manager has passed (BR-DEAL-03)
REVISABLE = frozenset(
    {QuoteStatus.REVIEWED, QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED}
)
TERMS = ("valid_until", "payment_terms", "delivery_terms", "tech_input", "purchasing_input")


def quote_locked_for(actor, quote_id, *, leaders: bool = False) -> Quote:
    quote = locked(Quote, quote_id, rule=RULE, message=_("未找到该报价单。"))
    if quote.owner_id == actor.pk or (leaders and is_leader_over(actor, quote)):
        return quote
    if can_see(actor, quote):
        raise PermissionDeniedError(RULE, _("只有报价人可以操作这张报价单。"))
    raise PermissionDeniedError(RULE, _("您没有执行此操作的权限。"))
