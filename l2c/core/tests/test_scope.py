"""BR-ORG-02: the data scope of every role, through the one helper ``core.scope``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from l2c.core.roles import Role
from l2c.core.scope import Scope, scope_q, viewer_of, visible_to
from l2c.org import services
from l2c.org.models import Absence, Person


@pytest.fixture
def absences(company):
    """One absence for every person of the company."""
    start = timezone.now() + dt.timedelta(days=1)
    for p in Person.objects.all():
        services.absence_create(
            actor=p.user,
            person=p,
            kind="leave",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=4),
        )
    return company


def _seen(person) -> set[str]:
    qs = visible_to(person.user, Absence.objects.all())
    return set(qs.values_list("person__user__username", flat=True))


def _usernames(*people) -> set[str]:
    return {p.user.username for p in people}


@pytest.mark.django_db
def test_br_org_02_permission_matrix_every_role(absences):
    c = absences
    everyone = set(Person.objects.values_list("user__username", flat=True))
    dept1 = _usernames(c.manager1, c.supervisor1, *c.reps1, c.assistant1)
    team1 = _usernames(c.supervisor1, *c.reps1)
    expected = {
        Role.GM: (c.gm, everyone),
        Role.VP: (c.vp, everyone),
        Role.DIRECTOR: (c.director, everyone),
        Role.MANAGER: (c.manager1, dept1),
        Role.SUPERVISOR: (c.supervisor1, team1),
        Role.REP: (c.rep, _usernames(c.rep)),
        Role.ASSISTANT: (c.assistant1, dept1),
        # Absences are not money records: finance sees only its own.
        Role.FINANCE: (c.finance, _usernames(c.finance)),
        Role.SERVICE: (c.service, _usernames(c.service)),
        Role.WAREHOUSE: (c.warehouse, _usernames(c.warehouse)),
        Role.TECH: (c.tech, _usernames(c.tech)),
        # The administrator configures; no business data beyond their own record.
        Role.ADMIN: (c.admin, _usernames(c.admin)),
    }
    assert set(expected) == set(Role.values), "every role of the spec is in the matrix"
    for role, (person, visible) in expected.items():
        assert _seen(person) == visible, role


@pytest.mark.django_db
def test_br_org_02_rep_does_not_see_another_teams_record(absences):
    c = absences
    other = c.reps2[0]
    assert not visible_to(c.rep.user, Absence.objects.filter(person=other)).exists()
    assert not visible_to(c.supervisor1.user, Absence.objects.filter(person=other)).exists()
    assert not visible_to(c.manager1.user, Absence.objects.filter(person=other)).exists()
    assert visible_to(c.manager2.user, Absence.objects.filter(person=other)).exists()


@pytest.mark.django_db
def test_br_org_02_several_roles_see_the_union(absences):
    c = absences
    services.person_set_roles(actor=c.admin.user, person=c.rep, roles=[Role.REP, Role.ASSISTANT])
    c.rep.user.refresh_from_db()
    user = type(c.rep.user).objects.get(pk=c.rep.user.pk)
    dept1 = _usernames(c.manager1, c.supervisor1, *c.reps1, c.assistant1)
    assert (
        set(
            visible_to(user, Absence.objects.all()).values_list("person__user__username", flat=True)
        )
        == dept1
    )


@pytest.mark.django_db
def test_br_org_02_supervisor_sees_the_teams_they_lead(company):
    c = company
    # supervisor1 also leads team2 of the other department
    services.team_set_leader(actor=c.admin.user, team=c.team2, leader=c.supervisor1)
    user = type(c.supervisor1.user).objects.get(pk=c.supervisor1.user.pk)
    assert c.team2.pk in viewer_of(user).team_ids


@pytest.mark.django_db
def test_br_org_02_finance_sees_every_money_record(company):
    money = Scope(owner="owner", team="team", department="department", money=True)
    plain = Scope()
    assert scope_q(viewer_of(company.finance.user), money) is None
    assert scope_q(viewer_of(company.finance.user), plain) is not None
    assert scope_q(viewer_of(company.gm.user), plain) is None


@pytest.mark.django_db
def test_br_org_02_service_and_warehouse_see_what_is_assigned_to_them(company):
    spec = Scope(
        owner=None, team=None, department=None, served_by="person__user", assignee="person__user"
    )
    start = timezone.now() + dt.timedelta(days=2)
    services.absence_create(
        actor=company.tech.user,
        person=company.tech,
        kind="out",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    services.absence_create(
        actor=company.service.user,
        person=company.service,
        kind="out",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    for person in (company.service, company.tech):
        q = scope_q(viewer_of(person.user), spec)
        assert list(Absence.objects.filter(q).values_list("person_id", flat=True)) == [person.pk]


@pytest.mark.django_db
def test_br_org_02_anonymous_sees_nothing(absences):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_to(AnonymousUser(), Absence.objects.all()).exists()


def test_br_org_02_model_without_scope_is_refused():
    from django.contrib.auth.models import Group

    with pytest.raises(TypeError):
        visible_to(None, Group.objects.all())
