"""Helpers of the activity pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from l2c.core.errors import BusinessRuleError
from l2c.customers import selectors as customer_selectors

PAGE_SIZE = 30


def page_of(request, items) -> Page:
    """The page of ``items`` that ``?page=`` asks for, ``PAGE_SIZE`` to a page."""
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


#: the section tabs shown on every activities page: (url name, label, icon)
TABS = (
    ("activities:follow_ups", _("跟进记录"), "telephone"),
    ("activities:tracking", _("客户追踪表"), "table"),
    ("activities:plans", _("拜访计划"), "calendar-week"),
    ("activities:reports", _("拜访报告"), "journal-text"),
    ("activities:tasks", _("答应客户的事项"), "check2-circle"),
    ("activities:work_log", _("工作日志"), "pencil-square"),
    ("activities:summaries", _("部门日报"), "envelope-paper"),
)


def error_text(exc: BusinessRuleError) -> str:
    return f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message)


def form_error(form, exc: BusinessRuleError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, error_text(exc))


def flash_error(request, exc: BusinessRuleError) -> None:
    messages.error(request, error_text(exc))


def my_customers(user, limit: int = 500):
    """The customers the user owns with a card still valid (or a deal, or locked), for the
    pickers (one query): a void card takes no follow-up (BR-CUS-04)."""
    live = Q(deal_at__isnull=False) | Q(locked=True) | Q(void_at__gt=timezone.now())
    return list(
        customer_selectors.customer_list(viewer=user, scope="mine")
        .filter(live)
        .select_related(None)
        .only("id", "name")
        .order_by("name", "id")[:limit]
    )


def safe_next(request, default: str) -> str:
    """The ``next`` of a form when it is a path of this site, else ``default``."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
