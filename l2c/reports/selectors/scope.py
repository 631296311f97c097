"""Data scope of the registers (BR-RPT-04, BR-RPT-05, BR-ORG-02).

Every register offers the tabs a viewer's roles have — 我负责的 (mine), 我参与的 (shared:
deals of customers the viewer holds an attribution share of, BR-ATT), 本组 (the
supervisor's teams), 本部门 (the manager's or assistant's department), 全部 (GM, VP,
director, and finance for the money registers) — and each tab is one SQL ``WHERE`` on top
of ``core.scope`` (no per-row checks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.roles import COMPANY_WIDE_ROLES, Role
from l2c.core.scope import Scope, Viewer, scope_q, viewer_of

#: the tabs, in order: key, label, Bootstrap icon
TABS = (
    ("mine", gettext_lazy("我负责的"), "person-check"),
    ("shared", gettext_lazy("我参与的"), "people"),
    ("team", gettext_lazy("本组"), "diagram-2"),
    ("department", gettext_lazy("本部门"), "building"),
    ("all", gettext_lazy("全部"), "globe2"),
)
SCOPES = tuple(key for key, _label, _icon in TABS)
#: roles that own deals (reservations, contracts) and so have "mine" and "shared"
OWNER_ROLES = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER})
#: roles that read the registers at all
REPORT_ROLES = frozenset(
    {
        Role.REP,
        Role.SUPERVISOR,
        Role.MANAGER,
        Role.ASSISTANT,
        Role.DIRECTOR,
        Role.VP,
        Role.GM,
        Role.FINANCE,
    }
)

#: where the owner, team and department of records without their own scope are: a unit
#: event (a hold) belongs to whoever did it, a registration to the rep who got the card
ACTOR_SCOPE = Scope(
    owner="actor", team="actor__person__team", department="actor__person__department"
)
REGISTRANT_SCOPE = Scope(
    owner="to_owner", team="to_owner__person__team", department="to_owner__person__department"
)


def scopes_for(user, *, shared: bool = True, money: bool = True) -> list[str]:
    """The tabs the viewer's roles have (BR-RPT-05), in tab order. ``shared``: the register
    has deals with attribution shares; ``money``: finance sees every row of it."""
    v = viewer_of(user)
    have = {
        "mine": bool(v.roles & OWNER_ROLES),
        "shared": shared and bool(v.roles & OWNER_ROLES),
        "team": Role.SUPERVISOR in v.roles and bool(v.team_ids),
        "department": bool(v.roles & {Role.MANAGER, Role.ASSISTANT}) and bool(v.department_id),
        "all": bool(v.roles & COMPANY_WIDE_ROLES)
        or v.is_superuser
        or (money and Role.FINANCE in v.roles),
    }
    return [key for key in SCOPES if have[key]]


def tabs_for(user, **kwargs) -> list[tuple[str, str, str]]:
    allowed = set(scopes_for(user, **kwargs))
    return [(k, str(label), icon) for k, label, icon in TABS if k in allowed]


def default_scope(user, **kwargs) -> str:
    """The broadest tab the viewer has: a rep's own rows, a supervisor's team, a manager's
    department, the GM's company."""
    scopes = [s for s in scopes_for(user, **kwargs) if s != "shared"]
    return scopes[-1] if scopes else ""


def require_report_reader(user) -> Viewer:
    v = viewer_of(user)
    if not (v.roles & REPORT_ROLES or v.is_superuser):
        raise PermissionDeniedError("BR-RPT-04", _("您的角色无需查看台账报表。"))
    return v


def check_scope(user, scope: str, **kwargs) -> str:
    """``scope`` if the viewer has that tab, else the refusal (BR-RPT-05)."""
    require_report_reader(user)
    if scope not in scopes_for(user, **kwargs):
        raise BusinessRuleError("BR-RPT-05", _("您没有该数据范围。"), field="scope")
    return scope


def shared_customer_ids(v: Viewer):
    """The customers the viewer holds an active attribution share of (a subquery)."""
    from l2c.reception.models import AttributionShare

    return AttributionShare.objects.filter(user_id=v.user_id or 0, active=True).values(
        "decision__customer_id"
    )


def scoped(
    qs: QuerySet, viewer, scope: str, *, spec: Scope | None = None, customer: str | None = None
) -> QuerySet:
    """``qs`` narrowed to one tab: the viewer's data scope (``core.scope``) and the tab's
    own filter. ``spec`` defaults to the model's ``scope``; ``customer`` is the path to the
    customer for the "shared" tab."""
    v = viewer_of(viewer)
    spec = spec or qs.model.scope
    owner, team, department = spec.owner or "", spec.team or "", spec.department or ""
    if scope == "shared":
        if not customer or not owner or v.user_id is None:
            return qs.none()
        return qs.filter(**{f"{customer}__in": shared_customer_ids(v)}).exclude(
            **{owner: v.user_id}
        )
    if scope == "mine":
        return qs.filter(**{owner: v.user_id}) if owner else qs.none()
    q = scope_q(v, spec)
    if q is not None:
        qs = qs.filter(q)
    if scope == "team" and team:
        qs = qs.filter(**{f"{team}__in": sorted(v.team_ids)})
    elif scope == "department" and department:
        qs = qs.filter(**{department: v.department_id})
    elif scope != "all":
        return qs.none()
    return qs


def visible_q(viewer, spec: Scope) -> Q | None:
    """The viewer's whole data scope as a ``Q`` (``None``: everything)."""
    return scope_q(viewer_of(viewer), spec)


# --- what a viewer may filter by ------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


def team_choices(user) -> list[Choice]:
    """The sales teams inside the viewer's scope (one query)."""
    from l2c.org.models import Team

    v = viewer_of(user)
    qs = Team.objects.select_related("department").order_by("department__sort_order", "id")
    if not (v.roles & COMPANY_WIDE_ROLES or v.is_superuser or Role.FINANCE in v.roles):
        q = Q(pk__in=sorted(v.team_ids))
        if v.roles & {Role.MANAGER, Role.ASSISTANT} and v.department_id:
            q |= Q(department_id=v.department_id)
        qs = qs.filter(q)
    return [Choice(t.pk, f"{t.department.name} · {t.name}") for t in qs]


def rep_choices(user) -> list[Choice]:
    """People who own deals, inside the viewer's scope: (user id, "name（team）")."""
    from l2c.core.scope import visible_to
    from l2c.org.models import Person

    v = viewer_of(user)
    qs = Person.objects.filter(roles__role__in=OWNER_ROLES, left_on__isnull=True)
    if Role.FINANCE not in v.roles:
        qs = visible_to(user, qs)
    rows = (
        qs.distinct()
        .order_by("department__sort_order", "employee_no")
        .values_list("user_id", "name", "team__name")
    )
    return [Choice(uid, f"{name}（{team}）" if team else name) for uid, name, team in rows]


def project_choices(user) -> list[Choice]:
    """The projects the viewer sells or oversees: their department's, or every project for
    company-wide roles and finance (one query)."""
    from l2c.catalog.models import Project

    v = viewer_of(user)
    qs = Project.objects.order_by("code")
    if not (v.roles & COMPANY_WIDE_ROLES or v.is_superuser or Role.FINANCE in v.roles):
        qs = qs.filter(department_id=v.department_id or 0)
    return [Choice(p.pk, f"{p.code} {p.name}") for p in qs.only("id", "code", "name")]


# --- time -----------------------------------------------------------------------------------


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the business time zone (aware)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def period(date_from: dt.date | None, date_to: dt.date | None) -> tuple[dt.datetime, dt.datetime]:
    """``[from 00:00, to+1 00:00)`` — a range the indexes can use (no ``__date`` casts)."""
    today = timezone.localdate()
    start = date_from or today.replace(day=1)
    end = date_to or today
    if end < start:
        raise BusinessRuleError("BR-RPT-02", _("结束日期不能早于开始日期。"), field="date_to")
    return day_start(start), day_start(end + dt.timedelta(days=1))


def person_label(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.name if person is not None else user.get_username()
