"""Seed the customer archive chain (BR-CUS-09: a customer file is archived only with the
general manager's approval)."""

from django.db import migrations


def seed(apps, schema_editor):
    from l2c.policy.defaults import seed_definitions

    seed_definitions(
        apps.get_model("policy", "PolicySetting"), apps.get_model("policy", "PolicyVersion")
    )


class Migration(migrations.Migration):
    dependencies = [("policy", "0007_seed_deals_settings")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
