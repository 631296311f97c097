"""A reviewed quote sent to the customer (BR-DEAL-03, BR-APR-02) and the customer's
answer: accepted or declined."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError
from l2c.deals.models import Opportunity, Quote, QuoteStatus
from l2c.deals.services._common import text
from l2c.deals.services.opportunities import CLOSED_STAGES, advance_to_negotiation
from l2c.deals.services.quotes.common import RULE, quote_locked_for
from l2c.deals.services.quotes.discount import discount_covered


@transaction.atomic
def quote_send(*, actor, quote_id: int) -> Quote:
    """Send the quote to the customer: only when the review passed (BR-DEAL-03) and any
    discount below the floor is approved (BR-APR-02). The opportunity moves to 报价谈判."""
    quote = quote_locked_for(actor, quote_id)
    if quote.status != QuoteStatus.REVIEWED:
        raise ConflictError(
            RULE,
            _("报价单须经审核通过后才能发出（当前：%(s)s）。") % {"s": quote.get_status_display()},
            code="not_reviewed",
        )
    if not discount_covered(quote):
        raise BusinessRuleError(
            "BR-APR-02",
            _("报价低于您的底价（最大优惠 %(p)s%%），须先获批优惠申请才能发出。")
            % {"p": quote.max_discount_percent},
            code="discount_required",
        )
    opp = Opportunity.objects.select_for_update().get(pk=quote.opportunity_id)
    if opp.stage in CLOSED_STAGES:
        raise ConflictError(RULE, _("商机已结束，报价单不能发出。"), code="closed")
    now = timezone.now()
    quote.status = QuoteStatus.SENT
    quote.sent_at = now
    quote.save_versioned(update_fields=["status", "sent_at"])
    advance_to_negotiation(
        opp, actor=actor, at=now, reason=_("发出报价 %(n)s") % {"n": quote.number}
    )
    audit_record(
        actor=actor,
        action="quote.send",
        obj=quote,
        rule=RULE,
        changes={"status": [QuoteStatus.REVIEWED, QuoteStatus.SENT]},
    )
    return quote


def _answer(actor, quote_id: int, status: str, note: str, action: str) -> Quote:
    quote = quote_locked_for(actor, quote_id, leaders=True)
    if quote.status != QuoteStatus.SENT:
        raise ConflictError(
            RULE,
            _("只有已发出的报价单可以登记客户答复（当前：%(s)s）。")
            % {"s": quote.get_status_display()},
            code="not_sent",
        )
    quote.status = status
    quote.answered_at = timezone.now()
    quote.answer_note = note
    quote.save_versioned(update_fields=["status", "answered_at", "answer_note"])
    audit_record(
        actor=actor,
        action=action,
        obj=quote,
        rule=RULE,
        changes={"status": [QuoteStatus.SENT, status]},
        extra={"note": note} if note else None,
    )
    return quote


@transaction.atomic
def quote_accept(*, actor, quote_id: int, note: str = "") -> Quote:
    """The customer accepted the sent quote."""
    note = text({"note": note}, "note", rule=RULE, limit=200, label=_("说明"))
    return _answer(actor, quote_id, QuoteStatus.ACCEPTED, note, "quote.accept")


@transaction.atomic
def quote_decline(*, actor, quote_id: int, reason: str) -> Quote:
    """The customer declined the sent quote (the reason is recorded)."""
    reason = text(
        {"reason": reason}, "reason", rule=RULE, limit=200, label=_("原因"), required=True
    )
    return _answer(actor, quote_id, QuoteStatus.DECLINED, reason, "quote.decline")
