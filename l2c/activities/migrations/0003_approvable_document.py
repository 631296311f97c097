"""Put the app's approvable documents on ``approvals.documents`` (issue 11): the link to
their approval request, when they were submitted and decided, the status constraint; every
existing document linked to its request (``approvals.backfill``)."""

from django.conf import settings
from django.db import migrations

from l2c.approvals.backfill import link_existing, link_fields, status_constraint


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_supervisor_confirmation"),
        ("approvals", "0002_seed_chains"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="visitplan", name="activities_visit_plan_status"),
        *link_fields("visitplan", submitted_at=False),
        status_constraint("activities", "visitplan"),
        link_existing("activities", "VisitPlan"),
    ]
