"""The company's rule settings (制度), versioned (BR-POL-01, 02).

Read a setting with ``policy.value("customers.protection_days", at=when)``: the value in
force at ``when`` (now by default), typed (int days, Decimal percent/money, bool, list …).
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def value(key: str, *, at: dt.datetime | None = None) -> Any:
    from l2c.policy.selectors import policy_value

    return policy_value(key, at=at)
