"""Seed the activities reminder settings (BR-ACT-04)."""

from django.db import migrations


def seed(apps, schema_editor):
    from l2c.policy.defaults import seed_definitions

    seed_definitions(apps.get_model("policy", "PolicySetting"), apps.get_model("policy", "PolicyVersion"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0005_seed_notification_settings")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
