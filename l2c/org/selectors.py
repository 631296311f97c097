"""Reads of the organisation: people directory, the org tree, who is absent."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import NotFoundError, PermissionDeniedError
from l2c.core.scope import visible_to
from l2c.org.models import Absence, Department, Person, RoleAssignment


def person_queryset() -> QuerySet[Person]:
    """People with what every page shows about them, in a fixed number of queries."""
    return Person.objects.select_related("user", "department", "team", "superior").prefetch_related(
        Prefetch("roles", queryset=RoleAssignment.objects.order_by("id"))
    )


def person_list(
    *,
    viewer,
    department: int | None = None,
    role: str | None = None,
    search: str = "",
    include_left: bool = False,
) -> QuerySet[Person]:
    """The people directory. Every employee sees the directory (names, posts, superiors);
    personal records (absences, performance …) are scoped separately."""
    qs = person_queryset()
    if not include_left:
        qs = qs.filter(left_on__isnull=True)
    if department:
        qs = qs.filter(department_id=department)
    if role:
        qs = qs.filter(roles__role=role)
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(employee_no__icontains=search)
            | Q(user__username__icontains=search)
        )
    return qs.distinct() if role else qs


def acting_person(actor, *, rule: str, roles: frozenset[str] | None = None) -> Person:
    """The actor's person, in post (with department and team); 403 without one, or without
    one of ``roles`` when they are given."""
    person = (
        Person.objects.filter(user=actor, left_on__isnull=True)
        .select_related("team", "department")
        .first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if person is None or (roles is not None and not set(person.role_codes) & roles):
        raise PermissionDeniedError(rule, _("您没有执行此操作的权限。"))
    return person


def person_get(*, viewer, person_id: int) -> Person:
    try:
        return person_queryset().get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(None, _("未找到该员工。")) from exc


def person_chain_of_superiors(person: Person) -> list[Person]:
    """The person's superiors, nearest first, up to the GM."""
    chain: list[Person] = []
    seen = {person.pk}
    current = person.superior
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.superior
    return chain


@dataclass
class OrgNode:
    person: Person
    children: list[OrgNode] = field(default_factory=list)

    def as_echarts(self) -> dict:
        label = f"{self.person.name}\n{self.person.title or '、'.join(self.person.role_labels)}"
        return {
            "name": label,
            "value": self.person.pk,
            "children": [c.as_echarts() for c in self.children],
        }

    @property
    def size(self) -> int:
        return 1 + sum(c.size for c in self.children)


def org_tree() -> list[OrgNode]:
    """The reporting tree (BR-ORG-01) built from one query: roots first (the GM)."""
    people = list(person_queryset().filter(left_on__isnull=True))
    nodes = {p.pk: OrgNode(p) for p in people}
    roots: list[OrgNode] = []
    for p in people:
        parent = nodes.get(p.superior_id) if p.superior_id else None
        (parent.children if parent else roots).append(nodes[p.pk])
    return roots


def department_list(*, viewer) -> QuerySet[Department]:
    return Department.objects.select_related("parent").prefetch_related("teams__leader")


def department_headcounts() -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for dept_id in Person.objects.filter(left_on__isnull=True).values_list(
        "department_id", flat=True
    ):
        counts[dept_id] += 1
    return dict(counts)


def absence_list(*, viewer, person: Person | None = None, current_only: bool = False):
    qs = visible_to(
        viewer, Absence.objects.select_related("person__department", "person__team", "created_by")
    )
    if person is not None:
        qs = qs.filter(person=person)
    if current_only:
        now = timezone.now()
        qs = qs.filter(cancelled=False, starts_at__lte=now, ends_at__gt=now)
    return qs


def absent_person_ids(*, at: dt.datetime | None = None) -> set[int]:
    """People absent at ``at`` (BR-ORG-03): on an absence, or already left. One query each."""
    when = at or timezone.now()
    away = set(
        Absence.objects.filter(cancelled=False, starts_at__lte=when, ends_at__gt=when).values_list(
            "person_id", flat=True
        )
    )
    left = set(
        Person.objects.filter(left_on__lte=timezone.localdate(when)).values_list("id", flat=True)
    )
    return away | left


def is_absent(person: Person, *, at: dt.datetime | None = None) -> bool:
    when = at or timezone.now()
    if person.left_on is not None and person.left_on <= timezone.localdate(when):
        return True
    return Absence.objects.filter(
        person=person, cancelled=False, starts_at__lte=when, ends_at__gt=when
    ).exists()
