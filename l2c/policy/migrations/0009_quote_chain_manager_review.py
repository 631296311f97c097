"""The quote review before sending gains the manager's final review (BR-DEAL-03), after the
supervisor's for a rep's quote (BR-APR-04). A company that still runs the shipped chain
gets the new one as a new version of the setting, in force from the upgrade, with the
reason; a chain the company has changed is left as it is."""

from django.db import migrations

KEY = "approvals.chain.quote"
OLD = {
    "resubmit_from": "rejecting_step",
    "steps": [
        {
            "name": "销售主管审核",
            "approvers": [{"type": "superior"}],
            "mode": "any",
            "deadline": {"type": "same_day"},
        }
    ],
}


def forward(apps, schema_editor):
    from django.utils import timezone

    from l2c.policy.default_chains import DEFAULT_CHAINS

    Setting = apps.get_model("policy", "PolicySetting")
    Version = apps.get_model("policy", "PolicyVersion")
    setting = Setting.objects.filter(key=KEY).first()
    if setting is None:
        return
    latest = Version.objects.filter(setting=setting).order_by("-effective_from", "-number")
    latest = latest.first()
    if latest is None or latest.value != OLD:
        return
    _label, rule, chain = DEFAULT_CHAINS["quote"]
    Version.objects.create(
        setting=setting,
        number=latest.number + 1,
        value=chain,
        effective_from=timezone.now(),  # never back-dated (decision 6): quotes reviewed
        # before the upgrade were reviewed under the chain then in force
        reason="系统默认值更新：报价发出前由销售主管审核，最终报价由销售经理审核（BR-DEAL-03）",
    )
    setting.rule = rule
    setting.save(update_fields=["rule"])


class Migration(migrations.Migration):
    dependencies = [("policy", "0008_seed_customer_archive_chain")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
