"""Put the app's approvable documents on ``approvals.documents`` (issue 11): the link to
their approval request, when they were submitted and decided, the status constraint; every
existing document linked to its request (``approvals.backfill``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from l2c.approvals.backfill import link_existing, link_fields, status_constraint, status_field


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0002_seed_chains"),
        ("catalog", "0002_approvable_document"),
        ("contracts", "0004_name_change_fee_receipt"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *link_fields("contract"),
        *link_fields("contractaccessrequest"),
        *link_fields("contractchange"),
        *(
            migrations.AlterField(
                model_name=model_name,
                name="owner",
                field=models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                    verbose_name="负责人",
                ),
            )
            for model_name in ("contractaccessrequest", "contractchange")
        ),
        migrations.AlterField(
            model_name="contractaccessrequest", name="status", field=status_field()
        ),
        migrations.AlterField(model_name="contractchange", name="status", field=status_field()),
        status_constraint("contracts", "contractaccessrequest"),
        status_constraint("contracts", "contractchange"),
        link_existing("contracts", "Contract", "ContractAccessRequest", "ContractChange"),
    ]
