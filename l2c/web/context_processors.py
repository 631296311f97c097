"""What every page's shell needs: the viewer's person, roles and navigation."""

from __future__ import annotations

from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.notifications.selectors import unread_count
from l2c.policy.calendar import years_needing_data
from l2c.web.navigation import navigation_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    ctx = {
        "me": person,
        "nav_items": navigation_for(request),
        # BR-RPT-07: the bell's badge (one query per page).
        "unread_notifications": unread_count(user=user),
    }
    viewer = viewer_of(user)
    if viewer.is_superuser or viewer.roles & {Role.ADMIN, Role.GM}:
        # BR-POL-03: warn on every page until the year's holiday arrangement is entered.
        ctx["calendar_missing_years"] = years_needing_data()
    return ctx
