"""Reads of tenders, scoped (BR-ORG-02) and — for the bid price — confidential to the bid
team and the GM until the opening (BR-DEAL-04)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c.approvals import selectors as approval_selectors
from l2c.core.errors import NotFoundError
from l2c.core.roles import Role
from l2c.core.scope import scope_q, viewer_of
from l2c.deals.models import Tender, TenderBidder, TenderStep
from l2c.deals.policies import TenderClock, TenderTerms, tender_state, tender_terms
from l2c.deals.services.tenders import price_visible_to

APPROVAL_KIND = "bid_decision"
#: what everybody outside the bid team sees instead of the price
CONFIDENTIAL = gettext_lazy("保密")

__all__ = ["CONFIDENTIAL", "TenderClock", "TenderTerms", "tender_state", "tender_terms"]


def _visible(viewer, qs: QuerySet[Tender]) -> QuerySet[Tender]:
    """The data scope (owner, team, department, company-wide) plus the bid team: a member
    from another team (a tech engineer) sees the tenders they work on. Finance sees every
    tender: it pays and takes back the bid bonds (BR-DEAL-05) — not the price."""
    v = viewer_of(viewer)
    q = scope_q(v, Tender.scope)
    if q is None or Role.FINANCE in v.roles:
        return qs
    if v.user_id is not None:
        q |= Q(pk__in=Tender.bid_team.through.objects.filter(user_id=v.user_id).values("tender_id"))
    return qs.filter(q)


def tender_list(*, viewer, status: str | None = None) -> QuerySet[Tender]:
    qs = Tender.objects.select_related("customer", "owner__person").prefetch_related(
        "bid_team__person"
    )
    if status:
        qs = qs.filter(status=status)
    qs = approval_selectors.with_approval_request_id(qs, APPROVAL_KIND)
    return _visible(viewer, qs).order_by("-opening_at", "-id")


def tender_get(*, viewer, tender_id) -> Tender:
    try:
        return tender_list(viewer=viewer).get(pk=int(tender_id))
    except (Tender.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-DEAL-04", _("未找到该投标项目。")) from exc


def tender_steps(tender: Tender) -> QuerySet[TenderStep]:
    return tender.steps.select_related("actor__person").order_by("at", "id")


def tender_bidders(tender: Tender) -> QuerySet[TenderBidder]:
    return tender.bidders.order_by("price", "id")


def can_see_price(viewer, tender: Tender) -> bool:
    """Uses the prefetched bid team when there is one (no query per row on lists)."""
    team = {u.pk for u in tender.bid_team.all()}
    return price_visible_to(viewer, tender, team=team)


def shown_price(viewer, tender: Tender):
    """The bid price for this viewer: the amount, or 保密 (BR-DEAL-04)."""
    if tender.bid_price is None:
        return None
    return tender.bid_price if can_see_price(viewer, tender) else CONFIDENTIAL
