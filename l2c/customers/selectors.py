"""Reads of customers, scoped (BR-ORG-02, BR-RPT-05) with a fixed number of queries.

The card state is computed from the dates at read time (``card_state_q``), so lists and
filters are right whether or not the pool sweep has run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from l2c import policy
from l2c.core.errors import NotFoundError
from l2c.core.roles import Role
from l2c.core.scope import scope_q, viewer_of
from l2c.customers.models import CardState, Customer, DuplicateCard, OwnershipRecord
from l2c.customers.policies import mask_id_number, mask_mobile, normalise_mobile

#: who may browse the public pool (and see pooled customers, masked)
POOL_ROLES = frozenset(
    {Role.REP, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM, Role.ASSISTANT}
)
SCOPES = ("mine", "team", "department", "all", "pool")


def pool_q(now: dt.datetime) -> Q:
    """In the public pool now: no owner, or a void card (not deal, not locked)."""
    return Q(owner__isnull=True) | Q(void_at__lte=now, deal_at__isnull=True, locked=False)


def card_state_q(state: str, now: dt.datetime) -> Q:
    ahead = dt.timedelta(days=policy.value("customers.drop_reminder_days", at=now))
    live = Q(owner__isnull=False, deal_at__isnull=True, locked=False)
    match state:
        case CardState.DEAL:
            return Q(deal_at__isnull=False)
        case CardState.LOCKED:
            return Q(locked=True, deal_at__isnull=True)
        case CardState.POOL:
            return Q(owner__isnull=True)
        case CardState.VOID:
            return live & Q(void_at__lte=now)
        case CardState.DUE_SOON:
            return live & Q(void_at__gt=now, void_at__lte=now + ahead)
        case CardState.VALID:
            return live & Q(void_at__gt=now)
    return Q()


def card_state(
    customer: Customer, now: dt.datetime | None = None, *, ahead: dt.timedelta | None = None
) -> str:
    """The card's state now; pass ``ahead`` (the reminder window) to avoid the policy read
    when rendering many rows."""
    now = now or timezone.now()
    if customer.deal_at is not None:
        return CardState.DEAL
    if customer.locked:
        return CardState.LOCKED
    if customer.owner_id is None:
        return CardState.POOL
    if customer.void_at is not None and customer.void_at <= now:
        return CardState.VOID
    if ahead is None:
        ahead = dt.timedelta(days=policy.value("customers.drop_reminder_days", at=now))
    if customer.void_at is not None and customer.void_at <= now + ahead:
        return CardState.DUE_SOON
    return CardState.VALID


def _base() -> QuerySet[Customer]:
    return Customer.objects.filter(archived_at=None).select_related(
        "owner__person", "previous_owner__person", "team", "department"
    )


#: the columns a list page shows (name, phone, class, stage, owner, team, card state, dates)
#: the columns a list page shows, as ``values()`` keys (``Shown.rows`` turns them into rows)
LIST_FIELDS = (
    "id",
    "name",
    "company",
    "mobile",
    "klass",
    "stage",
    "owner_id",
    "team_id",
    "deal_at",
    "locked",
    "void_at",
    "last_contact_at",
    "registered_at",
    "dropped_at",
)


def list_rows(qs: QuerySet[Customer]) -> QuerySet:
    """``qs`` narrowed to what a list page shows: plain dicts of the shown columns with
    two joins, instead of four model instances a row over four joins and ~110 columns
    (docs/benchmarks.md, the rep's page)."""
    return qs.select_related(None).values(
        *LIST_FIELDS,
        owner_login=F("owner__username"),
        owner_name=F("owner__person__name"),
        team_name=F("team__name"),
    )


def customer_list(
    *,
    viewer,
    scope: str = "mine",
    klass: str | None = None,
    stage: str | None = None,
    owner_id: int | None = None,
    state: str | None = None,
    search: str = "",
    now: dt.datetime | None = None,
) -> QuerySet[Customer]:
    """The customers a viewer works with (BR-RPT-05): ``mine`` (I own), ``team`` /
    ``department`` / ``all`` (what my role lets me see), ``pool`` (the public pool)."""
    now = now or timezone.now()
    v = viewer_of(viewer)
    qs = _base()
    if scope == "pool":
        if not (v.roles & POOL_ROLES or v.is_superuser):
            return qs.none()
        qs = qs.filter(pool_q(now))
    elif scope == "mine":
        qs = qs.filter(owner_id=v.user_id)
    else:
        q = scope_q(v, Customer.scope)
        # the viewer's own team / department: that filter *is* their scope — no OR, which
        # would hide the index from the planner (docs/benchmarks.md)
        own_scope = (
            scope == "department" and v.department_id and v.roles & {Role.MANAGER, Role.ASSISTANT}
        ) or (scope == "team" and v.team_ids and Role.SUPERVISOR in v.roles)
        if q is not None and not own_scope:
            qs = qs.filter(q)
        if scope == "team" and v.team_ids:
            qs = qs.filter(team_id__in=sorted(v.team_ids))
        elif scope == "department" and v.department_id:
            qs = qs.filter(department_id=v.department_id)
    if klass:
        qs = qs.filter(klass=klass)
    if stage:
        qs = qs.filter(stage=stage)
    if owner_id:
        qs = qs.filter(owner_id=owner_id)
    if state:
        qs = qs.filter(card_state_q(state, now))
    search = (search or "").strip()[:60]
    if search:
        digits = "".join(ch for ch in search if ch.isdigit() or ch == "+")
        mobile = ""
        if len(digits) >= 11:
            try:
                mobile = normalise_mobile(digits)
            except Exception:
                mobile = ""
        qs = (
            qs.filter(mobile=mobile)
            if mobile
            else qs.filter(Q(name__startswith=search) | Q(company__startswith=search))
        )
    return qs.order_by("-registered_at", "-id")


def my_customers(user, limit: int = 500) -> list[Customer]:
    """The customers the user owns with a card still valid (or a deal, or locked), for the
    pickers of other modules' forms (one query): a void card takes no follow-up or deal
    (BR-CUS-04)."""
    live = Q(deal_at__isnull=False) | Q(locked=True) | Q(void_at__gt=timezone.now())
    return list(
        customer_list(viewer=user, scope="mine")
        .filter(live)
        .select_related(None)
        .only("id", "name")
        .order_by("name", "id")[:limit]
    )


def customer_get(*, viewer, customer_id) -> Customer:
    """One customer the viewer may see: in scope, or in the public pool (masked)."""
    now = timezone.now()
    v = viewer_of(viewer)
    qs = _base()
    q = scope_q(v, Customer.scope)
    if q is not None:
        visible = q | (pool_q(now) if v.roles & POOL_ROLES else Q(pk__in=[]))
        qs = qs.filter(visible)
    try:
        return qs.get(pk=int(customer_id))
    except (Customer.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ORG-02", _("未找到该客户。")) from exc


def owns(viewer, customer: Customer, now: dt.datetime | None = None) -> bool:
    """Whether the viewer sees the customer's personal data unmasked (BR-CUS-10): only the
    owner of a card that is not in the pool."""
    from l2c.customers.services import is_effectively_owned

    return customer.owner_id == viewer_of(viewer).user_id and is_effectively_owned(
        customer, now or timezone.now()
    )


def shown_mobile(viewer, customer: Customer) -> str:
    return customer.mobile if owns(viewer, customer) else mask_mobile(customer.mobile)


def shown_id_number(viewer, customer: Customer) -> str:
    if not customer.id_number:
        return ""
    return customer.id_number if owns(viewer, customer) else mask_id_number(customer.id_number)


@dataclass(frozen=True)
class PhoneLookup:
    """What the reception desk learns from a phone number (BR-REC-06, BR-CUS-10): whether
    the customer exists, who owns them and the card's state — never their details."""

    exists: bool
    customer_id: int | None = None
    name_masked: str = ""
    owner_id: int | None = None
    owner_name: str = ""
    state: str = ""
    state_label: str = ""
    registered_at: dt.datetime | None = None
    void_at: dt.datetime | None = None
    owner_person_id: int | None = None


def _aware(value) -> dt.datetime | None:
    """A datetime from a raw row: PostgreSQL gives aware ones, SQLite naive UTC or text."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


def _phone_row(number: str):
    """The desk's hot path (docs/benchmarks.md): one parametrised query, no ORM compile."""
    from l2c.org.models import Person

    sql = (
        "SELECT c.id, c.name, c.owner_id, p.name, p.id, c.deal_at, c.locked, c.void_at,"
        " c.registered_at"
        f" FROM {Customer._meta.db_table} c"
        f" LEFT JOIN {Person._meta.db_table} p ON p.user_id = c.owner_id"
        " WHERE c.mobile = %s AND c.archived_at IS NULL LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [number])
        return cursor.fetchone()


def phone_lookup(mobile: str, *, now: dt.datetime | None = None) -> PhoneLookup:
    """Exact lookup on the normalised mobile: one narrow indexed query (the reminder window
    comes from the cached policy)."""
    now = now or timezone.now()
    number = normalise_mobile(mobile)
    row = _phone_row(number)
    if row is None:
        return PhoneLookup(False)
    pk, name, owner_id, owner_name, owner_person_id, deal_at, locked, void_at, registered = row
    void_at = _aware(void_at)
    probe = Customer(
        owner_id=owner_id, deal_at=_aware(deal_at), locked=bool(locked), void_at=void_at
    )
    state = card_state(probe, now)
    return PhoneLookup(
        True,
        pk,
        name[:1] + "*" * max(len(name) - 1, 1),
        owner_id,
        owner_name or "",
        state,
        str(CardState(state).label),
        _aware(registered),
        void_at,
        owner_person_id,
    )


def customer_by_mobile(mobile: str) -> Customer | None:
    """The customer with this mobile, whoever owns it — for the reception desk's duplicate
    check and attribution, which need the card's facts, never to show its details."""
    number = normalise_mobile(mobile)
    if not number:
        return None
    return (
        Customer.objects.filter(mobile=number, archived_at=None)
        .select_related("owner__person", "previous_owner__person")
        .first()
    )


def ownership_history(customer: Customer) -> QuerySet[OwnershipRecord]:
    return customer.ownership.select_related(
        "from_owner__person", "to_owner__person", "actor__person"
    ).order_by("at", "id")


def duplicate_cards(customer: Customer) -> QuerySet[DuplicateCard]:
    return customer.duplicates.select_related("registered_by__person", "owner_at_the_time__person")
