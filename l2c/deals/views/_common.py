"""Helpers of the deals pages."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from l2c.core.errors import BusinessRuleError
from l2c.customers import selectors as customer_selectors

PAGE_SIZE = 30
#: the section tabs of every deals page: (url name, label, icon)
TABS = (
    ("deals:opportunities", _("商机"), "funnel"),
    ("deals:quotes", _("报价单"), "file-earmark-text"),
    ("deals:tenders", _("投标"), "megaphone"),
    ("deals:discounts", _("优惠申请"), "percent"),
)


def error_text(exc: BusinessRuleError) -> str:
    return f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message)


def form_error(form, exc: BusinessRuleError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, error_text(exc))


def flash_error(request, exc: BusinessRuleError) -> None:
    messages.error(request, error_text(exc))


def my_customers(user, limit: int = 500):
    """The customers the user owns with a valid card (or a deal, or locked), one query."""
    live = Q(deal_at__isnull=False) | Q(locked=True) | Q(void_at__gt=timezone.now())
    return list(
        customer_selectors.customer_list(viewer=user, scope="mine")
        .filter(live)
        .select_related(None)
        .only("id", "name")
        .order_by("name", "id")[:limit]
    )
