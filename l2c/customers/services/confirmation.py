"""Supervisor confirmation of new cards (BR-CUS-04a), a policy switch, off by default
(the car-dealership rulebook turns it on with 24 hours):

- a new card confirmed by the supervisor the same day is effective from its registration,
  otherwise from the confirmation;
- the earliest *effective* registration decides duplicates: a competing registration
  (a duplicate card) confirmed earlier than the owner's card becomes the owner;
- follow-ups wait for the supervisor too (``l2c.activities``): one confirmed within 24
  hours counts from when it was made, otherwise from the confirmation
  (``effective_contact_time``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers.models import Customer, DuplicateCard, OwnershipKind
from l2c.customers.services._common import (
    give_ownership,
    is_effectively_owned,
    locked_customer,
    owner_person,
    record_ownership,
)
from l2c.org.models import Person

RULE = "BR-CUS-04a"
CONFIRMERS = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})


def confirmation_required(at: dt.datetime | None = None) -> bool:
    return bool(policy.value("customers.supervisor_confirmation", at=at))


def effective_registration(registered_at: dt.datetime, confirmed_at: dt.datetime) -> dt.datetime:
    """Same local day → the registration; later → the confirmation."""
    same_day = timezone.localdate(registered_at) == timezone.localdate(confirmed_at)
    return registered_at if same_day else confirmed_at


def effective_contact_time(made_at: dt.datetime, confirmed_at: dt.datetime) -> dt.datetime:
    """A follow-up confirmed within the window counts from when it was made."""
    hours = policy.value("customers.supervisor_confirmation_hours", at=confirmed_at)
    return made_at if confirmed_at - made_at <= dt.timedelta(hours=hours) else confirmed_at


def require_confirmer(actor, rep_user_id: int | None) -> None:
    """The rep's supervisor (or a leader above, in scope) confirms."""
    viewer = viewer_of(actor)
    if not viewer.roles & CONFIRMERS:
        raise PermissionDeniedError(RULE, _("只有主管或经理可以确认。"))
    if actor.pk == rep_user_id:
        raise PermissionDeniedError(RULE, _("不能确认自己的登记或跟进。"))
    rep = Person.objects.filter(user_id=rep_user_id).only("team_id", "department_id").first()
    if rep is None:
        return
    senior = viewer.roles & {Role.DIRECTOR, Role.VP, Role.GM}
    in_team = rep.team_id is not None and rep.team_id in viewer.team_ids
    in_department = Role.MANAGER in viewer.roles and rep.department_id == viewer.department_id
    if not (senior or in_team or in_department):
        raise PermissionDeniedError(RULE, _("只能确认本组（本部门）人员的登记。"))


@transaction.atomic
def customer_confirm_registration(*, actor, customer_id: int) -> Customer:
    """The supervisor confirms the owner's card: its ownership runs from the effective
    registration (BR-CUS-04a)."""
    customer = locked_customer(customer_id)
    if customer.confirmed_at is not None:
        raise ConflictError(RULE, _("该客户卡已确认。"), code="already_confirmed")
    if customer.owner_id is None:
        raise ConflictError(RULE, _("公海中的客户无需确认。"), code="in_pool")
    require_confirmer(actor, customer.owner_id)
    now = timezone.now()
    start = customer.owned_since or customer.registered_at
    effective = effective_registration(start, now)
    customer.confirmed_at = now
    if effective != start:
        owner = owner_person(customer.owner_id)
        last_contact = customer.last_contact_at
        give_ownership(customer, owner, effective)
        if last_contact and last_contact > effective:
            from l2c.customers.policies import validity
            from l2c.customers.services._common import terms

            v = validity(effective, last_contact, terms(effective))
            customer.last_contact_at = last_contact
            customer.void_at, customer.void_reason = v.void_at, v.reason
    customer.save()
    audit_record(
        actor=actor,
        action="customer.confirm",
        obj=customer,
        rule=RULE,
        extra={"effective_from": effective.isoformat(), "same_day": effective == start},
    )
    return customer


def _owner_effective(customer: Customer) -> dt.datetime | None:
    """When the current owner's card became effective; None while unconfirmed."""
    if customer.confirmed_at is None:
        return None
    return effective_registration(
        customer.owned_since or customer.registered_at, customer.confirmed_at
    )


@transaction.atomic
def duplicate_confirm(*, actor, duplicate_id: int) -> DuplicateCard:
    """The supervisor confirms a competing registration (重卡). If it is effective earlier
    than the owner's card — or the owner's card is still unconfirmed — the customer passes
    to its rep: the earliest *effective* registration wins (BR-CUS-04a)."""
    if not confirmation_required():
        raise BusinessRuleError(RULE, _("未启用主管确认制度。"), code="switch_off")
    try:
        dup = DuplicateCard.objects.select_for_update().get(pk=int(duplicate_id))
    except (DuplicateCard.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(RULE, _("未找到该重卡记录。")) from exc
    if dup.confirmed_at is not None:
        raise ConflictError(RULE, _("该登记已确认。"), code="already_confirmed")
    require_confirmer(actor, dup.registered_by_id)
    customer = locked_customer(dup.customer_id)
    now = timezone.now()
    dup.confirmed_at = now
    dup.save(update_fields=["confirmed_at"])
    effective = effective_registration(dup.at, now)
    owner_effective = _owner_effective(customer)
    wins = (
        customer.deal_at is None
        and not customer.locked
        and customer.owner_id != dup.registered_by_id
        and (
            not is_effectively_owned(customer, now)
            or owner_effective is None
            or effective < owner_effective
        )
    )
    if wins:
        rep = owner_person(dup.registered_by_id)
        previous = customer.owner
        if previous is not None:
            customer.previous_owner = previous
        give_ownership(customer, rep, effective)
        customer.confirmed_at = now
        customer.save()
        record_ownership(
            customer,
            OwnershipKind.REGISTER,
            from_owner=previous,
            to_owner=rep.user,
            actor=actor,
            reason=_("主管确认在先的登记为准"),
            rule=RULE,
            at=now,
        )
    audit_record(
        actor=actor,
        action="customer.duplicate_confirm",
        obj=customer,
        rule=RULE,
        extra={"duplicate": dup.pk, "effective_from": effective.isoformat(), "won": wins},
    )
    return dup
