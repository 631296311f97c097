"""BR-RPT-07: seed the notification settings (group webhooks, retries) with their defaults."""

from django.db import migrations


def seed(apps, schema_editor):
    from l2c.policy.defaults import seed_definitions

    seed_definitions(apps.get_model("policy", "PolicySetting"), apps.get_model("policy", "PolicyVersion"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0004_seed_chinese_calendar")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
