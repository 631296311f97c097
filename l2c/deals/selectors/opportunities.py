"""Reads of opportunities and their pipeline, scoped (BR-ORG-02)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from l2c.core.errors import NotFoundError
from l2c.core.scope import visible_to
from l2c.deals.models import Opportunity, OpportunityStage, StageChange


def opportunity_list(
    *, viewer, stage: str | None = None, search: str | None = None, customer_id=None
) -> QuerySet[Opportunity]:
    qs = Opportunity.objects.select_related("customer", "owner__person", "unit")
    if stage:
        qs = qs.filter(stage=stage)
    if customer_id:
        qs = qs.filter(customer_id=customer_id)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(customer__name__startswith=search))
    return visible_to(viewer, qs).order_by("-updated_at", "-id")


def opportunity_get(*, viewer, opportunity_id) -> Opportunity:
    try:
        return opportunity_list(viewer=viewer).get(pk=int(opportunity_id))
    except (Opportunity.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-DEAL-01", _("未找到该商机。")) from exc


def stage_changes(opp: Opportunity) -> QuerySet[StageChange]:
    return opp.changes.select_related("actor__person").order_by("at", "id")


@dataclass(frozen=True)
class FunnelStage:
    stage: str
    label: str
    count: int
    amount: Decimal


def opportunity_funnel(*, viewer) -> list[FunnelStage]:
    """The pipeline by stage (销售漏斗): how many opportunities and how much, in one query."""
    rows = {
        r["stage"]: r
        for r in visible_to(viewer, Opportunity.objects.all())
        .values("stage")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by()
    }
    return [
        FunnelStage(
            stage=stage.value,
            label=str(stage.label),
            count=rows.get(stage.value, {}).get("n", 0),
            amount=rows.get(stage.value, {}).get("total") or Decimal("0.00"),
        )
        for stage in OpportunityStage
    ]
