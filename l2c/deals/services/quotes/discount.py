"""A quote below the quoting person's floor and its discount request (BR-CAT-02,
BR-APR-02): whether an approved request covers the deepest line, and asking for one."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError
from l2c.deals.models import DiscountRequest, DiscountStatus, Quote, QuoteStatus
from l2c.deals.services._common import text
from l2c.deals.services.discounts import discount_request_submit
from l2c.deals.services.quotes.common import EDITABLE, quote_locked_for


def _lineage_ids(quote: Quote) -> list[int]:
    ids, current = [quote.pk], quote
    while current.previous_id is not None and len(ids) < 100:
        ids.append(current.previous_id)
        current = Quote.objects.only("id", "previous_id").get(pk=current.previous_id)
    return ids


def discount_covered(quote: Quote) -> bool:
    """An approved discount request of this quote (or of a revision it came from) covers
    its deepest line (BR-APR-02)."""
    if not quote.discount_needed:
        return True
    return DiscountRequest.objects.filter(
        quote_id__in=_lineage_ids(quote),
        status=DiscountStatus.APPROVED,
        discount_percent__gte=quote.max_discount_percent,
    ).exists()


@transaction.atomic
def quote_request_discount(*, actor, quote_id: int, reason: str = "") -> DiscountRequest:
    """A quote below the quoting person's floor asks for the discount (BR-CAT-02,
    BR-APR-02): a discount request copying the customer, the unit, the list price and the
    deepest line discount, linked to the quote and submitted into the discount chain."""
    quote = quote_locked_for(actor, quote_id)
    if quote.status not in EDITABLE | {QuoteStatus.IN_REVIEW, QuoteStatus.REVIEWED}:
        raise ConflictError(
            "BR-APR-02",
            _("%(s)s的报价单不能申请优惠。") % {"s": quote.get_status_display()},
            code="not_open",
        )
    if not quote.discount_needed:
        raise BusinessRuleError(
            "BR-APR-02", _("报价未低于您的底价，无需优惠审批。"), code="not_needed"
        )
    if discount_covered(quote):
        raise ConflictError("BR-APR-02", _("已有批准的优惠申请。"), code="covered")
    if quote.discount_requests.filter(status=DiscountStatus.IN_APPROVAL).exists():
        raise ConflictError("BR-APR-02", _("该报价单的优惠申请正在审批中。"), code="in_approval")
    reason = text({"reason": reason}, "reason", rule="BR-APR-02", limit=2000, label=_("申请理由"))
    lines = list(quote.lines.select_related("unit", "product"))
    units = [ln.unit for ln in lines if ln.unit_id]
    first = lines[0]
    if len(lines) == 1:
        label = first.unit.code if first.unit is not None else first.product.name
    else:
        label = _("%(n)s 等 %(c)s 项") % {"n": lines[0].description, "c": len(lines)}
    dr = DiscountRequest.objects.create(
        customer_name=quote.customer.name[:60],
        unit_label=label[:60],
        list_price=quote.list_total,
        discount_percent=quote.max_discount_percent,
        reason=reason or _("报价单 %(n)s 低于底价") % {"n": quote.number},
        owner=actor,
        department_id=quote.department_id,
        team_id=quote.team_id,
        customer_id=quote.customer_id,
        unit=units[0] if len(units) == 1 and len(lines) == 1 else None,
        quote=quote,
    )
    audit_record(
        actor=actor,
        action="quote.request_discount",
        obj=quote,
        rule="BR-APR-02",
        extra={"discount_request": dr.pk, "discount_percent": dr.discount_percent},
    )
    return discount_request_submit(actor=actor, discount=dr)
