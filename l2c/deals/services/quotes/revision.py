"""Any deviation from a reviewed or sent quote is a new revision that needs the review
again; the old one is superseded (BR-DEAL-03)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError
from l2c.deals.models import Quote, QuoteLine, QuoteStatus
from l2c.deals.policies import discount_authority
from l2c.deals.services._common import person_of, text
from l2c.deals.services.quotes.common import REVISABLE, RULE, TERMS, quote_locked_for
from l2c.deals.services.quotes.lines import apply_totals, build_lines, clean_terms, save_lines


def _line_dicts(quote: Quote) -> list[dict[str, Any]]:
    return [
        {
            "product": ln.product_id,
            "unit": ln.unit_id,
            "quantity": ln.quantity,
            "unit_price": ln.unit_price,
            "description": ln.description,
        }
        for ln in quote.lines.all()
    ]


def _same(a: list[dict[str, Any]], b: list[QuoteLine]) -> bool:
    key = lambda d: (d["product"], d["unit"], d["quantity"], Decimal(d["unit_price"]))  # noqa: E731
    return sorted(map(key, a)) == sorted(
        (ln.product_id, ln.unit_id, ln.quantity, ln.unit_price) for ln in b
    )


@transaction.atomic
def quote_revise(*, actor, quote_id: int, changes: dict[str, Any], reason: str) -> Quote:
    """Any deviation from a reviewed or sent quote (BR-DEAL-03): a new revision
    (``previous`` = the old one, number ``<first number>-R<n>``) that needs the manager's
    review again; the old one is superseded. ``changes`` may hold ``lines`` (the whole new
    list) and any of the terms."""
    old = quote_locked_for(actor, quote_id)
    if old.status not in REVISABLE:
        raise ConflictError(
            RULE,
            _("%(s)s的报价单不能修订。") % {"s": old.get_status_display()},
            code="not_revisable",
        )
    reason = text(
        {"reason": reason}, "reason", rule=RULE, limit=200, label=_("变更原因"), required=True
    )
    changes = dict(changes or {})
    person = person_of(actor, rule=RULE)
    raw_lines = changes.pop("lines", None)
    old_lines = _line_dicts(old)
    lines = build_lines(
        raw_lines if raw_lines is not None else old_lines, discount_authority(person.role_codes)
    )
    terms = {key: getattr(old, key) for key in TERMS}
    terms.update(clean_terms(changes, partial=True))
    same_terms = all(terms[k] == getattr(old, k) for k in TERMS)
    if same_terms and _same(old_lines, lines):
        raise BusinessRuleError(RULE, _("修订内容与原报价相同。"), code="no_change")
    root = old
    while root.previous_id is not None:
        root = Quote.objects.only("id", "number", "previous_id").get(pk=root.previous_id)
    new = Quote(
        number=f"{root.number}-R{old.revision + 1}",
        opportunity_id=old.opportunity_id,
        customer_id=old.customer_id,
        revision=old.revision + 1,
        previous=old,
        deviation_reason=reason,
        owner_id=old.owner_id,
        department_id=old.department_id,
        team_id=old.team_id,
        **terms,
    )
    apply_totals(new, lines)
    new.save()
    save_lines(new, lines)
    previous_status = old.status
    old.status = QuoteStatus.SUPERSEDED
    old.save_versioned(update_fields=["status"])
    audit_record(
        actor=actor,
        action="quote.revise",
        obj=new,
        rule=RULE,
        changes={"total": [old.total, new.total], "revision": [old.revision, new.revision]},
        extra={"previous": old.pk, "previous_status": previous_status, "reason": reason},
    )
    return new
