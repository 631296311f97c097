"""What ``l2c_tick`` does for customers (BR-CUS-04, 07): record the drop of void cards into
the public pool, and remind owners the day before a drop. Idempotent: a dropped card has
no owner any more; a reminder is marked with the ``void_at`` it was sent for.

Who owns a customer never depends on this job — a card past ``void_at`` is treated as in
the pool by every read and every service — the sweep only makes the record explicit.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.customers.models import Customer, OwnershipKind, OwnershipRecord
from l2c.customers.policies import VOID_REASONS

BATCH = 5000


def _due_to_drop(now: dt.datetime):
    return Customer.objects.filter(
        owner__isnull=False,
        void_at__lte=now,
        deal_at__isnull=True,
        locked=False,
        archived_at=None,
    )


def drop_void_cards(now: dt.datetime) -> int:
    dropped = 0
    # the reasons translated once a run, not once a row
    reasons = {key: str(label) for key, label in VOID_REASONS.items()}
    fallback = str(_("废卡"))
    while True:
        with transaction.atomic():
            rows = list(
                _due_to_drop(now)
                .select_for_update(skip_locked=True)
                .order_by("void_at", "id")  # the live-card index's order
                .values_list("id", "owner_id", "void_at", "void_reason")[:BATCH]
            )
            if not rows:
                return dropped
            OwnershipRecord.objects.bulk_create(
                [
                    OwnershipRecord(
                        customer_id=pk,
                        kind=OwnershipKind.DROP,
                        from_owner_id=owner,
                        reason=reasons.get(reason, fallback),
                        rule="BR-CUS-04",
                        at=void_at,
                    )
                    for pk, owner, void_at, reason in rows
                ]
            )
            Customer.objects.filter(pk__in=[r[0] for r in rows]).update(
                previous_owner_id=F("owner_id"),
                owner=None,
                dropped_at=F("void_at"),
                version=F("version") + 1,
            )
            dropped += len(rows)


def remind_before_drop(now: dt.datetime) -> int:
    from l2c.notifications.services import notify

    ahead = dt.timedelta(days=policy.value("customers.drop_reminder_days", at=now))
    due = (
        Customer.objects.filter(
            owner__isnull=False,
            void_at__gt=now,
            void_at__lte=now + ahead,
            deal_at__isnull=True,
            locked=False,
            archived_at=None,
        )
        .exclude(reminded_for=F("void_at"))
        .select_related("owner")
        .order_by("void_at")[:2000]
    )
    sent = 0
    for customer in due:
        with transaction.atomic():
            claimed = (
                Customer.objects.filter(pk=customer.pk, void_at=customer.void_at)
                .exclude(reminded_for=F("void_at"))
                .update(reminded_for=F("void_at"))
            )
            if not claimed:
                continue
            notify(
                recipients=[customer.owner],
                kind="customer.drop_reminder",
                title=_("客户即将掉入公海：%(name)s") % {"name": customer.name},
                body=_("%(reason)s前请跟进，否则客户将于 %(when)s 掉入公海。")
                % {
                    "reason": VOID_REASONS.get(customer.void_reason, ""),
                    "when": timezone.localtime(customer.void_at).strftime("%m-%d %H:%M"),
                },
                url=reverse("customers:detail", args=[customer.pk]),
                obj=customer,
                key=f"customer-{customer.pk}-drop-{customer.void_at.timestamp():.0f}",
            )
            sent += 1
    return sent


def sweep_and_remind(now: dt.datetime) -> dict[str, int]:
    return {"dropped": drop_void_cards(now), "reminded": remind_before_drop(now)}
