"""Reads of tenders, scoped (BR-ORG-02) and — for the bid price — confidential to the bid
team and the GM until the opening (BR-DEAL-04)."""

from __future__ import annotations

import datetime as dt

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


def tender_todo(user):
    """The tender deadlines of the home page's to-do panel (BR-DEAL-04, 06), for the owner
    and the bid team: documents ready 2 days and the price 1 day before the opening (the
    price item only for those who may see it), and an awarded tender's contract within 30
    days of the notice. Two queries."""
    from django.urls import reverse
    from django.utils import timezone

    from l2c.core.todo import TodoItem, TodoSection
    from l2c.deals.models import TenderStatus
    from l2c.deals.policies import PREPARING

    if not getattr(user, "is_authenticated", False):
        return None
    mine = Q(owner_id=user.pk) | Q(
        pk__in=Tender.bid_team.through.objects.filter(user_id=user.pk).values("tender_id")
    )
    tenders = list(
        Tender.objects.filter(mine, status__in=[*PREPARING, TenderStatus.AWARDED])
        .prefetch_related("bid_team")
        .order_by("opening_at", "id")[:50]
    )
    if not tenders:
        return None
    now, terms = timezone.now(), tender_terms()
    items: list[TodoItem] = []
    for t in tenders:
        clock = tender_state(t, now, terms)
        url = reverse("deals:tender", args=[t.pk])
        if t.status in PREPARING:
            readiness = (
                (t.documents_ready_at, True, _("投标文件须完成：%(t)s"), clock.documents_due,
                 clock.documents_overdue),
                (t.price_ready_at, can_see_price(user, t), _("投标报价须确定：%(t)s"),
                 clock.price_due, clock.price_overdue),
            )  # fmt: skip
            items += [
                TodoItem(
                    title=title % {"t": t.title},
                    url=url,
                    due=timezone.localtime(due),
                    overdue=overdue,
                    note=t.number,
                )
                for ready_at, shown, title, due, overdue in readiness
                if ready_at is None and shown
            ]
        elif clock.status == TenderStatus.AWARDED and clock.contract_due is not None:
            items.append(
                TodoItem(
                    title=_("中标后签订合同：%(t)s") % {"t": t.title},
                    url=url,
                    due=clock.contract_due,
                    overdue=False,
                    note=_("还剩 %(n)s 天") % {"n": clock.contract_days_left},
                )
            )
    if not items:
        return None
    items.sort(key=lambda i: i.due if isinstance(i.due, dt.datetime) else _day_end(i.due))
    return TodoSection(
        key="deals.tenders",
        label=_("投标时限"),
        icon="hammer",
        order=55,
        items=items[:5],
        total=len(items),
        more_url=reverse("deals:tenders"),
    )


def _day_end(day):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))
