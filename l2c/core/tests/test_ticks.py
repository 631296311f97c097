"""``l2c_tick``: every registered task runs; one failing task does not stop the others;
``l2c_serve``'s ticker thread runs the tick until stopped."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.management import call_command

from l2c.core import ticks


@pytest.fixture
def isolated_ticks(monkeypatch):
    monkeypatch.setattr(ticks, "_tasks", {})
    return ticks


def test_tick_runs_every_task_and_survives_a_failing_one(isolated_ticks):
    calls = []

    def broken(now):
        raise RuntimeError("boom")

    isolated_ticks.register("b.broken", broken, order=1)
    isolated_ticks.register("a.fine", lambda now: calls.append(now) or {"sent": 1}, order=2)
    results = isolated_ticks.run_all()
    assert results == {"b.broken": {"failed": 1}, "a.fine": {"sent": 1}}
    assert len(calls) == 1


@pytest.mark.django_db
def test_l2c_tick_command_reports_each_task():
    out = io.StringIO()
    call_command("l2c_tick", stdout=out)
    text = out.getvalue()
    assert "approvals.deadlines:" in text and "notifications.webhooks:" in text


def test_l2c_serve_ticker_runs_until_stopped(isolated_ticks, monkeypatch):
    from l2c.core.management.commands import l2c_serve

    ran = threading.Event()
    isolated_ticks.register("x", lambda now: ran.set() or {}, order=1)
    monkeypatch.setattr(l2c_serve, "close_old_connections", lambda: None)
    stop = threading.Event()
    thread = threading.Thread(target=l2c_serve._tick_forever, args=(stop, 0.01), daemon=True)
    thread.start()
    assert ran.wait(5)
    stop.set()
    thread.join(5)
    assert not thread.is_alive()
