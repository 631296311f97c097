"""Put the app's approvable documents on ``approvals.documents`` (issue 11): the link to
their approval request, when they were submitted and decided, the status constraint; every
existing document linked to its request (``approvals.backfill``)."""

from django.conf import settings
from django.db import migrations

from l2c.approvals.backfill import link_existing, link_fields, status_constraint


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0002_seed_chains"),
        ("catalog", "0002_approvable_document"),
        ("customers", "0008_approvable_document"),
        ("deals", "0003_quotes_tenders_bonds"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *link_fields("discountrequest"),
        *link_fields("quote"),
        *link_fields("tender"),
        status_constraint("deals", "discountrequest"),
        link_existing("deals", "DiscountRequest", "Quote", "Tender"),
    ]
