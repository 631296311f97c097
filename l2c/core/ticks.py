"""The periodic work of ``manage.py l2c_tick`` (architecture: jobs).

State is derived from timestamps (a card's validity, an approval step's deadline); the tick
only *sends* what time has made due — reminders, escalations, webhook deliveries — and must
be idempotent: running it twice, or late, or not at all, never changes what is true.

Each app registers its task in ``AppConfig.ready()``::

    ticks.register("approvals.deadlines", tasks.send_deadline_notices, order=20)

A task takes the current moment and returns a short dict of counts for the log.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

log = logging.getLogger("l2c.tick")

TickTask = Callable[[dt.datetime], dict[str, int]]


@dataclass(frozen=True)
class _Registered:
    name: str
    task: TickTask
    order: int


_tasks: dict[str, _Registered] = {}


def register(name: str, task: TickTask, *, order: int = 50) -> None:
    _tasks[name] = _Registered(name, task, order)


def registered() -> list[str]:
    return [r.name for r in sorted(_tasks.values(), key=lambda r: (r.order, r.name))]


def run_all(*, now: dt.datetime | None = None) -> dict[str, dict[str, int]]:
    """Run every registered task once; one failing task is logged and does not stop the
    others (each task commits its own work)."""
    now = now or timezone.now()
    results: dict[str, dict[str, int]] = {}
    for reg in sorted(_tasks.values(), key=lambda r: (r.order, r.name)):
        try:
            results[reg.name] = reg.task(now)
        except Exception:  # a tick must go on with the other tasks
            log.exception("tick task %s failed", reg.name)
            results[reg.name] = {"failed": 1}
    return results
