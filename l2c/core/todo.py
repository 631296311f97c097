"""The to-do panel of every home page (BR-RPT-05).

Each domain app registers, in its ``AppConfig.ready()``, a provider for its section:
customers to contact today and about to drop to the pool (customers), approvals waiting
(approvals), visit reports due (activities), payments due (finance). The panel shows what
the registered providers return for the viewer, in the order of the flow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    due: dt.datetime | dt.date | None = None
    overdue: bool = False
    note: str = ""

    @property
    def has_time(self) -> bool:
        """A deadline with a time of day (a date-only one shows as a date)."""
        return isinstance(self.due, dt.datetime)


@dataclass
class TodoSection:
    key: str
    label: str
    icon: str
    order: int
    items: list[TodoItem] = field(default_factory=list)
    total: int | None = None  # when more exist than the items shown
    more_url: str = ""


Provider = Callable[[object], TodoSection | None]
_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    """Register (or replace) the provider of one section."""
    _providers[key] = provider


def registered() -> list[str]:
    return sorted(_providers)


def todo_for(user) -> list[TodoSection]:
    sections = []
    for provider in _providers.values():
        section = provider(user)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda s: s.order)
