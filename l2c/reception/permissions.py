"""Who may do what at the reception desk."""

from __future__ import annotations

from django.utils.translation import gettext as _

from l2c.core.errors import PermissionDeniedError
from l2c.core.roles import COMPANY_WIDE_ROLES, Role
from l2c.core.scope import Viewer, viewer_of

#: set the day's duty roster (the desk's 内勤, the team's supervisor, the manager)
ROSTER_ROLES = frozenset({Role.ASSISTANT, Role.SUPERVISOR, Role.MANAGER}) | COMPANY_WIDE_ROLES
#: work the desk: register walk-ins and calls, mark anyone out/back
DESK_ROLES = ROSTER_ROLES
#: reps on duty register their own visitors and mark themselves out/back (002 art. 2 (九) 4)
RECEIVING_ROLES = DESK_ROLES | {Role.REP}
#: may be on the duty roster and receive customers
ON_DUTY_ROLES = frozenset({Role.REP, Role.SUPERVISOR})
#: verify a complaint against a rep (BR-ATT-04)
VERIFY_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER}) | COMPANY_WIDE_ROLES
#: decide disputes and event attribution (BR-ATT-10, 11)
RESOLVE_ROLES = frozenset({Role.MANAGER}) | COMPANY_WIDE_ROLES


def company_wide(viewer: Viewer) -> bool:
    return bool(viewer.roles & COMPANY_WIDE_ROLES) or viewer.is_superuser


def require(actor, roles: frozenset[str], message: str, rule: str = "BR-REC-01") -> Viewer:
    viewer = viewer_of(actor)
    if not (viewer.roles & roles or viewer.is_superuser):
        raise PermissionDeniedError(rule, message)
    return viewer


def require_desk_of(actor, roster, *, roles: frozenset[str] = RECEIVING_ROLES) -> Viewer:
    """The actor works at this roster's desk: same department (or company-wide)."""
    viewer = require(actor, roles, _("您没有操作接待台的权限。"))
    if not company_wide(viewer) and viewer.department_id != roster.department_id:
        raise PermissionDeniedError("BR-ORG-02", _("只能操作本部门的接待台。"))
    return viewer
