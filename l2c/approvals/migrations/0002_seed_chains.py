"""Seed the approval chains of BR-APR-02/04 and the working-hours settings as policy data."""

from django.db import migrations


def seed(apps, schema_editor):
    from l2c.policy.defaults import seed_definitions

    seed_definitions(apps.get_model("policy", "PolicySetting"), apps.get_model("policy", "PolicyVersion"))


class Migration(migrations.Migration):
    dependencies = [("approvals", "0001_initial"), ("policy", "0005_seed_notification_settings")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
