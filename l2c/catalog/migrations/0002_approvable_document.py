"""Put the app's approvable documents on ``approvals.documents`` (issue 11): the link to
their approval request, when they were submitted and decided, the status constraint; every
existing document linked to its request (``approvals.backfill``)."""

from django.conf import settings
from django.db import migrations

from l2c.approvals.backfill import link_existing, link_fields, status_constraint


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0002_seed_chains"),
        ("catalog", "0001_initial"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *link_fields("pricechangerequest"),
        status_constraint("catalog", "pricechangerequest"),
        link_existing("catalog", "PriceChangeRequest"),
    ]
