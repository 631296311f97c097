import pytest

from l2c.approvals.tests.conftest import clock, outcomes  # noqa: F401
from l2c.deals.tests import factories


@pytest.fixture
def cat(company):
    return factories.catalog(company)
