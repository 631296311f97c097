"""The list scopes of BR-RPT-05 for activity records: mine (我负责的), my team's and my
department's (下属负责的), everything my role sees — always inside the data scope
(``core.scope.visible_to``)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from l2c.core.roles import COMPANY_WIDE_ROLES, Role
from l2c.core.scope import Viewer, viewer_of, visible_to

SCOPE_LABELS = {
    "mine": _("我负责的"),
    "team": _("本组"),
    "department": _("本部门"),
    "all": _("全部"),
}


def scopes_for(user) -> list[tuple[str, str]]:
    v = viewer_of(user)
    keys = ["mine"]
    if Role.SUPERVISOR in v.roles or (v.team_ids and v.roles & {Role.MANAGER}):
        keys.append("team")
    if v.roles & {Role.MANAGER, Role.ASSISTANT}:
        keys.append("department")
    if v.roles & COMPANY_WIDE_ROLES or v.is_superuser:
        keys.append("all")
    return [(k, str(SCOPE_LABELS[k])) for k in keys]


def default_scope(user) -> str:
    """The widest list the role works with: a rep their own, a supervisor the team…"""
    return scopes_for(user)[-1][0]


def clean_scope(user, scope: str | None) -> str:
    keys = [k for k, _label in scopes_for(user)]
    return scope if scope in keys else keys[-1]


def narrow(
    qs: QuerySet,
    viewer,
    scope: str,
    *,
    owner: str = "rep",
    team: str = "team",
    department: str = "department",
) -> QuerySet:
    v: Viewer = viewer if isinstance(viewer, Viewer) else viewer_of(viewer)
    qs = visible_to(v, qs)
    if scope == "mine":
        return qs.filter(**{owner: v.user_id})
    if scope == "team":
        return qs.filter(**{f"{team}__in": sorted(v.team_ids)}) if v.team_ids else qs.none()
    if scope == "department":
        return qs.filter(**{department: v.department_id}) if v.department_id else qs.none()
    return qs
