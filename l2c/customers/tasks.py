"""What ``l2c_tick`` does for customers (BR-CUS-04, 07): record the drop of void cards into
the public pool, and remind owners the day before a drop. Idempotent: a dropped card has
no owner any more; a reminder is marked with the ``void_at`` it was sent for.

Who owns a customer never depends on this job — a card past ``void_at`` is treated as in
the pool by every read and every service — the sweep only makes the record explicit.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.customers.models import Customer, OwnershipKind, OwnershipRecord
from l2c.customers.policies import VOID_REASONS

BATCH = 5000


def cards_due_to_drop(now: dt.datetime):
    return Customer.objects.filter(
        owner__isnull=False,
        void_at__lte=now,
        deal_at__isnull=True,
        locked=False,
        archived_at=None,
    )


def drop_void_cards(now: dt.datetime) -> int:
    """Record the drop of every card void at ``now`` (BR-CUS-04): owner → previous owner,
    one DROP ownership record each, in batches of ``BATCH`` (each its own transaction,
    rows taken with SKIP LOCKED so a service holding a card is never waited for)."""
    # the reasons translated once a run, not once a row
    reasons = {key: str(label) for key, label in VOID_REASONS.items()}
    fallback = str(_("废卡"))
    batch = _drop_batch_sql if connection.vendor == "postgresql" else _drop_batch_orm
    dropped = 0
    while True:
        with transaction.atomic():
            n = batch(now, reasons, fallback)
        if not n:
            return dropped
        dropped += n


def _drop_batch_orm(now: dt.datetime, reasons: dict[str, str], fallback: str) -> int:
    rows = list(
        cards_due_to_drop(now)
        .select_for_update(skip_locked=True)
        .order_by("void_at", "id")  # the live-card index's order
        .values_list("id", "owner_id", "void_at", "void_reason")[:BATCH]
    )
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
    return len(rows)


def _drop_batch_sql(now: dt.datetime, reasons: dict[str, str], fallback: str) -> int:
    """The same batch as one statement on PostgreSQL: the rows never travel to Python
    (select the due cards, move them, insert their records — a data-modifying CTE)."""
    qn = connection.ops.quote_name
    customers, records = (qn(m._meta.db_table) for m in (Customer, OwnershipRecord))
    due_sql, due_params = (
        cards_due_to_drop(now)
        .select_for_update(skip_locked=True)
        .order_by("void_at", "id")
        .values("id")[:BATCH]
        .query.sql_with_params()
    )
    cases = " ".join("WHEN %s THEN %s" for _key in reasons)
    sql = (
        f"WITH due AS ({due_sql}), "
        f"moved AS (UPDATE {customers} AS c SET previous_owner_id = c.owner_id, "
        "owner_id = NULL, dropped_at = c.void_at, version = c.version + 1 "
        "FROM due WHERE c.id = due.id "
        "RETURNING c.id, c.previous_owner_id, c.dropped_at, c.void_reason) "
        f"INSERT INTO {records} (customer_id, kind, from_owner_id, reason, rule, at) "
        f"SELECT id, %s, previous_owner_id, CASE void_reason {cases} ELSE %s END, %s, "
        "dropped_at FROM moved"
    )
    params = [*due_params, OwnershipKind.DROP.value]
    for key, label in reasons.items():
        params += [key, label]
    params += [fallback, "BR-CUS-04"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


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
