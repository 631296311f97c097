"""Reads of attribution decisions (BR-ATT-*): scoped like the register (the receiver, the
team, the department), plus the decisions where the viewer holds a share."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from l2c.core.errors import NotFoundError
from l2c.core.scope import scope_q, viewer_of
from l2c.reception.models import AttributionDecision, AttributionShare, DecisionStatus, Pending


def _base() -> QuerySet[AttributionDecision]:
    return AttributionDecision.objects.select_related(
        "customer",
        "receiver__person",
        "deal_owner__person",
        "decided_by__person",
        "resolved_by__person",
        "disputed_by__person",
        "department",
        "reception",
    ).prefetch_related(
        Prefetch(
            "shares",
            queryset=AttributionShare.objects.select_related("user__person", "department").order_by(
                "-active", "id"
            ),
        )
    )


def _visible(viewer, qs: QuerySet[AttributionDecision]) -> QuerySet[AttributionDecision]:
    v = viewer_of(viewer)
    q = scope_q(v, AttributionDecision.scope)
    if q is None:
        return qs
    if v.user_id is not None:
        q |= Exists(AttributionShare.objects.filter(decision=OuterRef("pk"), user_id=v.user_id))
    return qs.filter(q)


def attribution_list(
    *, viewer, status: str | None = None, customer_id: int | None = None, open_only=False
) -> QuerySet[AttributionDecision]:
    qs = _visible(viewer, _base())
    if status:
        qs = qs.filter(status=status)
    if customer_id:
        qs = qs.filter(customer_id=customer_id)
    if open_only:
        qs = qs.filter(
            Q(status__in=[DecisionStatus.DISPUTED, DecisionStatus.PROPOSED])
            | ~Q(pending=Pending.NONE)
        )
    return qs.order_by("-decided_at", "-id")


def attribution_get(*, viewer, decision_id) -> AttributionDecision:
    try:
        return _visible(viewer, _base()).get(pk=int(decision_id))
    except (AttributionDecision.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ORG-02", _("未找到该客户区分记录。")) from exc


def active_shares(decision: AttributionDecision) -> list[AttributionShare]:
    return [s for s in decision.shares.all() if s.active]


def customer_timeline(customer) -> list:
    """The customer page's timeline entries of reception: each visit or call and each
    attribution decision (two queries)."""
    from l2c.customers.timeline import TimelineEntry
    from l2c.reception.models import Reception

    entries = []
    for r in (
        Reception.objects.filter(customer_id=customer.pk)
        .select_related("rep__person")
        .order_by("-received_at")[:100]
    ):
        entries.append(
            TimelineEntry(
                at=r.received_at,
                kind="reception",
                title=_("%(kind)s：%(rep)s 接待")
                % {"kind": r.get_kind_display(), "rep": r.rep.person.name},
                detail=f"{r.get_assignment_display()} · {r.turn_note}",
                actor=r.rep.person.name,
                icon="door-open" if r.kind == "walk_in" else "telephone",
                url=reverse("reception:entry", args=[r.pk]),
                rule="BR-REC-01",
            )
        )
    for d in (
        AttributionDecision.objects.filter(customer_id=customer.pk)
        .select_related("decided_by__person", "receiver__person")
        .prefetch_related(
            Prefetch(
                "shares",
                queryset=AttributionShare.objects.filter(active=True).select_related(
                    "user__person", "department"
                ),
            )
        )
        .order_by("-decided_at")[:50]
    ):
        parts = "、".join(
            f"{s.user.person.name if s.user_id else s.department.name} {s.percent.normalize():f}%"
            + (f"（{s.get_condition_display()}）" if s.condition else "")
            for s in d.shares.all()
        )
        entries.append(
            TimelineEntry(
                at=d.decided_at,
                kind="attribution",
                title=_("客户区分：%(rule)s %(status)s")
                % {"rule": d.rule, "status": d.get_status_display()},
                detail=f"{d.note}；{parts}",
                actor=d.decided_by.person.name if d.decided_by_id else "",
                icon="diagram-2",
                url=reverse("reception:attribution", args=[d.pk]),
                rule=d.rule,
            )
        )
    return entries
