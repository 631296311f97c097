"""What ``manage.py l2c_tick`` runs for notifications (idempotent)."""

from __future__ import annotations

import datetime as dt

from l2c.notifications import services


def deliver_webhooks(now: dt.datetime) -> dict[str, int]:
    """BR-RPT-07: send the group-webhook deliveries that are due, retry the failed ones."""
    return services.webhook_deliver_due(now)
