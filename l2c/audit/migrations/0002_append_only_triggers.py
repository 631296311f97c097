"""BR-SEC-01: the database itself refuses to change audit rows, whatever the client.

PostgreSQL: row triggers refuse UPDATE and DELETE (TRUNCATE, an owner-only operation, is
left to the database administrator and the test runner's flush).
SQLite: a trigger refuses UPDATE; DELETE stays possible at the SQL level only because the
test runner empties tables with DELETE — the model and queryset refuse it for the app.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_auditlog_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only (BR-SEC-01)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditlog_no_update BEFORE UPDATE ON audit_auditlog
    FOR EACH ROW EXECUTE FUNCTION audit_auditlog_refuse_change();
CREATE TRIGGER audit_auditlog_no_delete BEFORE DELETE ON audit_auditlog
    FOR EACH ROW EXECUTE FUNCTION audit_auditlog_refuse_change();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS audit_auditlog_no_update ON audit_auditlog;
DROP TRIGGER IF EXISTS audit_auditlog_no_delete ON audit_auditlog;
DROP FUNCTION IF EXISTS audit_auditlog_refuse_change();
"""
SQLITE_FORWARD = """
CREATE TRIGGER audit_auditlog_no_update BEFORE UPDATE ON audit_auditlog
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only (BR-SEC-01)');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS audit_auditlog_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
