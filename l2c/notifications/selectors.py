"""Reading the inbox (BR-RPT-07). Everyone's inbox is their own: the scope helper is
applied, and the recipient is filtered explicitly too, because company-wide roles see
everything under a scope."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from l2c.core.scope import visible_to
from l2c.notifications.models import Notification


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first (one query per page, no joins needed)."""
    qs = visible_to(user, Notification.objects.filter(recipient_id=user.pk))
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    """How many of the user's notifications are unread (one query)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
