"""BR-SEC-01: the audit log is append-only, at the model, queryset and database level."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from l2c.audit.models import AuditImmutableError, AuditLog
from l2c.audit.services import audit_record
from l2c.core import context

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(company):
    return audit_record(
        actor=company.admin.user,
        action="test.action",
        obj=company.rep,
        changes={"title": ["a", "b"]},
    )


def test_br_sec_01_audit_rows_cannot_be_changed_through_the_model(row):
    row.action = "forged"
    with pytest.raises(AuditImmutableError):
        row.save()
    with pytest.raises(AuditImmutableError):
        row.delete()


def test_br_sec_01_audit_rows_cannot_be_changed_through_the_queryset(row):
    with pytest.raises(AuditImmutableError):
        AuditLog.objects.filter(pk=row.pk).update(action="forged")
    with pytest.raises(AuditImmutableError):
        AuditLog.objects.filter(pk=row.pk).delete()


def test_br_sec_01_audit_rows_cannot_be_changed_with_raw_sql(row):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditlog SET action = 'forged' WHERE id = %s", [row.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM audit_auditlog WHERE id = %s", [row.pk])
    assert AuditLog.objects.get(pk=row.pk).action == "test.action"


def test_br_sec_01_audit_row_has_actor_object_changes_time_and_ip(company):
    token = context.set_current(context.RequestContext(ip="10.1.2.3"))
    try:
        entry = audit_record(
            actor=company.admin.user,
            action="org.person.update",
            obj=company.rep,
            changes={"title": ["顾问", "资深顾问"]},
        )
    finally:
        context.reset(token)
    assert entry.actor_name == company.admin.name
    assert entry.object_type == "org.person"
    assert entry.object_id == str(company.rep.pk)
    assert entry.object_repr == company.rep.name
    assert entry.changes == {"title": ["顾问", "资深顾问"]}
    assert entry.ip == "10.1.2.3"
    assert entry.at is not None


def test_br_sec_01_no_admin_interface_changes_audit_rows(client):
    from django.conf import settings

    # no Django admin site (it would bypass the services, the lock-out and the audit log)
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/admin/").status_code == 404
