"""Helpers of the activity pages."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

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


def safe_next(request, default: str) -> str:
    """The ``next`` of a form when it is a path of this site, else ``default``."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
