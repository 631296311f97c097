"""Reads of follow-ups and the A/B tracking table (BR-CUS-02), scoped, in a fixed number
of queries; the customer page's timeline entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.activities.models import FollowUp, TrackingReview, VisitReport
from l2c.activities.selectors._scope import narrow
from l2c.core.errors import NotFoundError
from l2c.customers import selectors as customer_selectors
from l2c.customers.models import CardState, Customer

KIND_ICONS = {"call": "telephone", "visit": "geo-alt", "meeting": "people", "message": "chat-dots"}


def follow_up_list(
    *,
    viewer,
    scope: str = "mine",
    customer_id: int | None = None,
    kind: str | None = None,
    rep_id: int | None = None,
) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.select_related("customer", "rep__person", "visit_report")
    qs = narrow(qs, viewer, scope)
    if customer_id:
        qs = qs.filter(customer_id=customer_id)
    if kind:
        qs = qs.filter(kind=kind)
    if rep_id:
        qs = qs.filter(rep_id=rep_id)
    return qs.order_by("-at", "-id")


def follow_up_get(*, viewer, follow_up_id) -> FollowUp:
    try:
        return follow_up_list(viewer=viewer, scope="all").get(pk=int(follow_up_id))
    except (FollowUp.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-CUS-04", _("未找到该跟进记录。")) from exc


def customer_follow_ups(customer: Customer) -> QuerySet[FollowUp]:
    """Every follow-up of a customer the caller has checked the viewer may see (the
    customer's file shows its whole history, whoever followed up)."""
    return (
        FollowUp.objects.filter(customer=customer)
        .select_related("rep__person", "visit_report")
        .order_by("-at", "-id")
    )


def customer_reviews(customer: Customer) -> QuerySet[TrackingReview]:
    return (
        TrackingReview.objects.filter(customer=customer)
        .select_related("reviewer__person")
        .order_by("-at", "-id")
    )


# --- the tracking table (客户追踪表) --------------------------------------------------


def tracking_table(
    *, viewer, scope: str, flag: str = "", now: dt.datetime | None = None
) -> QuerySet[Customer]:
    """The A/B customers (policy ``customers.tracking_classes``) in the viewer's scope,
    each with its last follow-up, next planned date, number of follow-ups and last review
    — one query (plus the count)."""
    now = now or timezone.now()
    classes = list(policy.value("customers.tracking_classes", at=now))
    qs = customer_selectors.customer_list(viewer=viewer, scope=scope, now=now).filter(
        klass__in=classes
    )
    last = FollowUp.objects.filter(customer=OuterRef("pk")).order_by("-at", "-id")
    count = (
        FollowUp.objects.filter(customer=OuterRef("pk"))
        .order_by()
        .values("customer")
        .annotate(n=Count("id"))
        .values("n")
    )
    review = TrackingReview.objects.filter(customer=OuterRef("pk")).order_by("-at", "-id")
    qs = qs.annotate(
        last_follow_up_at=Subquery(last.values("at")[:1]),
        last_follow_up_kind=Subquery(last.values("kind")[:1]),
        next_follow_up_on=Subquery(last.values("next_date")[:1]),
        follow_up_count=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        last_review_at=Subquery(review.values("at")[:1]),
    )
    if flag == "overdue":
        ahead = dt.timedelta(days=policy.value("customers.drop_reminder_days", at=now))
        qs = qs.filter(
            Q(next_follow_up_on__lt=timezone.localdate(now))
            | Q(
                owner__isnull=False,
                void_at__lte=now + ahead,
                deal_at__isnull=True,
                locked=False,
            )
        )
    elif flag == "unreviewed":
        qs = qs.filter(last_follow_up_at__isnull=False).filter(
            Q(last_review_at__isnull=True) | Q(last_follow_up_at__gt=F("last_review_at"))
        )
    return qs


@dataclass(frozen=True)
class TrackingFlags:
    state: str
    state_label: str
    plan_overdue: bool  # the planned next follow-up date has passed
    deadline_soon: bool  # the card's follow-up deadline is near or passed (BR-CUS-04)
    unreviewed: bool  # follow-ups the supervisor has not reviewed yet (BR-CUS-02)

    @property
    def label(self) -> str:
        return self.state_label


def tracking_flags(customer: Customer, *, now: dt.datetime, ahead: dt.timedelta) -> TrackingFlags:
    """The row's flags, from the annotated values (no query)."""
    if customer.deal_at is not None:
        state = CardState.DEAL
    elif customer.locked:
        state = CardState.LOCKED
    elif customer.owner_id is None:
        state = CardState.POOL
    elif customer.void_at is not None and customer.void_at <= now:
        state = CardState.VOID
    elif customer.void_at is not None and customer.void_at <= now + ahead:
        state = CardState.DUE_SOON
    else:
        state = CardState.VALID
    last = getattr(customer, "last_follow_up_at", None)
    reviewed = getattr(customer, "last_review_at", None)
    next_on = getattr(customer, "next_follow_up_on", None)
    return TrackingFlags(
        state=state,
        state_label=str(CardState(state).label),
        plan_overdue=next_on is not None and next_on < timezone.localdate(now),
        deadline_soon=state in {CardState.DUE_SOON, CardState.VOID},
        unreviewed=last is not None and (reviewed is None or last > reviewed),
    )


def tracking_rows(customers, *, now: dt.datetime | None = None) -> list[tuple]:
    """(customer, flags) for the rows of one page: one policy read for them all."""
    now = now or timezone.now()
    ahead = dt.timedelta(days=policy.value("customers.drop_reminder_days", at=now))
    return [(c, tracking_flags(c, now=now, ahead=ahead)) for c in customers]


# --- the customer page's timeline -------------------------------------------------------


def timeline_entries(customer) -> list:
    """Follow-ups, visit reports and tracking reviews of a customer (three queries)."""
    from l2c.customers.timeline import TimelineEntry

    entries = []
    for f in customer_follow_ups(customer)[:200]:
        detail = f.outcome
        if not f.real:
            detail = _("（短信未回复，不计为有效回访）") + detail
        entries.append(
            TimelineEntry(
                at=f.at,
                kind="follow_up",
                title=_("%(kind)s跟进") % {"kind": f.get_kind_display()},
                detail=detail,
                actor=getattr(getattr(f.rep, "person", None), "name", ""),
                icon=KIND_ICONS.get(f.kind, "dot"),
                url=reverse("activities:tracking_customer", args=[customer.pk]),
                rule="BR-CUS-04" if f.real else "BR-CUS-05",
            )
        )
    for r in VisitReport.objects.filter(customer=customer).select_related("rep__person")[:50]:
        entries.append(
            TimelineEntry(
                at=r.submitted_at,
                kind="visit_report",
                title=_("拜访报告（%(state)s）") % {"state": r.get_state_display()},
                detail=r.content[:200],
                actor=getattr(getattr(r.rep, "person", None), "name", ""),
                icon="journal-text",
                url=reverse("activities:report", args=[r.pk]),
                rule="BR-ACT-02",
            )
        )
    for review in customer_reviews(customer)[:50]:
        entries.append(
            TimelineEntry(
                at=review.at,
                kind="tracking_review",
                title=_("主管审阅追踪表"),
                detail=review.comment,
                actor=getattr(getattr(review.reviewer, "person", None), "name", ""),
                icon="clipboard-check",
                url=reverse("activities:tracking_customer", args=[customer.pk]),
                rule="BR-CUS-02",
            )
        )
    return entries
