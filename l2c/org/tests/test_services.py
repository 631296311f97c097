"""BR-ORG-01 (one superior, no cycles, one GM), BR-ORG-03 (absent), BR-SEC-03 on people."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.org import selectors, services
from l2c.org.models import Person
from l2c.org.tests.factories import person

pytestmark = pytest.mark.django_db


def test_br_org_01_everyone_but_the_gm_has_exactly_one_superior(company):
    people = Person.objects.all()
    without = [p for p in people if p.superior_id is None]
    assert [p.pk for p in without] == [company.gm.pk]
    with pytest.raises(BusinessRuleError) as err:
        person(name="无上级", department=company.dept1, roles=[Role.REP])
    assert err.value.rule == "BR-ORG-01"


def test_br_org_01_only_one_gm(company):
    with pytest.raises(BusinessRuleError) as err:
        person(name="第二个总经理", department=company.head, roles=[Role.GM])
    assert err.value.rule == "BR-ORG-01"
    with pytest.raises(BusinessRuleError):
        services.person_set_roles(actor=company.admin.user, person=company.vp, roles=[Role.GM])
    assert Person.objects.filter(roles__role=Role.GM).count() == 1


def test_br_org_01_the_gm_cannot_lose_the_role_without_a_successor(company):
    with pytest.raises(BusinessRuleError):
        services.person_set_roles(actor=company.admin.user, person=company.gm, roles=[Role.VP])


def test_br_org_01_gm_has_no_superior(company):
    with pytest.raises(BusinessRuleError):
        services.person_set_superior(
            actor=company.admin.user, person=company.gm, superior=company.vp
        )


def test_br_org_01_no_cycles(company):
    # the supervisor's manager cannot report to the supervisor, nor to a rep below them
    with pytest.raises(BusinessRuleError) as err:
        services.person_set_superior(
            actor=company.admin.user, person=company.supervisor1, superior=company.rep
        )
    assert err.value.rule == "BR-ORG-01"
    with pytest.raises(BusinessRuleError):
        services.person_set_superior(
            actor=company.admin.user, person=company.vp, superior=company.rep
        )
    with pytest.raises(BusinessRuleError):
        services.person_set_superior(
            actor=company.admin.user, person=company.rep, superior=company.rep
        )
    company.rep.refresh_from_db()
    assert company.rep.superior_id == company.supervisor1.pk


def test_br_org_01_manager_reports_to_director_or_vp(company):
    with pytest.raises(BusinessRuleError) as err:
        services.person_set_superior(
            actor=company.admin.user, person=company.manager1, superior=company.gm
        )
    assert "销售总监或营销副总" in str(err.value.message)
    services.person_set_superior(
        actor=company.admin.user, person=company.manager1, superior=company.vp
    )
    company.manager1.refresh_from_db()
    assert company.manager1.superior_id == company.vp.pk


def test_br_org_01_changing_a_superior_is_audited(company):
    services.person_set_superior(
        actor=company.admin.user, person=company.rep, superior=company.manager1
    )
    row = AuditLog.objects.for_object(company.rep).filter(action="org.person.set_superior").get()
    assert row.changes["superior"][0]["repr"] == company.supervisor1.name
    assert row.changes["superior"][1]["repr"] == company.manager1.name
    assert row.actor == company.admin.user


def test_br_org_01_only_admin_or_gm_edit_the_organisation(company):
    with pytest.raises(PermissionDeniedError):
        services.person_set_superior(
            actor=company.manager1.user, person=company.rep, superior=company.manager1
        )


def test_br_org_01_leaving_needs_subordinates_moved_first(company):
    with pytest.raises(BusinessRuleError):
        services.person_leave_company(
            actor=company.admin.user, person=company.supervisor1, left_on=timezone.localdate()
        )
    services.person_leave_company(
        actor=company.admin.user, person=company.rep, left_on=timezone.localdate()
    )
    company.rep.user.refresh_from_db()
    assert company.rep.user.is_active is False


def test_br_org_03_absent_on_leave_or_after_leaving(company):
    rep, other = company.reps1
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        now = timezone.now()
        services.absence_create(
            actor=company.supervisor1.user,
            person=rep,
            kind="business",
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(hours=5),
        )
        assert selectors.is_absent(rep)
        assert not selectors.is_absent(other)
        assert rep.pk in selectors.absent_person_ids()
        assert not selectors.is_absent(rep, at=now + dt.timedelta(hours=6))
        services.person_leave_company(
            actor=company.admin.user, person=other, left_on=timezone.localdate()
        )
        assert selectors.is_absent(other)
        assert other.pk in selectors.absent_person_ids()


def test_br_org_03_absence_registered_by_self_superior_or_admin_only(company):
    rep, other = company.reps1
    start = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(PermissionDeniedError):
        services.absence_create(
            actor=other.user,
            person=rep,
            kind="leave",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
        )
    # the manager, two levels up, may
    services.absence_create(
        actor=company.manager1.user,
        person=rep,
        kind="leave",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    with pytest.raises(BusinessRuleError):  # overlapping
        services.absence_create(
            actor=rep.user,
            person=rep,
            kind="out",
            starts_at=start + dt.timedelta(hours=1),
            ends_at=start + dt.timedelta(hours=3),
        )
    with pytest.raises(BusinessRuleError):  # ends before it starts
        services.absence_create(
            actor=rep.user,
            person=rep,
            kind="out",
            starts_at=start + dt.timedelta(days=2),
            ends_at=start + dt.timedelta(days=1),
        )


def test_br_sec_03_second_of_two_saves_of_a_person_is_refused(company):
    first = Person.objects.get(pk=company.rep.pk)
    second = Person.objects.get(pk=company.rep.pk)
    services.person_update(
        actor=company.admin.user, person=first, expected_version=1, title="资深置业顾问"
    )
    with pytest.raises(ConflictError) as err:
        services.person_update(
            actor=company.admin.user, person=second, expected_version=1, title="置业顾问"
        )
    assert err.value.rule == "BR-SEC-03"
    assert err.value.status_code == 409
    assert Person.objects.get(pk=company.rep.pk).title == "资深置业顾问"


def test_br_org_01_org_tree_has_the_gm_at_the_root(company):
    roots = selectors.org_tree()
    assert [r.person.pk for r in roots] == [company.gm.pk]
    assert roots[0].size == Person.objects.count()


def test_br_org_02_nobody_changes_their_own_roles(company):
    with pytest.raises(PermissionDeniedError):
        services.person_set_roles(
            actor=company.admin.user, person=company.admin, roles=[Role.ADMIN, Role.DIRECTOR]
        )


def test_br_org_02_only_the_gm_grants_company_wide_roles(company):
    with pytest.raises(PermissionDeniedError):
        services.person_set_roles(
            actor=company.admin.user, person=company.rep, roles=[Role.REP, Role.FINANCE]
        )
    services.person_set_roles(
        actor=company.admin.user, person=company.rep, roles=[Role.REP, Role.ASSISTANT]
    )
    services.person_set_roles(
        actor=company.gm.user, person=company.assistant1, roles=[Role.ASSISTANT, Role.FINANCE]
    )


def test_br_org_01_removing_the_directors_role_would_orphan_managers(company):
    with pytest.raises(BusinessRuleError) as err:
        services.person_set_roles(actor=company.gm.user, person=company.director, roles=[Role.REP])
    assert err.value.rule == "BR-ORG-01"
