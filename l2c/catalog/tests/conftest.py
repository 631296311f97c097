import pytest

from l2c.catalog.tests.factories import make_catalog, make_customer


@pytest.fixture
def catalog(company, clock):
    return make_catalog(company)


@pytest.fixture
def customer(company, clock):
    return make_customer(company.rep)
