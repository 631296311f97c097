"""One policy setting as the product ships it: key, kind, default, label, rule, group."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

#: The first version of every default is in force from this moment, so that reading a
#: setting "at" any past business date finds a value.
DEFAULTS_EFFECTIVE_FROM = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Definition:
    key: str
    kind: str
    default: Any
    label: str
    rule: str
    group: str
    description: str = ""
    minimum: int | None = None
    maximum: int | None = None
