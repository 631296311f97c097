"""Reads of discount requests, scoped (BR-ORG-02)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from l2c.core.errors import NotFoundError
from l2c.core.scope import visible_to
from l2c.deals.models import DiscountRequest


def discount_request_list(*, viewer, status: str | None = None) -> QuerySet[DiscountRequest]:
    qs = DiscountRequest.objects.select_related(
        "owner__person", "team", "department", "customer", "unit", "quote"
    )
    if status:
        qs = qs.filter(status=status)
    return visible_to(viewer, qs).order_by("-created_at", "-id")


def discount_request_get(*, viewer, discount_id) -> DiscountRequest:
    try:
        return discount_request_list(viewer=viewer).get(pk=int(discount_id))
    except (DiscountRequest.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-APR-02", _("未找到该优惠申请。")) from exc
