"""Shared pieces of the customer pages: the scope tabs a role has (BR-RPT-05), the people a
viewer may pick, what the viewer may do on a customer, and the follow-up link."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from l2c import policy
from l2c.core.errors import BusinessRuleError
from l2c.core.roles import COMPANY_WIDE_ROLES, Role
from l2c.core.scope import can_see, viewer_of, visible_to
from l2c.customers import selectors, services
from l2c.customers.archive import may_archive
from l2c.customers.display import Shown
from l2c.customers.models import CardState, Customer, OwnershipKind, OwnershipRecord, Stage
from l2c.org.models import Person

PAGE_SIZE = 50
TABS = (
    ("mine", _("我负责的"), "person-check"),
    ("team", _("本组"), "people"),
    ("department", _("本部门"), "building"),
    ("all", _("全部"), "globe2"),
    ("pool", _("公海"), "water"),
)
TRANSFER_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})
SENIOR_ROLES = frozenset({Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})


def scopes_for(user) -> list[str]:
    """The list scopes the viewer's roles have (BR-RPT-05), in tab order."""
    v = viewer_of(user)
    have = {
        "mine": bool(v.roles & services.OWNER_ROLES),
        "team": Role.SUPERVISOR in v.roles and bool(v.team_ids),
        "department": bool(v.roles & {Role.MANAGER, Role.ASSISTANT}) and bool(v.department_id),
        "all": bool(v.roles & COMPANY_WIDE_ROLES) or v.is_superuser,
        "pool": bool(v.roles & selectors.POOL_ROLES) or v.is_superuser,
    }
    return [key for key, _label, _icon in TABS if have[key]]


def tabs_for(user) -> list[tuple[str, str, str]]:
    allowed = set(scopes_for(user))
    return [t for t in TABS if t[0] in allowed]


def owner_people(user, *, scope: str = "all"):
    """Active people who may own customers, within the viewer's scope (one query)."""
    v = viewer_of(user)
    qs = visible_to(
        user,
        Person.objects.filter(
            roles__role__in=services.OWNER_ROLES, left_on__isnull=True, user__is_active=True
        ),
    ).distinct()
    if scope == "team":
        qs = qs.filter(team_id__in=sorted(v.team_ids))
    elif scope == "department":
        qs = qs.filter(department_id=v.department_id)
    return qs.select_related("team").order_by("department__sort_order", "employee_no")


def owner_choices(user, *, scope: str = "all") -> list[tuple[int, str]]:
    """(user id, "name（team）") of the owners a viewer may filter by: plain tuples from one
    query, no model instances (the GM's list has ~340 of them; docs/benchmarks.md)."""
    rows = owner_people(user, scope=scope).values_list("user_id", "name", "team__name")
    return [(uid, f"{name}（{team}）" if team else name) for uid, name, team in rows]


@dataclass
class Allowance:
    """BR-CUS-07 caps as they stand for one rep today."""

    claimed_today: int
    daily_cap: int
    owned: int
    max_owned: int


def claim_allowance(user, now: dt.datetime) -> Allowance:
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    claimed = OwnershipRecord.objects.filter(
        to_owner=user, kind=OwnershipKind.CLAIM, at__gte=start
    ).count()
    owned = Customer.objects.filter(
        Q(void_at__gt=now) | Q(locked=True), owner=user, deal_at__isnull=True, archived_at=None
    ).count()
    return Allowance(
        claimed,
        policy.value("customers.pool_daily_claim_cap", at=now),
        owned,
        policy.value("customers.max_owned", at=now),
    )


@dataclass
class Can:
    """What the viewer may do on one customer (the services check again)."""

    edit: bool
    reveal: bool
    claim: bool
    transfer: bool
    lock: bool
    unlock: bool
    lost: bool
    archive: bool
    contacts: bool


def permissions(user, customer: Customer, shown: Shown) -> Can:
    v = viewer_of(user)
    state = shown.state(customer)
    owner = customer.owner_id == v.user_id
    in_scope = owner or can_see(user, customer)
    leader = bool(v.roles & services.LEADER_ROLES) and in_scope
    edit = owner or leader
    senior = bool(v.roles & SENIOR_ROLES) and in_scope
    live = state not in (CardState.POOL, CardState.VOID)
    return Can(
        edit=edit,
        reveal=in_scope and not shown.owns(customer),
        claim=not live and bool(v.roles & services.OWNER_ROLES),
        transfer=customer.deal_at is None
        and in_scope
        and (senior or (Role.SUPERVISOR in v.roles and not live)),
        lock=senior and customer.owner_id is not None and not customer.locked and live,
        unlock=senior and customer.locked,
        lost=edit and customer.stage not in (Stage.LOST, Stage.DEAL) and customer.deal_at is None,
        archive=may_archive(user),
        contacts=edit,
    )


def follow_up_url(customer_id: int) -> str:
    """The follow-up form of the activities app, if it is there yet."""
    for kwargs in ({"customer_id": customer_id}, {"pk": customer_id}):
        try:
            return reverse("activities:follow_up_new", kwargs=kwargs)
        except NoReverseMatch:
            continue
    try:
        return f"{reverse('activities:follow_up_new')}?customer={customer_id}"
    except NoReverseMatch:
        return ""


def int_or_none(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


def refuse(request, exc: BusinessRuleError) -> None:
    messages.error(request, f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message))


def register(*, actor, data: dict, owner_id=None, channel=None):
    """``customer_register`` with the stage chosen on the form (one service, one audit)."""
    kwargs = {"channel": channel} if channel else {}
    return services.customer_register(actor=actor, data=dict(data), owner_id=owner_id, **kwargs)
