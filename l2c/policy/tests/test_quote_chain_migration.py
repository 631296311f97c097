"""BR-DEAL-03: a company still running the shipped quote chain (supervisor only) gets the
manager's final review as a new version of the setting; a chain it changed is kept."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from l2c.policy.default_chains import DEFAULT_CHAINS
from l2c.policy.models import PolicySetting, PolicyVersion

pytestmark = pytest.mark.django_db

migration = importlib.import_module("l2c.policy.migrations.0009_quote_chain_manager_review")


def _as_before(value):
    setting = PolicySetting.objects.get(key=migration.KEY)
    PolicyVersion.objects.filter(setting=setting).exclude(number=1).delete()
    PolicyVersion.objects.filter(setting=setting, number=1).update(value=value)
    return setting


def test_br_deal_03_the_shipped_quote_chain_gains_the_managers_review():
    setting = _as_before(migration.OLD)
    migration.forward(apps, None)
    latest = setting.versions.order_by("-number").first()
    assert latest.number == 2 and latest.value == DEFAULT_CHAINS["quote"][2]
    assert "BR-DEAL-03" in latest.reason
    assert [s["name"] for s in latest.value["steps"]] == [
        "销售主管审核",
        "销售经理审核（最终报价）",
    ]
    migration.forward(apps, None)  # once only
    assert setting.versions.count() == 2


def test_br_deal_03_a_quote_chain_the_company_changed_is_kept():
    own = {"steps": [{"name": "总经理审核", "approvers": [{"type": "role", "role": "gm"}]}]}
    setting = _as_before(own)
    migration.forward(apps, None)
    assert list(setting.versions.values_list("number", flat=True)) == [1]
    assert setting.versions.get().value == own
