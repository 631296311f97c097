"""Helpers of the deals pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 30
#: the section tabs of every deals page: (url name, label, icon)
TABS = (
    ("deals:opportunities", _("商机"), "funnel"),
    ("deals:quotes", _("报价单"), "file-earmark-text"),
    ("deals:tenders", _("投标"), "megaphone"),
    ("deals:discounts", _("优惠申请"), "percent"),
)
