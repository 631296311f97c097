"""Reads of quotes, scoped (BR-ORG-02)."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from l2c.approvals import selectors as approval_selectors
from l2c.core.errors import NotFoundError
from l2c.core.scope import visible_to
from l2c.deals.models import DiscountRequest, Quote, QuoteLine

APPROVAL_KIND = "quote"


def quote_list(*, viewer, status: str | None = None, opportunity_id=None) -> QuerySet[Quote]:
    """Quotes in scope, each with its review request id and its latest discount request's
    status — one query."""
    latest_discount = DiscountRequest.objects.filter(quote=OuterRef("pk")).order_by("-id")
    qs = Quote.objects.select_related("customer", "owner__person", "opportunity").annotate(
        discount_status=Subquery(latest_discount.values("status")[:1])
    )
    if status:
        qs = qs.filter(status=status)
    if opportunity_id:
        qs = qs.filter(opportunity_id=opportunity_id)
    qs = approval_selectors.with_approval_request_id(qs, APPROVAL_KIND)
    return visible_to(viewer, qs).order_by("-created_at", "-id")


def quote_get(*, viewer, quote_id) -> Quote:
    try:
        return quote_list(viewer=viewer).select_related("previous").get(pk=int(quote_id))
    except (Quote.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-DEAL-03", _("未找到该报价单。")) from exc


def quote_lines(quote: Quote) -> QuerySet[QuoteLine]:
    return quote.lines.select_related("product", "unit").order_by("id")


def quote_discount_requests(quote: Quote) -> QuerySet[DiscountRequest]:
    return quote.discount_requests.select_related("owner__person").order_by("-id")


def quote_revisions(quote: Quote) -> list[Quote]:
    """The quote's revisions, the first first (a few queries: revisions are few)."""
    chain = [quote]
    current = quote
    while current.previous_id is not None and len(chain) < 100:
        current = Quote.objects.get(pk=current.previous_id)
        chain.append(current)
    chain.reverse()
    later = Quote.objects.filter(previous=quote).first()
    while later is not None and len(chain) < 200:
        chain.append(later)
        later = Quote.objects.filter(previous=later).first()
    return chain
