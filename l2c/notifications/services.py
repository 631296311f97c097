"""Sending notifications (BR-RPT-07): the in-app inbox, and group webhooks with retries.

Notifications are not business actions: they tell people about one (an approval task, a
reminder, an escalation), so these services write **no audit row**; the business action
that caused the notification has its own.

Two promises of BR-RPT-07 shape the code:

* **A delivery never blocks the business action.** ``notify`` only inserts rows, inside the
  caller's transaction; it does no network I/O, and nothing about the webhook configuration
  (missing, malformed, pointing nowhere) makes it raise.
* **A failed delivery is retried.** ``webhook_deliver_due`` (run by ``manage.py l2c_tick``)
  sends what is due, each delivery in its own short transactions, the HTTP call outside any
  transaction; a failure waits ``base · 2^(n−1)`` minutes (at most 60) and is tried again,
  until ``notifications.webhook_max_attempts`` is reached.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import logging
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.core.errors import NotFoundError
from l2c.notifications.models import DeliveryState, Notification, WebhookDelivery
from l2c.notifications.policies import (
    Webhook,
    absolute_link,
    is_webhook_url,
    parse_webhooks,
    retry_delay,
    webhook_payload,
)

log = logging.getLogger("l2c.notifications")

#: Seconds to wait for a webhook to answer.
WEBHOOK_TIMEOUT = 5
#: A claimed delivery is not picked again by another worker for this long (a worker that
#: dies between claiming and recording leaves it to be retried after the lease).
CLAIM_LEASE = dt.timedelta(minutes=5)
#: Deliveries sent by one run at most (the next tick sends the rest).
BATCH_LIMIT = 200
#: Bytes of a webhook's answer that are read and kept in ``last_error``.
ANSWER_MAX_BYTES = 64 * 1024


# --- the inbox --------------------------------------------------------------------------


def _active_unique(recipients: Iterable[Any]) -> list[Any]:
    users: list[Any] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk is None or not getattr(user, "is_active", False):
            continue
        if user.pk not in seen:
            seen.add(user.pk)
            users.append(user)
    return users


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    obj: Any = None,
    key: str = "",
) -> list[Notification]:
    """Put a notification in each recipient's inbox and queue it for the group webhooks
    whose ``kinds`` include ``kind`` (BR-RPT-07). Returns the inbox rows created.

    ``recipients``: users; duplicates, ``None`` and inactive users are skipped.
    ``kind``: a short slug such as ``"approval.task"`` (webhooks filter on it).
    ``url``: an in-app link, relative (``/approvals/12/``).
    ``obj``: the record the notification is about (stored as ``app.model`` + id).
    ``key``: names the event: with a key, calling again creates nothing new for a recipient
    who already has it, and the event is queued at most once per webhook — so a caller may
    notify from a retried or repeated action safely.

    Meant to be called from inside the caller's service transaction: it only inserts rows
    (no network I/O; the tick sends the webhooks after commit) and never raises because of
    the webhook configuration. Writes no audit row: a notification is not a business action.
    """
    kind, title, body, url, key = str(kind), str(title), str(body), str(url), str(key)
    if len(kind) > 40:
        raise ValueError("notification kind is at most 40 characters")
    if len(key) > 200:
        raise ValueError("notification key is at most 200 characters")
    users = _active_unique(recipients)
    if not users:
        return []
    if key:
        already = set(
            Notification.objects.filter(
                key=key, recipient_id__in=[u.pk for u in users]
            ).values_list("recipient_id", flat=True)
        )
        users = [u for u in users if u.pk not in already]
        if not users:
            return []
    now = timezone.now()
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(obj.pk) if obj is not None else ""
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            title=title[:200],
            body=body,
            url=url[:500],
            object_type=object_type,
            object_id=object_id,
            key=key,
            created_at=now,
        )
        for user in users
    ]
    if key:
        # ON CONFLICT DO NOTHING: a concurrent call with the same key cannot fail ours.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        rows = list(
            Notification.objects.filter(key=key, recipient_id__in=[u.pk for u in users]).order_by(
                "id"
            )
        )
    else:
        Notification.objects.bulk_create(rows)
    _queue_webhooks(
        kind=kind,
        title=title,
        body=body,
        url=url,
        user_ids=[u.pk for u in users],
        key=key or f"auto:{uuid.uuid4().hex}",
        now=now,
    )
    return rows


@transaction.atomic
def notification_mark_read(*, user: Any, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (again is harmless). Another person's
    notification does not exist for this user: 404. No audit row (not a business action)."""
    notification = None
    if isinstance(notification_id, int) and 0 < notification_id < 2**63:
        notification = Notification.objects.filter(pk=notification_id, recipient_id=user.pk).first()
    if notification is None:
        raise NotFoundError(None, _("未找到该通知。"))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def notification_mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of the user read; returns how many. No audit row."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- group webhooks: queueing -----------------------------------------------------------


def configured_webhooks() -> list[Webhook]:
    """The valid entries of ``notifications.webhooks``; a bad entry is logged and skipped."""
    hooks, problems = parse_webhooks(policy.value("notifications.webhooks"))
    for problem in problems:
        log.warning("notifications.webhooks: %s (skipped, BR-RPT-07)", problem)
    return hooks


def _display_names(user_ids: list[int]) -> list[str]:
    """The recipients' names as colleagues know them (one query)."""
    users = get_user_model()._default_manager.filter(pk__in=user_ids).select_related("person")
    by_id = {}
    for user in users:
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        by_id[user.pk] = person.name if person is not None else user.get_username()
    return [by_id[i] for i in user_ids if i in by_id]


def _queue_webhooks(
    *, kind: str, title: str, body: str, url: str, user_ids: list[int], key: str, now
) -> None:
    """One delivery per matching webhook for this event (not per recipient). Never raises:
    whatever goes wrong is logged and the business action goes on."""
    try:
        # One savepoint around every query: a database error here leaves the caller's
        # (PostgreSQL) transaction usable.
        with transaction.atomic():
            _queue_webhooks_now(
                kind=kind, title=title, body=body, url=url, user_ids=user_ids, key=key, now=now
            )
    except Exception:  # BR-RPT-07: a webhook never blocks the business action
        log.exception("could not queue the webhook deliveries of %s (%s)", kind, key)


def _queue_webhooks_now(
    *, kind: str, title: str, body: str, url: str, user_ids: list[int], key: str, now
) -> None:
    hooks = [h for h in configured_webhooks() if h.wants(kind)]
    if not hooks:
        return
    names = _display_names(user_ids)
    link = absolute_link(url, getattr(settings, "L2C_BASE_URL", ""))
    deliveries = [
        WebhookDelivery(
            channel=hook.channel,
            url=hook.url,
            name=hook.name,
            kind=kind,
            payload=webhook_payload(
                channel=hook.channel, title=title, body=body, names=names, link=link
            ),
            notification_key=key,
            next_attempt_at=now,
            created_at=now,
        )
        for hook in hooks
    ]
    WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)


# --- group webhooks: sending ------------------------------------------------------------


def _post_json(url: str, payload: dict[str, Any]) -> str:
    """POST ``payload``; ``""`` on success, otherwise what went wrong. Success is HTTP 2xx
    and, when the answer is JSON with an ``errcode`` (企业微信, 钉钉), ``errcode`` 0."""
    if not is_webhook_url(url):
        return "不是 http(s) 地址"
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "L2C"},
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            status = response.status
            answer = response.read(ANSWER_MAX_BYTES)
    except urllib.error.HTTPError as exc:
        detail = exc.read(500).decode("utf-8", errors="replace") if exc.fp else ""
        return f"HTTP {exc.code} {detail}".strip()
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return f"{type(exc).__name__}: {reason}"
    if not 200 <= status < 300:
        return f"HTTP {status}"
    try:
        parsed = json.loads(answer.decode("utf-8")) if answer.strip() else None
    except (UnicodeDecodeError, ValueError):
        parsed = None
    if isinstance(parsed, dict) and parsed.get("errcode", 0) not in (0, "0"):
        return f"errcode {parsed.get('errcode')}: {parsed.get('errmsg', '')}".strip()
    return ""


def _claim_next(now: dt.datetime, *, skip_urls: set[str]) -> WebhookDelivery | None:
    """Take the next due delivery and lease it (attempts + 1, not due again for
    ``CLAIM_LEASE``), in one short transaction; other workers skip the locked row."""
    with transaction.atomic():
        qs = WebhookDelivery.objects.filter(
            state=DeliveryState.PENDING, next_attempt_at__lte=now
        ).order_by("next_attempt_at", "id")
        if skip_urls:
            qs = qs.exclude(url__in=sorted(skip_urls))
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        delivery = qs.first()
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = now + CLAIM_LEASE
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    return delivery


def _record(
    delivery: WebhookDelivery,
    error: str,
    now: dt.datetime,
    *,
    max_attempts: int,
    base_minutes: int,
) -> str:
    """Write the outcome of one attempt (one UPDATE); returns sent / retry / failed."""
    rows = WebhookDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING)
    if not error:
        rows.update(state=DeliveryState.SENT, sent_at=now, last_error="")
        return "sent"
    error = error[:2000]
    if delivery.attempts >= max_attempts:
        rows.update(state=DeliveryState.FAILED, last_error=error)
        log.error(
            "webhook %s gave up after %s attempts (BR-RPT-07): %s",
            delivery.pk,
            delivery.attempts,
            error,
        )
        return "failed"
    rows.update(
        next_attempt_at=now + retry_delay(delivery.attempts, base_minutes), last_error=error
    )
    log.warning("webhook %s attempt %s failed: %s", delivery.pk, delivery.attempts, error)
    return "retry"


def webhook_deliver_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Send every pending delivery due at ``now`` (BR-RPT-07); returns counts of
    ``sent``, ``retry`` (failed, will be tried again) and ``failed`` (given up).

    Each delivery: claim it (short transaction, row lock skipped by other workers on
    PostgreSQL), POST it with no transaction open, record the outcome (one UPDATE). A
    webhook that fails is not tried again in the same run, so one unreachable group cannot
    hold up the others. Idempotent: what is sent is never due again.
    """
    now = now or timezone.now()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    max_attempts = int(policy.value("notifications.webhook_max_attempts", at=now))
    base_minutes = int(policy.value("notifications.webhook_retry_base_minutes", at=now))
    failing: set[str] = set()
    for _attempt in range(BATCH_LIMIT):
        delivery = _claim_next(now, skip_urls=failing)
        if delivery is None:
            break
        error = _post_json(delivery.url, delivery.payload)
        outcome = _record(
            delivery, error, now, max_attempts=max_attempts, base_minutes=base_minutes
        )
        counts[outcome] += 1
        if error:
            failing.add(delivery.url)
    return counts
