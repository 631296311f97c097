from l2c.approvals.tests.conftest import clock, outcomes  # noqa: F401
