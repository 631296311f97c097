"""Seed every default of rules.md as version 1 of its setting (BR-POL-01)."""

from django.db import migrations


def seed(apps, schema_editor):
    from l2c.policy.defaults import seed_definitions

    seed_definitions(apps.get_model("policy", "PolicySetting"), apps.get_model("policy", "PolicyVersion"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
