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
    #: shown under "更多" (the organisation and configuration pages)
    more: bool = False


SALES = frozenset(
    {Role.REP, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM, Role.ASSISTANT}
)
CONFIG = frozenset({Role.ADMIN, Role.GM, Role.VP, Role.DIRECTOR, Role.MANAGER})

NAV: tuple[NavItem, ...] = (
    NavItem("web:home", _("工作台"), "house"),
    # the desk is worked by reps, the 内勤 and the leaders (reception.permissions); the
    # customer archive has a list for them only (customers' scopes_for): 客服 has neither
    NavItem("reception:desk", _("接待台"), "person-badge", SALES),
    NavItem("customers:list", _("客户"), "people", SALES),
    NavItem("customers:pool", _("公海"), "water", SALES),
    NavItem("activities:follow_ups", _("跟进与拜访"), "telephone-outbound", SALES),
    NavItem("catalog:board", _("销控表"), "grid-3x3-gap-fill", SALES | {Role.FINANCE}),
    NavItem("deals:opportunities", _("商机报价"), "graph-up-arrow", SALES),
    NavItem("contracts:reservations", _("认购与合同"), "file-earmark-text", SALES | {Role.FINANCE}),
    NavItem(
        "fulfillment:orders",
        _("订单与发货"),
        "truck",
        frozenset({Role.ASSISTANT, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM, Role.FINANCE}),
    ),
    NavItem("fulfillment:to_ship", _("今日待发货"), "truck", frozenset({Role.WAREHOUSE})),
    NavItem("finance:money", _("收付款"), "cash-coin", SALES | {Role.FINANCE}),
    NavItem(
        "finance:receivables",
        _("应收账款"),
        "hourglass-split",
        frozenset({Role.FINANCE, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM}),
    ),
    NavItem("reports:index", _("台账报表"), "journal-bookmark", SALES | {Role.FINANCE}),
    NavItem("approvals:inbox", _("我的审批"), "check2-square"),
    NavItem("deals:discounts", _("优惠申请"), "percent", SALES, more=True),
    NavItem("deals:quotes", _("报价单"), "receipt", SALES, more=True),
    NavItem("deals:tenders", _("投标"), "megaphone", SALES | {Role.TECH, Role.FINANCE}, more=True),
    NavItem("catalog:prices", _("价目表"), "tags", SALES | {Role.FINANCE}, more=True),
    NavItem(
        "catalog:price_changes",
        _("调价申请"),
        "journal-text",
        frozenset({Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM, Role.ASSISTANT}),
        more=True,
    ),
    NavItem("catalog:stock", _("库存"), "box-seam", SALES | {Role.WAREHOUSE}, more=True),
    NavItem(
        "reception:attributions",
        _("客户区分"),
        "signpost-split",
        frozenset({Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM}),
        more=True,
    ),
    NavItem("org:people", _("通讯录"), "person-lines-fill", more=True),
    NavItem("org:chart", _("组织架构"), "diagram-3", more=True),
    NavItem("org:absences", _("请假与外出"), "calendar2-x", more=True),
    NavItem("policy:settings", _("制度设置"), "sliders", CONFIG, more=True),
    NavItem("policy:calendar", _("工作日历"), "calendar3", CONFIG, more=True),
    NavItem(
        "audit:log", _("审计日志"), "shield-check", frozenset({Role.ADMIN, Role.GM}), more=True
    ),
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
                    "more": item.more,
                }
            )
    return items
