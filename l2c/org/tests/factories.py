"""Test data for the organisation, built through the services (so it obeys BR-ORG-01)."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from l2c.core.roles import Role
from l2c.org import services
from l2c.org.models import DepartmentKind, Person

_seq = itertools.count(1)
PASSWORD = "test-pass-2026"


def person(
    *, name: str, department, roles, superior=None, team=None, username=None, **kw
) -> Person:
    n = next(_seq)
    return services.person_create(
        actor=None,
        username=username or f"u{n}",
        name=name,
        department=department,
        roles=roles,
        superior=superior,
        team=team,
        password=PASSWORD,
        **kw,
    )


def make_company() -> SimpleNamespace:
    """A small company with every role: head office, two sales departments (each a manager,
    a team with a supervisor and two reps, an assistant), finance, service, warehouse, tech."""
    c = SimpleNamespace()
    c.head = services.department_create(
        actor=None, name="总经办", code="HQ", kind=DepartmentKind.HEAD_OFFICE
    )
    c.gm = person(name="陈总", department=c.head, roles=[Role.GM], username="gm")
    c.vp = person(name="刘副总", department=c.head, roles=[Role.VP], superior=c.gm, username="vp")
    c.director = person(
        name="周总监", department=c.head, roles=[Role.DIRECTOR], superior=c.vp, username="director"
    )
    c.admin = person(
        name="孙管理", department=c.head, roles=[Role.ADMIN], superior=c.gm, username="admin"
    )
    for i in (1, 2):
        dept = services.department_create(
            actor=None, name=f"销售{i}部", code=f"S{i}", kind=DepartmentKind.SALES, parent=c.head
        )
        team = services.team_create(actor=None, department=dept, name=f"{i}组")
        manager = person(
            name=f"经理{i}",
            department=dept,
            roles=[Role.MANAGER],
            superior=c.director,
            username=f"manager{i}",
        )
        supervisor = person(
            name=f"主管{i}",
            department=dept,
            team=team,
            roles=[Role.SUPERVISOR],
            superior=manager,
            username=f"supervisor{i}",
        )
        services.team_set_leader(actor=None, team=team, leader=supervisor)
        reps = [
            person(
                name=f"顾问{i}{k}",
                department=dept,
                team=team,
                roles=[Role.REP],
                superior=supervisor,
                username=f"rep{i}{k}",
            )
            for k in ("a", "b")
        ]
        assistant = person(
            name=f"助理{i}",
            department=dept,
            roles=[Role.ASSISTANT],
            superior=manager,
            username=f"assistant{i}",
        )
        setattr(c, f"dept{i}", dept)
        setattr(c, f"team{i}", team)
        setattr(c, f"manager{i}", manager)
        setattr(c, f"supervisor{i}", supervisor)
        setattr(c, f"reps{i}", reps)
        setattr(c, f"assistant{i}", assistant)
    c.rep = c.reps1[0]
    for code, kind, role in (
        ("FIN", DepartmentKind.FINANCE, Role.FINANCE),
        ("SRV", DepartmentKind.SERVICE, Role.SERVICE),
        ("WH", DepartmentKind.WAREHOUSE, Role.WAREHOUSE),
        ("TEC", DepartmentKind.TECH, Role.TECH),
    ):
        dept = services.department_create(
            actor=None, name=f"{code}部", code=code, kind=kind, parent=c.head
        )
        setattr(
            c,
            role,
            person(name=f"{code}员工", department=dept, roles=[role], superior=c.gm, username=role),
        )
    return c
