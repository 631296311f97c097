"""Seed the deals, contracts and numbering settings and chains (BR-CAT-03, BR-DEAL-02/05,
BR-CON-05/06/07)."""

from django.db import migrations


def seed(apps, schema_editor):
    from l2c.policy.defaults import seed_definitions

    seed_definitions(apps.get_model("policy", "PolicySetting"), apps.get_model("policy", "PolicyVersion"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0006_seed_activities_settings")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
