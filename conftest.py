"""Fixtures shared by every app's tests and the cross-app scenarios."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from l2c.core.testing import clock  # noqa: F401 — the fixed clock fixture, for every test


@pytest.fixture
def company(db):
    from l2c.org.tests.factories import make_company

    return make_company()


@pytest.fixture
def api():
    """An API client; ``api.as_(person)`` authenticates as that person."""

    class _Client(APIClient):
        def as_(self, person):
            self.force_authenticate(user=person.user)
            return self

    return _Client()


@pytest.fixture(autouse=True)
def _fresh_policy_cache():
    """Each test starts with an empty policy cache (tests roll their data back)."""
    from l2c.policy.selectors import clear_cache

    clear_cache()
    yield
    clear_cache()
