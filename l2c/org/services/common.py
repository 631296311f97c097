"""Who maintains the organisation (BR-ORG-01, 02) and which roles only the GM grants."""

from __future__ import annotations

from django.utils.translation import gettext as _

from l2c.core.roles import Role
from l2c.core.scope import require_roles

ORG_ADMINS = frozenset({Role.ADMIN, Role.GM})
#: Roles that open company-wide data or configuration: only the GM grants them, so the
#: administrator (configuration only, BR-ORG-02) cannot widen anyone's scope — their own least.
PRIVILEGED_ROLES = frozenset({Role.GM, Role.VP, Role.DIRECTOR, Role.FINANCE, Role.ADMIN})
#: BR-ORG-01: a department manager reports to the director or the VP.
MANAGER_SUPERIOR_ROLES = frozenset({Role.DIRECTOR, Role.VP})


def require_org_admin(actor) -> None:
    if actor is None:  # the system itself (management commands: demo data, imports)
        return
    require_roles(
        actor, ORG_ADMINS, rule="BR-ORG-01", message=_("只有系统管理员或总经理可以维护组织架构。")
    )
