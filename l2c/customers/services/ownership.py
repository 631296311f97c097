"""Ownership: the follow-up clock, pool claims, transfers, locks, deals, redistribution and
attribution (BR-CUS-04…07, BR-ORG-03)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers.models import (
    Customer,
    OwnershipKind,
    OwnershipRecord,
    Stage,
)
from l2c.customers.policies import (
    validity,
)
from l2c.customers.services._common import (
    DESK_ROLES,
    LEADER_ROLES,
    give_ownership,
    is_effectively_owned,
    locked_customer,
    owner_person,
    record_ownership,
    take_over,
    terms,
)
from l2c.customers.services.registration import reclaim_blocked
from l2c.org.models import Person


@transaction.atomic
def customer_record_contact(*, actor, customer_id: int, at: dt.datetime, real: bool) -> Customer:
    """The owner followed up (called by activities). A real contact (call, visit, meeting,
    answered message) restarts the follow-up clock; a message-only one does not, and the
    N-th in a row voids the card at once (BR-CUS-04, 05). A contact on a card that was
    already void does not revive it."""
    customer = locked_customer(customer_id)
    if customer.owner_id != actor.pk or customer.deal_at is not None:
        return customer
    if customer.void_at is not None and customer.void_at <= at and not customer.locked:
        # a contact after the deadline is too late; one made in time but entered late
        # counts (the record shows when it was entered) unless the card already dropped
        return customer
    if real:
        customer.last_contact_at = max(filter(None, [customer.last_contact_at, at]))
        customer.message_streak = 0
        v = validity(
            customer.owned_since or customer.registered_at, customer.last_contact_at, terms(at)
        )
        customer.void_at, customer.void_reason = v.void_at, v.reason
    else:
        customer.message_streak += 1
        if customer.message_streak >= terms(at).message_only_void_count:
            customer.void_at, customer.void_reason = at, "message_only"
    customer.save_versioned(
        update_fields=["last_contact_at", "message_streak", "void_at", "void_reason"]
    )
    return customer


@transaction.atomic
def customer_claim(*, actor, customer_id: int) -> Customer:
    """Take a customer from the public pool (BR-CUS-07): caps per day and per rep, and
    the previous owner's 7-day block."""
    now = timezone.now()
    customer = locked_customer(customer_id)
    if is_effectively_owned(customer, now):
        raise ConflictError("BR-CUS-07", _("该客户不在公海中。"), code="not_in_pool")
    owner = owner_person(actor.pk, field="customer")
    if reclaim_blocked(customer, actor, now):
        days = policy.value("customers.reclaim_block_days")
        raise BusinessRuleError(
            "BR-CUS-07",
            _("您是该客户的原负责人，掉入公海后 %(d)s 天内不能重新领取。") % {"d": days},
            code="reclaim_blocked",
        )
    _check_caps(owner, now, claiming=True)
    take_over(
        customer,
        owner,
        now,
        kind=OwnershipKind.CLAIM,
        actor=actor,
        reason=_("从公海领取"),
        rule="BR-CUS-07",
    )
    audit_record(actor=actor, action="customer.claim", obj=customer, rule="BR-CUS-07")
    return customer


def _check_caps(owner: Person, now: dt.datetime, *, claiming: bool) -> None:
    if claiming:
        cap = policy.value("customers.pool_daily_claim_cap", at=now)
        start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        today = OwnershipRecord.objects.filter(
            to_owner=owner.user, kind=OwnershipKind.CLAIM, at__gte=start
        ).count()
        if today >= cap:
            raise BusinessRuleError(
                "BR-CUS-07",
                _("今天已从公海领取 %(n)s 个客户，已达上限。") % {"n": today},
                code="daily_cap",
            )
    limit = policy.value("customers.max_owned", at=now)
    from django.db.models import Q

    owned = Customer.objects.filter(
        Q(void_at__gt=now) | Q(locked=True),
        owner=owner.user,
        deal_at__isnull=True,
        archived_at=None,
    ).count()
    if owned >= limit:
        raise BusinessRuleError(
            "BR-CUS-07",
            _("%(who)s名下已有 %(n)s 个未成交客户，已达上限。") % {"who": owner.name, "n": owned},
            code="owned_cap",
        )


@transaction.atomic
def customer_transfer(*, actor, customer_id: int, to_user_id: int, reason: str) -> Customer:
    """A supervisor gives a void card (or a pooled customer) of their team to another rep;
    a manager or above may also move a valid card, with a reason (BR-CUS-07)."""
    now = timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError("BR-CUS-07", _("请填写转移原因。"), field="reason")
    customer = locked_customer(customer_id)
    viewer = viewer_of(actor)
    if customer.deal_at is not None:
        raise ConflictError("BR-CUS-06", _("已成交客户的归属不能转移。"), code="deal")
    senior = viewer.roles & {Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM}
    if not (senior or Role.SUPERVISOR in viewer.roles):
        raise PermissionDeniedError("BR-CUS-07", _("只有主管或经理可以转移客户。"))
    only_manager = Role.MANAGER in viewer.roles and not viewer.roles & {
        Role.DIRECTOR,
        Role.VP,
        Role.GM,
    }
    if only_manager and customer.department_id not in (None, viewer.department_id):
        raise PermissionDeniedError("BR-CUS-07", _("只能转移本部门的客户。"))
    if not senior:
        if customer.team_id not in viewer.team_ids and customer.owner_id is not None:
            raise PermissionDeniedError("BR-CUS-07", _("只能转移本组的客户。"))
        if is_effectively_owned(customer, now):
            raise BusinessRuleError(
                "BR-CUS-07", _("客户卡仍有效，主管只能转移废卡。"), code="card_valid"
            )
    target = owner_person(to_user_id, field="to")
    _check_caps(target, now, claiming=False)
    previous = customer.owner
    if previous is not None and previous.pk != target.user_id:
        customer.previous_owner = previous
    give_ownership(customer, target, now)
    customer.save()
    record_ownership(
        customer,
        OwnershipKind.TRANSFER,
        from_owner=previous,
        to_owner=target.user,
        actor=actor,
        reason=reason,
        rule="BR-CUS-07",
        at=now,
    )
    audit_record(
        actor=actor,
        action="customer.transfer",
        obj=customer,
        rule="BR-CUS-07",
        extra={"from": previous.pk if previous else None, "to": target.name, "reason": reason},
    )
    return customer


@transaction.atomic
def customer_set_lock(*, actor, customer_id: int, locked: bool, reason: str) -> Customer:
    """A manager locks a customer so it never drops to the pool (BR-CUS-07)."""
    viewer = viewer_of(actor)
    if not viewer.roles & {Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM}:
        raise PermissionDeniedError("BR-CUS-07", _("只有经理可以锁定客户。"))
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError("BR-CUS-07", _("请填写原因。"), field="reason")
    customer = locked_customer(customer_id)
    now = timezone.now()
    if locked and customer.owner_id is None:
        raise ConflictError("BR-CUS-07", _("公海中的客户不能锁定。"), code="in_pool")
    if not locked and customer.locked:
        # the follow-up clock restarts from the unlock
        v = validity(now, None, terms(now))
        customer.void_at, customer.void_reason = v.void_at, v.reason
        customer.owned_since, customer.protected_until = now, v.protected_until
    customer.locked = locked
    customer.save_versioned(
        update_fields=["locked", "void_at", "void_reason", "owned_since", "protected_until"]
    )
    audit_record(
        actor=actor,
        action="customer.lock" if locked else "customer.unlock",
        obj=customer,
        rule="BR-CUS-07",
        extra={"reason": reason},
    )
    return customer


@transaction.atomic
def customer_mark_deal(*, actor, customer_id: int, at: dt.datetime | None = None) -> Customer:
    """A reservation or contract was signed: ownership becomes permanent (BR-CUS-06).
    Called by the deals module."""
    customer = locked_customer(customer_id)
    if customer.deal_at is None:
        customer.deal_at = at or timezone.now()
        customer.stage = Stage.DEAL
        customer.save_versioned(update_fields=["deal_at", "stage"])
        audit_record(actor=actor, action="customer.deal", obj=customer, rule="BR-CUS-06")
    return customer


@transaction.atomic
def customers_redistribute(
    *, actor, from_user_id: int, reason: str, seed: int | None = None
) -> list[tuple[int, int]]:
    """A rep left or is away for long (BR-ORG-03): their non-deal customers go, at random
    but recorded (the seed is kept in the audit), to the other reps of the team."""
    viewer = viewer_of(actor) if actor is not None else None
    if viewer is not None and not viewer.roles & {Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM}:
        raise PermissionDeniedError("BR-ORG-03", _("只有经理可以重新分配客户。"))
    leaver = Person.objects.filter(user_id=from_user_id).first()
    if leaver is None:
        raise NotFoundError("BR-ORG-03", _("未找到该员工。"))
    reps = (
        list(
            Person.objects.filter(
                team_id=leaver.team_id,
                roles__role=Role.REP,
                left_on__isnull=True,
                user__is_active=True,
            )
            .exclude(pk=leaver.pk)
            .select_related("user")
            .order_by("id")
        )
        if leaver.team_id
        else []
    )
    if not reps:
        raise BusinessRuleError("BR-ORG-03", _("该组没有可接收客户的销售人员。"))
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    rng = random.Random(seed)
    now = timezone.now()
    moved = []
    for customer in (
        Customer.objects.select_for_update()
        .filter(owner_id=from_user_id, deal_at__isnull=True, archived_at=None)
        .order_by("id")
    ):
        target = rng.choice(reps)
        customer.previous_owner_id = from_user_id
        give_ownership(customer, target, now)
        customer.save()
        record_ownership(
            customer,
            OwnershipKind.REDISTRIBUTE,
            from_owner=from_user_id,
            to_owner=target.user,
            actor=actor,
            reason=reason,
            rule="BR-ORG-03",
            at=now,
        )
        moved.append((customer.pk, target.user_id))
    audit_record(
        actor=actor,
        action="customer.redistribute",
        obj=leaver,
        rule="BR-ORG-03",
        extra={"seed": seed, "moved": moved, "reason": reason},
    )
    return moved


@transaction.atomic
def customer_assign_by_attribution(
    *, actor, customer_id: int, to_user_id: int, reason: str, rule: str
) -> Customer:
    """An attribution decision gives the customer to another rep (BR-ATT-02, 04, 05, 07, 08,
    11): called by the reception module once the decision is recorded. A deal customer's
    ownership does not move (BR-CUS-06): the decision's shares say who earns what."""
    viewer = viewer_of(actor)
    if not (viewer.roles & (DESK_ROLES | LEADER_ROLES) or actor.pk == to_user_id):
        raise PermissionDeniedError(rule or "BR-ATT-11", _("无权变更客户归属。"))
    customer = locked_customer(customer_id)
    if customer.deal_at is not None:
        raise ConflictError("BR-CUS-06", _("已成交客户的归属不能变更。"), code="deal")
    target = owner_person(to_user_id, field="to")
    now = timezone.now()
    previous = customer.owner
    if previous is not None and previous.pk == target.user_id:
        return customer
    if previous is not None:
        customer.previous_owner = previous
    give_ownership(customer, target, now)
    customer.save()
    record_ownership(
        customer,
        OwnershipKind.ATTRIBUTION,
        from_owner=previous,
        to_owner=target.user,
        actor=actor,
        reason=reason,
        rule=rule,
        at=now,
    )
    audit_record(
        actor=actor,
        action="customer.attribution",
        obj=customer,
        rule=rule,
        extra={"from": previous.pk if previous else None, "to": target.name, "reason": reason},
    )
    return customer
