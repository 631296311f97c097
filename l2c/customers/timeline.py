"""The customer page's timeline (BR-CUS-01): registrations, follow-ups, ownership records,
attribution decisions, later deals — each app contributes its entries through a provider
registered in its ``AppConfig.ready()`` (customers must not import the apps after it)::

    timeline.register("activities", follow_up_entries)

A provider takes the customer and returns :class:`TimelineEntry` items (at most a fixed
number of queries each, whatever the customer's history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # short slug: "registration", "follow_up", "ownership", "attribution", …
    title: str
    detail: str = ""
    actor: str = ""
    icon: str = "dot"
    url: str = ""
    rule: str = ""


Provider = Callable[[object], list[TimelineEntry]]
_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    _providers[key] = provider


def entries_for(customer) -> list[TimelineEntry]:
    """Every provider's entries, newest first."""
    out: list[TimelineEntry] = []
    for provider in _providers.values():
        out.extend(provider(customer))
    return sorted(out, key=lambda e: e.at, reverse=True)
