"""Data scope (BR-ORG-02): who sees which rows. The one helper every selector uses.

A model that holds scoped business data declares where its owner, team and department
are::

    class Absence(BaseModel):
        scope = Scope(owner="person__user", team="person__team", department="person__department")

``visible_to(viewer, qs)`` then narrows any queryset of that model to what the viewer may
see, as one SQL ``WHERE`` (no per-row checks, so list pages stay one query):

======================  =========================================================
role                    sees
======================  =========================================================
gm, vp, director        everything (company-wide sales scope)
manager                 own department
supervisor              own team(s): the team they belong to and the teams they lead
rep                     own records (owner = viewer)
assistant               own department (department records)
finance                 every *money* record (models declared with ``money=True``)
service                 records assigned to them (``served_by``), when the model has one
warehouse, tech         records assigned to them (``assignee``), when the model has one
admin                   no business data (configuration only)
======================  =========================================================

A person with several roles sees the union of their scopes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from l2c.core.roles import COMPANY_WIDE_ROLES, LEADER_ROLES, Role


@dataclass(frozen=True)
class Scope:
    owner: str | None = "owner"
    team: str | None = "team"
    department: str | None = "department"
    #: finance sees every row of a money model (receipts, payments, invoices …)
    money: bool = False
    #: field pointing at the user who serves the record (customer service)
    served_by: str | None = None
    #: field pointing at the user the record is assigned to (warehouse, tech)
    assignee: str | None = None


@dataclass(frozen=True)
class Viewer:
    """What scope needs to know about the person asking; built once per user and cached."""

    user_id: int | None
    roles: frozenset[str]
    department_id: int | None
    team_ids: frozenset[int]
    is_superuser: bool = False

    def has(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)


def viewer_of(user: Any) -> Viewer:
    """The :class:`Viewer` for a Django user (cached on the user object for the request)."""
    cached = getattr(user, "_l2c_viewer", None)
    if cached is not None:
        return cached
    if user is None or not getattr(user, "is_authenticated", False):
        viewer = Viewer(None, frozenset(), None, frozenset())
    else:
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        if person is None:
            viewer = Viewer(user.pk, frozenset(), None, frozenset(), user.is_superuser)
        else:
            viewer = Viewer(
                user_id=user.pk,
                roles=frozenset(person.role_codes),
                department_id=person.department_id,
                team_ids=frozenset(person.scope_team_ids),
                is_superuser=user.is_superuser,
            )
    if user is not None:
        user._l2c_viewer = viewer
    return viewer


def scope_q(viewer: Viewer, spec: Scope) -> Q | None:
    """The filter for ``viewer`` under ``spec``; ``None`` means everything."""
    roles = viewer.roles
    if roles & COMPANY_WIDE_ROLES:
        return None
    if spec.money and Role.FINANCE in roles:
        return None
    q = Q(pk__in=[])  # nothing, unless a role below grants something
    if spec.team and Role.SUPERVISOR in roles and viewer.team_ids:
        q |= Q(**{f"{spec.team}__in": sorted(viewer.team_ids)})
    if (
        spec.department
        and viewer.department_id is not None
        and roles & {Role.MANAGER, Role.ASSISTANT}
    ):
        q |= Q(**{spec.department: viewer.department_id})
    if spec.served_by and Role.SERVICE in roles and viewer.user_id is not None:
        q |= Q(**{spec.served_by: viewer.user_id})
    if spec.assignee and roles & {Role.WAREHOUSE, Role.TECH} and viewer.user_id is not None:
        q |= Q(**{spec.assignee: viewer.user_id})
    # A rep sees own records; whoever a record belongs to may always see it.
    if spec.owner and viewer.user_id is not None:
        q |= Q(**{spec.owner: viewer.user_id})
    return q


def visible_to(user_or_viewer: Any, qs: QuerySet) -> QuerySet:
    """Narrow ``qs`` to the rows the viewer may see (BR-ORG-02)."""
    viewer = user_or_viewer if isinstance(user_or_viewer, Viewer) else viewer_of(user_or_viewer)
    spec: Scope | None = getattr(qs.model, "scope", None)
    if spec is None:
        raise TypeError(f"{qs.model.__name__} declares no data scope")
    q = scope_q(viewer, spec)
    return qs if q is None else qs.filter(q)


def can_see(user: Any, obj: Any) -> bool:
    """Whether ``obj`` is inside the viewer's scope (one query)."""
    qs = type(obj)._default_manager.filter(pk=obj.pk)
    return visible_to(user, qs).exists()


def is_leader_over(user: Any, obj: Any) -> bool:
    """A leader (supervisor and above) whose data scope includes ``obj``."""
    return bool(viewer_of(user).roles & LEADER_ROLES) and can_see(user, obj)


def require_roles(
    user: Any, roles: frozenset[str] | set[str], *, rule: str | None, message: Any
) -> Viewer:
    """Refuse (403 with ``message``) unless the user holds one of ``roles``; superusers pass."""
    from l2c.core.errors import PermissionDeniedError

    viewer = viewer_of(user)
    if not (viewer.roles & set(roles) or viewer.is_superuser):
        raise PermissionDeniedError(rule, message)
    return viewer
