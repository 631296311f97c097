"""What every page's shell needs: the viewer's person, roles and navigation."""

from __future__ import annotations

from l2c.web.navigation import navigation_for


def shell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return {"me": person, "nav_items": navigation_for(request)}
