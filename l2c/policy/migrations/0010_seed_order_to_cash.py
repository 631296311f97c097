"""Order to cash (issue 12): the new settings and chains (BR-FIN-03 retention cap, the demand
request of BR-FUL-02, the invoice request of BR-FIN-07) are created, and the document
numbering gains the order, outbound, red outbound, dunning and invoice-request series — as a
new version of ``numbering.formats``, in force from the upgrade, keeping every format the
company already has (its own changes included)."""

from django.db import migrations

KEY = "numbering.formats"


def forward(apps, schema_editor):
    from django.utils import timezone

    from l2c.policy.defaults import seed_definitions
    from l2c.policy.defaults.delivery import ORDER_TO_CASH_FORMATS

    Setting = apps.get_model("policy", "PolicySetting")
    Version = apps.get_model("policy", "PolicyVersion")
    seed_definitions(Setting, Version)
    setting = Setting.objects.filter(key=KEY).first()
    if setting is None:
        return
    latest = Version.objects.filter(setting=setting).order_by("-effective_from", "-number")
    latest = latest.first()
    if latest is None or not isinstance(latest.value, dict):
        return
    missing = {k: v for k, v in ORDER_TO_CASH_FORMATS.items() if k not in latest.value}
    if not missing:
        return
    Version.objects.create(
        setting=setting,
        number=latest.number + 1,
        value={**latest.value, **missing},
        effective_from=timezone.now(),
        reason="系统默认值更新：增加销售订单、出库单、红字出库单、催款通知单、开票申请的编号规则",
    )


class Migration(migrations.Migration):
    dependencies = [("policy", "0009_quote_chain_manager_review")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
