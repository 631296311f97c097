"""A quote drafted, changed and put to the review before sending (approval kind
``quote``, BR-DEAL-03): the review's outcome becomes the quote's status."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from l2c.approvals import services as approvals
from l2c.approvals.registry import Outcome
from l2c.approvals.services.documents import document_submit, follow_outcome
from l2c.audit.services import audit_record
from l2c.core.errors import ConflictError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.core.numbering import next_number
from l2c.core.scope import can_see
from l2c.deals.models import Opportunity, Quote, QuoteStatus
from l2c.deals.policies import discount_authority
from l2c.deals.services._common import SALES_ROLES, locked, person_of
from l2c.deals.services.opportunities import CLOSED_STAGES
from l2c.deals.services.quotes.common import EDITABLE, RULE, quote_locked_for
from l2c.deals.services.quotes.lines import apply_totals, build_lines, clean_terms, save_lines

#: the review's outcome → the quote's status (only while the quote is before sending)
OUTCOME_STATUS = {
    "in_approval": QuoteStatus.IN_REVIEW,
    "approved": QuoteStatus.REVIEWED,
    "rejected": QuoteStatus.REJECTED,
    "withdrawn": QuoteStatus.DRAFT,
    "cancelled": QuoteStatus.DRAFT,
}


@transaction.atomic
def quote_create(
    *, actor, opportunity_id: int, lines: list[dict[str, Any]], data: dict[str, Any] | None = None
) -> Quote:
    """A draft quote for an open opportunity of the actor's, numbered from policy
    (``numbering.formats`` → quote, per department, gapless)."""
    opp = locked(Opportunity, opportunity_id, rule=RULE, message=_("未找到该商机。"))
    if opp.owner_id != actor.pk:
        if can_see(actor, opp):
            raise PermissionDeniedError(RULE, _("只有商机负责人可以报价。"))
        raise PermissionDeniedError(RULE, _("您没有执行此操作的权限。"))
    if opp.stage in CLOSED_STAGES:
        raise ConflictError(RULE, _("已结束的商机不能再报价。"), code="closed")
    person = person_of(actor, rule=RULE, roles=SALES_ROLES)
    clean_lines = build_lines(lines, discount_authority(person.role_codes))
    terms = clean_terms(data or {}, partial=False)
    quote = Quote(
        number=next_number("quote", department_code=person.department.code),
        opportunity=opp,
        customer_id=opp.customer_id,
        owner=actor,
        department_id=person.department_id,
        team_id=person.team_id,
        **terms,
    )
    apply_totals(quote, clean_lines)
    quote.save()
    save_lines(quote, clean_lines)
    audit_record(
        actor=actor,
        action="quote.create",
        obj=quote,
        rule=RULE,
        changes={"total": [None, quote.total], "lines": [None, len(clean_lines)]},
    )
    return quote


@transaction.atomic
def quote_update(
    *,
    actor,
    quote_id: int,
    data: dict[str, Any] | None = None,
    lines: list[dict[str, Any]] | None = None,
    expected_version: int | None = None,
) -> Quote:
    """Change a draft (or rejected) quote; never while it is in review (BR-APR-06). A quote
    the manager passed changes only through a revision (``quote_revise``)."""
    quote = quote_locked_for(actor, quote_id)
    approvals.ensure_editable(quote)
    if quote.status not in EDITABLE:
        raise ConflictError(
            RULE,
            _("%(s)s的报价单不能直接修改：请修订，修订版须重新审核。")
            % {"s": quote.get_status_display()},
            code="not_editable",
        )
    quote.check_version(expected_version)
    terms = clean_terms(data or {}, partial=True)
    fields = list(terms)
    for key, value in terms.items():
        setattr(quote, key, value)
    if lines is not None:
        person = person_of(actor, rule=RULE)
        clean_lines = build_lines(lines, discount_authority(person.role_codes))
        apply_totals(quote, clean_lines)
        save_lines(quote, clean_lines)
        fields += ["list_total", "total", "discount_needed", "max_discount_percent"]
    if not fields:
        return quote
    quote.save_versioned(update_fields=fields)
    audit_record(
        actor=actor,
        action="quote.update",
        obj=quote,
        rule=RULE,
        changes={k: [None, getattr(quote, k)] for k in fields},
    )
    return quote


@transaction.atomic
def quote_submit(*, actor, quote_id: int) -> Quote:
    """Send the quote to the review before sending (approval kind ``quote``, BR-DEAL-03)."""
    quote = quote_locked_for(actor, quote_id)
    if quote.status not in EDITABLE:
        raise ConflictError(
            RULE,
            _("%(s)s的报价单不能提交审核。") % {"s": quote.get_status_display()},
            code="not_submittable",
        )
    title = _("报价审核：%(n)s %(c)s ¥%(t)s") % {
        "n": quote.number,
        "c": quote.customer.name,
        "t": yuan(quote.total),
    }
    return document_submit(
        actor=actor,
        doc=quote,
        title=title,
        facts={
            "amount": quote.total,
            "discount_percent": quote.max_discount_percent,
            "discount_needed": quote.discount_needed,
            "revision": quote.revision,
            # the chain asks the supervisor first only for a rep's quote (BR-APR-04)
            "requester_role": discount_authority(person_of(actor, rule=RULE).role_codes).role,
        },
    )


def quote_on_outcome(outcome: Outcome) -> None:
    """The review's state becomes the quote's (no audit row: the engine wrote one)."""
    quote: Quote = outcome.obj
    reviewing = quote.status in EDITABLE | {QuoteStatus.IN_REVIEW}
    fields = follow_outcome(
        quote, outcome, status=OUTCOME_STATUS.get(outcome.state) if reviewing else None
    )
    if fields:
        quote.save_versioned(update_fields=fields)
