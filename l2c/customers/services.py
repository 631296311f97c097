"""Every write to customers and their ownership (BR-CUS-01…10, BR-ORG-03).

One business action = one service = one transaction = one audit record. Every owner change
also writes an :class:`OwnershipRecord` with its reason (BR-CUS-07).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record, diff, snapshot
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers.models import (
    Channel,
    Contact,
    Customer,
    CustomerClass,
    DuplicateCard,
    OwnershipKind,
    OwnershipRecord,
    Stage,
)
from l2c.customers.policies import (
    Terms,
    normalise_mobile,
    valid_credit_code,
    valid_id_number,
    validity,
)
from l2c.org.models import Person

#: who may own customers
OWNER_ROLES = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER})
#: who may register a customer for someone else (the reception desk, 内勤, leaders)
DESK_ROLES = frozenset(
    {Role.ASSISTANT, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM, Role.SERVICE}
)
LEADER_ROLES = frozenset({Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})
EDITABLE_FIELDS = (
    "name",
    "company",
    "gender",
    "birthday",
    "address",
    "intent",
    "klass",
    "stage",
    "lost_reason",
    "id_number",
    "credit_code",
    "mobile",
)


def terms(at: dt.datetime | None = None) -> Terms:
    return Terms(
        protection_days=policy.value("customers.protection_days", at=at),
        first_follow_up_days=policy.value("customers.first_follow_up_days", at=at),
        follow_up_interval_days=policy.value("customers.follow_up_interval_days", at=at),
        message_only_void_count=policy.value("customers.message_only_void_count", at=at),
    )


def is_effectively_owned(customer: Customer, now: dt.datetime) -> bool:
    """Owned and valid now: a deal or a lock keeps it for ever (BR-CUS-06, 07)."""
    if customer.owner_id is None:
        return False
    if customer.deal_at is not None or customer.locked:
        return True
    return customer.void_at is None or customer.void_at > now


def _person(user) -> Person | None:
    return Person.objects.filter(user=user).select_related("team", "department").first()


def _owner_person(user_id: int | None, *, field: str = "owner") -> Person:
    person = (
        Person.objects.select_related("user")
        .filter(user_id=user_id, left_on__isnull=True, user__is_active=True)
        .first()
        if isinstance(user_id, int)
        else None
    )
    if person is None or not set(person.role_codes) & OWNER_ROLES:
        raise BusinessRuleError("BR-CUS-07", _("请选择一位在职的销售人员。"), field=field)
    return person


def _record(customer, kind, *, from_owner, to_owner, actor, reason="", rule="", at=None):
    return OwnershipRecord.objects.create(
        customer=customer,
        kind=kind,
        from_owner_id=getattr(from_owner, "pk", from_owner),
        to_owner_id=getattr(to_owner, "pk", to_owner),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=str(reason)[:200],
        rule=rule,
        at=at or timezone.now(),
    )


def _give(customer: Customer, owner: Person, now: dt.datetime) -> None:
    """Start a new ownership for ``owner`` at ``now`` (fields only; the caller saves)."""
    t = terms(now)
    v = validity(now, None, t)
    customer.owner = owner.user
    customer.team_id = owner.team_id
    customer.department_id = owner.department_id
    customer.owned_since = now
    customer.protected_until = v.protected_until
    customer.last_contact_at = None
    customer.message_streak = 0
    customer.void_at = v.void_at
    customer.void_reason = v.reason
    customer.dropped_at = None
    customer.reminded_for = None


def _clean(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "name" in data or not partial:
        name = str(data.get("name", "")).strip()
        if not name or len(name) > 60:
            raise BusinessRuleError(
                "BR-CUS-01", _("请填写客户姓名（不超过 60 字）。"), field="name"
            )
        out["name"] = name
    if "mobile" in data:
        out["mobile"] = normalise_mobile(data.get("mobile"))
    if "id_number" in data:
        out["id_number"] = valid_id_number(data.get("id_number") or "")
    if "credit_code" in data:
        out["credit_code"] = valid_credit_code(data.get("credit_code") or "")
    for key, limit in (("company", 100), ("address", 200), ("lost_reason", 200)):
        if key in data:
            out[key] = str(data.get(key) or "").strip()[:limit]
    if "intent" in data:
        out["intent"] = str(data.get("intent") or "").strip()[:4000]
    if "gender" in data:
        gender = str(data.get("gender") or "")
        if gender not in {"", "M", "F"}:
            raise BusinessRuleError("BR-CUS-01", _("性别无效。"), field="gender")
        out["gender"] = gender
    if "birthday" in data:
        birthday = data.get("birthday")
        if isinstance(birthday, str) and birthday.strip():
            try:
                birthday = dt.date.fromisoformat(birthday.strip())
            except ValueError as exc:
                raise BusinessRuleError(
                    "BR-CUS-01", _("生日格式应为 YYYY-MM-DD。"), field="birthday"
                ) from exc
        out["birthday"] = birthday or None
    if "klass" in data:
        if data["klass"] not in CustomerClass.values:
            raise BusinessRuleError("BR-CUS-02", _("客户等级应为 A、B 或 C。"), field="klass")
        out["klass"] = data["klass"]
    if "stage" in data:
        if data["stage"] not in Stage.values:
            raise BusinessRuleError("BR-CUS-01", _("客户阶段无效。"), field="stage")
        out["stage"] = data["stage"]
    return out


@dataclass
class Registration:
    """What a registration produced: the customer, whether it was new, and if the customer
    already had a valid owner, the duplicate card (重卡) — never a second owner."""

    customer: Customer
    created: bool
    duplicate: DuplicateCard | None = None
    similar: list[Customer] = field(default_factory=list)

    @property
    def owner_changed(self) -> bool:
        return self.duplicate is None


@transaction.atomic
def customer_register(
    *,
    actor,
    data: dict[str, Any],
    owner_id: int | None = None,
    channel: str = Channel.WALK_IN,
    at: dt.datetime | None = None,
) -> Registration:
    """Register a customer for ``owner_id`` (default: the actor) (BR-CUS-03, 04).

    The mobile decides who the customer is. If someone already owns the customer with a
    valid card, a duplicate card is recorded and the owner is told to the registering rep;
    a void or pooled card passes to the new registration (the earliest *valid*
    registration wins)."""
    now = at or timezone.now()
    viewer = viewer_of(actor)
    owner_id = owner_id if owner_id is not None else actor.pk
    if owner_id != actor.pk and not (viewer.roles & DESK_ROLES or viewer.is_superuser):
        raise PermissionDeniedError("BR-REC-01", _("只能为自己登记客户。"))
    owner = _owner_person(owner_id)
    if channel not in Channel.values:
        raise BusinessRuleError("BR-REC-01", _("来源渠道无效。"), field="channel")
    clean = _clean({**data, "mobile": data.get("mobile", "")})
    if not clean["mobile"]:
        raise BusinessRuleError(
            "BR-CUS-03",
            _("请填写手机号码：查重以手机号为准。"),
            field="mobile",
            code="mobile_required",
        )
    similar = []
    if clean.get("company"):
        similar = list(
            Customer.objects.filter(name=clean["name"], company=clean["company"])
            .exclude(mobile=clean["mobile"])
            .select_related("owner__person")[:5]
        )
    existing = Customer.objects.select_for_update().filter(mobile=clean["mobile"]).first()
    if existing is None:
        # BR-CUS-08 rule 11: a family member of a customer is that customer.
        family = (
            Contact.objects.filter(mobile=clean["mobile"], is_family=True)
            .select_related("customer")
            .first()
        )
        if family is not None:
            existing = Customer.objects.select_for_update().get(pk=family.customer_id)
            if is_effectively_owned(existing, now):
                return _register_existing(
                    existing, owner, actor=actor, channel=channel, now=now, similar=similar
                )
            existing = None
    referral_note = ""
    referrer = _referrer(data.get("referrer_id"))
    if existing is None and referrer is not None and is_effectively_owned(referrer, now):
        # BR-CUS-08 rule 10: brought by an existing customer → whoever received that one.
        owner = _owner_person(referrer.owner_id)
        referral_note = _("老带新：归介绍人的接待人")
    if existing is None:
        customer = Customer(
            **clean,
            channel=channel,
            registered_by=actor,
            registered_at=now,
            stage=clean.get("stage", Stage.PROSPECT),
        )
        if referrer is not None:
            customer.referrer = referrer
            if channel == Channel.WALK_IN:
                customer.channel = Channel.REFERRAL
        _give(customer, owner, now)
        try:
            with transaction.atomic():
                customer.save()
        except IntegrityError:
            # Someone registered the same mobile at the same moment: theirs came first.
            existing = Customer.objects.select_for_update().get(mobile=clean["mobile"])
        else:
            _record(
                customer,
                OwnershipKind.REGISTER,
                from_owner=None,
                to_owner=owner.user,
                actor=actor,
                reason=referral_note or Channel(channel).label,
                rule="BR-CUS-08" if referral_note else "BR-CUS-04",
                at=now,
            )
            audit_record(
                actor=actor,
                action="customer.register",
                obj=customer,
                rule="BR-CUS-04",
                extra={"owner": owner.name, "channel": channel},
            )
            return Registration(customer, True, None, similar)
    return _register_existing(
        existing, owner, actor=actor, channel=channel, now=now, similar=similar
    )


def _referrer(referrer_id) -> Customer | None:
    if referrer_id in (None, ""):
        return None
    try:
        return Customer.objects.get(pk=int(referrer_id), archived_at=None)
    except (Customer.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise BusinessRuleError(
            "BR-CUS-08", _("介绍人（老客户）不存在。"), field="referrer_id"
        ) from exc


def _register_existing(customer, owner, *, actor, channel, now, similar) -> Registration:
    if is_effectively_owned(customer, now) or _reclaim_blocked(customer, owner.user, now):
        dup = DuplicateCard.objects.create(
            customer=customer,
            registered_by=actor,
            owner_at_the_time=customer.owner,
            channel=channel,
            at=now,
            note=_("原负责人冷却期内不能重新建档")
            if not is_effectively_owned(customer, now)
            else "",
        )
        audit_record(
            actor=actor,
            action="customer.duplicate",
            obj=customer,
            rule="BR-CUS-03",
            extra={"owner": customer.owner_id, "registered_for": owner.name},
        )
        return Registration(customer, False, dup, similar)
    previous = customer.owner
    if previous is not None and customer.dropped_at is None:
        _record(
            customer,
            OwnershipKind.DROP,
            from_owner=previous,
            to_owner=None,
            actor=None,
            reason=_("废卡"),
            rule="BR-CUS-04",
            at=customer.void_at or now,
        )
        customer.previous_owner = previous
    _give(customer, owner, now)
    customer.save()
    _record(
        customer,
        OwnershipKind.REGISTER,
        from_owner=None,
        to_owner=owner.user,
        actor=actor,
        reason=_("原卡已失效，重新建档"),
        rule="BR-CUS-03",
        at=now,
    )
    audit_record(
        actor=actor,
        action="customer.register",
        obj=customer,
        rule="BR-CUS-03",
        extra={"owner": owner.name, "re_registered": True},
    )
    return Registration(customer, False, None, similar)


def _reclaim_blocked(customer: Customer, user, now: dt.datetime) -> bool:
    """BR-CUS-07: the owner who lost a customer cannot take it back for 7 days."""
    days = policy.value("customers.reclaim_block_days", at=now)
    if customer.owner_id == user.pk and customer.void_at and customer.void_at <= now:
        lost_at = customer.void_at
    elif customer.previous_owner_id == user.pk and customer.dropped_at:
        lost_at = customer.dropped_at
    else:
        return False
    return now < lost_at + dt.timedelta(days=days)


def _locked_customer(customer_id) -> Customer:
    try:
        return Customer.objects.select_for_update().get(pk=int(customer_id), archived_at=None)
    except (Customer.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-CUS-01", _("未找到该客户。")) from exc


@transaction.atomic
def customer_record_contact(*, actor, customer_id: int, at: dt.datetime, real: bool) -> Customer:
    """The owner followed up (called by activities). A real contact (call, visit, meeting,
    answered message) restarts the follow-up clock; a message-only one does not, and the
    N-th in a row voids the card at once (BR-CUS-04, 05). A contact on a card that was
    already void does not revive it."""
    customer = _locked_customer(customer_id)
    if customer.owner_id != actor.pk or customer.deal_at is not None:
        return customer
    if customer.void_at is not None and customer.void_at <= at and not customer.locked:
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
    customer = _locked_customer(customer_id)
    if is_effectively_owned(customer, now):
        raise ConflictError("BR-CUS-07", _("该客户不在公海中。"), code="not_in_pool")
    owner = _owner_person(actor.pk, field="customer")
    if _reclaim_blocked(customer, actor, now):
        days = policy.value("customers.reclaim_block_days")
        raise BusinessRuleError(
            "BR-CUS-07",
            _("您是该客户的原负责人，掉入公海后 %(d)s 天内不能重新领取。") % {"d": days},
            code="reclaim_blocked",
        )
    _check_caps(owner, now, claiming=True)
    previous = customer.owner
    if previous is not None and customer.dropped_at is None:
        _record(
            customer,
            OwnershipKind.DROP,
            from_owner=previous,
            to_owner=None,
            actor=None,
            reason=_("废卡"),
            rule="BR-CUS-04",
            at=customer.void_at or now,
        )
        customer.previous_owner = previous
        customer.dropped_at = customer.void_at or now
    _give(customer, owner, now)
    customer.save()
    _record(
        customer,
        OwnershipKind.CLAIM,
        from_owner=None,
        to_owner=actor,
        actor=actor,
        reason=_("从公海领取"),
        rule="BR-CUS-07",
        at=now,
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
    customer = _locked_customer(customer_id)
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
    target = _owner_person(to_user_id, field="to")
    _check_caps(target, now, claiming=False)
    previous = customer.owner
    if previous is not None and previous.pk != target.user_id:
        customer.previous_owner = previous
    _give(customer, target, now)
    customer.save()
    _record(
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
    customer = _locked_customer(customer_id)
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
    customer = _locked_customer(customer_id)
    if customer.deal_at is None:
        customer.deal_at = at or timezone.now()
        customer.stage = Stage.DEAL
        customer.save_versioned(update_fields=["deal_at", "stage"])
        audit_record(actor=actor, action="customer.deal", obj=customer, rule="BR-CUS-06")
    return customer


def _may_edit(actor, customer: Customer) -> bool:
    if customer.owner_id == actor.pk:
        return True
    from l2c.core.scope import can_see

    viewer = viewer_of(actor)
    return bool(viewer.roles & LEADER_ROLES) and can_see(actor, customer)


@transaction.atomic
def customer_update(
    *, actor, customer_id: int, data: dict[str, Any], expected_version: int | None = None
) -> Customer:
    customer = _locked_customer(customer_id)
    if not _may_edit(actor, customer):
        raise PermissionDeniedError("BR-ORG-02", _("只有负责人或其上级可以修改客户资料。"))
    customer.check_version(expected_version)
    clean = _clean({k: v for k, v in data.items() if k in EDITABLE_FIELDS}, partial=True)
    if "mobile" in clean and clean["mobile"] != customer.mobile:
        if not clean["mobile"]:
            raise BusinessRuleError("BR-CUS-03", _("手机号码不能为空。"), field="mobile")
        if Customer.objects.filter(mobile=clean["mobile"]).exclude(pk=customer.pk).exists():
            raise BusinessRuleError(
                "BR-CUS-03",
                _("该手机号码已属于另一位客户（撞单）。"),
                field="mobile",
                code="duplicate_mobile",
            )
    if clean.get("stage") == Stage.LOST and not (clean.get("lost_reason") or customer.lost_reason):
        raise BusinessRuleError("BR-CUS-01", _("标记流失须填写原因。"), field="lost_reason")
    if clean.get("stage") == Stage.DEAL and customer.deal_at is None:
        raise BusinessRuleError(
            "BR-CUS-06", _("成交由签订预定书或合同产生，不能手工标记。"), field="stage"
        )
    before = snapshot(customer, list(clean))
    for key, value in clean.items():
        setattr(customer, key, value)
    if clean:
        customer.save_versioned(update_fields=list(clean))
    audit_record(
        actor=actor,
        action="customer.update",
        obj=customer,
        rule="BR-CUS-01",
        changes=diff(before, clean),
    )
    return customer


def customer_reveal(*, actor, customer: Customer, field: str) -> str:
    """Show one masked field in full (BR-CUS-10): allowed to whoever may see the customer;
    every reveal is audited. The caller has checked visibility through the selector."""
    if field not in {"mobile", "id_number"}:
        raise BusinessRuleError("BR-CUS-10", _("该字段无需解密显示。"), field="field")
    audit_record(
        actor=actor,
        action="customer.reveal",
        obj=customer,
        rule="BR-CUS-10",
        extra={"field": field},
    )
    return getattr(customer, field)


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
        _give(customer, target, now)
        customer.save()
        _record(
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
def contact_add(*, actor, customer_id: int, data: dict[str, Any]) -> Contact:
    """A contact person or family member of a customer (BR-CUS-08 rule 11: a family
    member's mobile then finds this customer in the duplicate check)."""
    customer = _locked_customer(customer_id)
    if not _may_edit(actor, customer):
        raise PermissionDeniedError("BR-ORG-02", _("只有负责人或其上级可以维护联系人。"))
    name = str(data.get("name", "")).strip()
    if not name or len(name) > 60:
        raise BusinessRuleError("BR-CUS-01", _("请填写联系人姓名。"), field="name")
    mobile = normalise_mobile(data.get("mobile"))
    if mobile and Customer.objects.filter(mobile=mobile).exclude(pk=customer.pk).exists():
        raise BusinessRuleError(
            "BR-CUS-03", _("该手机号码已属于另一位客户。"), field="mobile", code="duplicate_mobile"
        )
    contact = Contact.objects.create(
        customer=customer,
        name=name,
        relation=str(data.get("relation", "")).strip()[:40],
        is_family=bool(data.get("is_family")),
        mobile=mobile,
        note=str(data.get("note", "")).strip()[:200],
    )
    audit_record(
        actor=actor,
        action="customer.contact_add",
        obj=customer,
        rule="BR-CUS-08",
        extra={"contact": name, "family": contact.is_family},
    )
    return contact
