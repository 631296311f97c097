"""The policy cache: repeated reads cost no query; a change is seen at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c import policy
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db


def test_br_pol_02_cached_reads_and_a_change_is_seen_at_once(company, settings):
    settings.L2C_POLICY_CACHE_SECONDS = 10
    assert policy.value("customers.protection_days") == 60
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(5):
            assert policy.value("customers.protection_days") == 60
    assert len(ctx.captured_queries) == 0
    policy_change(
        actor=company.gm.user, key="customers.protection_days", value=90, reason="延长保护期"
    )
    assert policy.value("customers.protection_days") == 90
