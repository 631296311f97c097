"""Helpers for tests: the fixed clock every time rule is tested under."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Monday 23 November 2026, 10:00 in Shanghai — an ordinary working morning
MONDAY_10 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


def at(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> dt.datetime:
    """An aware moment in Shanghai."""
    return dt.datetime(y, m, d, h, mi, tzinfo=SHANGHAI)


def api_error(response, status: int, rule: str | None = None) -> dict:
    """The API's error body ``{code, rule, message}``, checked for its status (and rule)."""
    assert response.status_code == status, response.content
    body = response.json()
    assert {"code", "rule", "message"} <= set(body)
    if rule is not None:
        assert body["rule"] == rule
    return body


def queries_of(client, path: str) -> tuple[int, dict]:
    """How many queries a GET of ``path`` takes once warm (what is cached per user — the
    viewer's roles and scope — is read by a first GET), and its JSON."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


try:  # the fixture, for conftest files: ``from l2c.core.testing import clock``
    import pytest
    import time_machine

    @pytest.fixture
    def clock():
        """A fixed clock (Monday 23 November 2026, 10:00 Shanghai); move it with
        ``clock.move_to(moment)``."""
        with time_machine.travel(MONDAY_10, tick=False) as traveller:
            yield traveller

except ImportError:  # pragma: no cover — production installs have no pytest
    pass
