"""What the role home pages show, assembled from the platform's selectors."""

from __future__ import annotations

from django.utils import timezone

from l2c.audit.display import present
from l2c.audit.models import AuditLog
from l2c.core.roles import COMPANY_WIDE_ROLES, Role
from l2c.core.scope import viewer_of, visible_to
from l2c.core.todo import todo_for
from l2c.org.models import Absence, Department, Person
from l2c.org.selectors import department_headcounts, person_queryset
from l2c.policy.models import PolicyVersion


def home_context(*, user) -> dict:
    viewer = viewer_of(user)
    person: Person | None = getattr(user, "person", None) if hasattr(user, "person") else None
    now = timezone.now()
    ctx: dict = {"todo": todo_for(user), "viewer_roles": viewer.roles, "now": now}
    if person is not None:
        ctx["superior"] = person.superior
    # Who is away right now, within the viewer's scope (BR-ORG-02 via the Absence scope).
    ctx["away_now"] = list(
        visible_to(user, Absence.objects.select_related("person__department", "person__team"))
        .filter(cancelled=False, starts_at__lte=now, ends_at__gt=now)
        .order_by("person__department__sort_order", "person__name")[:20]
    )
    if person is not None and viewer.roles & {Role.SUPERVISOR, Role.REP, Role.ASSISTANT}:
        team_members = person_queryset().filter(left_on__isnull=True)
        if person.team_id and not viewer.roles & {Role.ASSISTANT}:
            team_members = team_members.filter(team_id__in=person.scope_team_ids)
        else:
            team_members = team_members.filter(department_id=person.department_id)
        away_ids = {a.person_id for a in ctx["away_now"]}
        ctx["team_members"] = [(m, m.pk in away_ids) for m in team_members]
    if viewer.roles & (COMPANY_WIDE_ROLES | {Role.MANAGER, Role.ADMIN}):
        counts = department_headcounts()
        ctx["departments"] = [
            (d, counts.get(d.pk, 0)) for d in Department.objects.order_by("sort_order", "id")
        ]
        ctx["headcount"] = sum(counts.values())
    if viewer.roles & {Role.ADMIN, Role.GM}:
        ctx["recent_policy_changes"] = list(
            PolicyVersion.objects.filter(number__gt=1)
            .select_related("setting", "created_by__person")
            .order_by("-created_at")[:5]
        )
        ctx["recent_audit"] = present(AuditLog.objects.order_by("-at", "-id")[:8], changes=False)
    return ctx
