"""The navigation by role. Later modules add their entries here (in the order of the flow)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from l2c.core.roles import Role
from l2c.core.scope import viewer_of

EVERYONE = frozenset(Role.values)


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str
    icon: str
    roles: frozenset[str] = EVERYONE


NAV: tuple[NavItem, ...] = (
    NavItem("web:home", _("工作台"), "house"),
    NavItem("approvals:inbox", _("我的审批"), "check2-square"),
    NavItem(
        "deals:discounts",
        _("优惠申请"),
        "percent",
        frozenset(
            {
                Role.REP,
                Role.SUPERVISOR,
                Role.MANAGER,
                Role.DIRECTOR,
                Role.VP,
                Role.GM,
                Role.ASSISTANT,
            }
        ),
    ),
    NavItem("org:people", _("通讯录"), "people"),
    NavItem("org:chart", _("组织架构"), "diagram-3"),
    NavItem("org:absences", _("请假与外出"), "calendar2-x"),
    NavItem(
        "policy:settings",
        _("制度设置"),
        "sliders",
        frozenset({Role.ADMIN, Role.GM, Role.VP, Role.DIRECTOR, Role.MANAGER}),
    ),
    NavItem(
        "policy:calendar",
        _("工作日历"),
        "calendar3",
        frozenset({Role.ADMIN, Role.GM, Role.VP, Role.DIRECTOR, Role.MANAGER}),
    ),
    NavItem("audit:log", _("审计日志"), "shield-check", frozenset({Role.ADMIN, Role.GM})),
)


def navigation_for(request) -> list[dict]:
    viewer = viewer_of(request.user)
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for item in NAV:
        if viewer.is_superuser or viewer.roles & item.roles:
            items.append(
                {
                    "url": reverse(item.url_name),
                    "label": item.label,
                    "icon": item.icon,
                    "active": current == item.url_name,
                }
            )
    return items
