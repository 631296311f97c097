"""The API token's lifetime (issue 16): ``security.token_days``."""

from django.db import migrations


def seed(apps, schema_editor):
    from l2c.policy.defaults import seed_definitions

    seed_definitions(apps.get_model("policy", "PolicySetting"), apps.get_model("policy", "PolicyVersion"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0010_seed_order_to_cash")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
