"""Shared pieces of the customer services: terms, ownership helpers, field cleaning."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.core.cleaning import birthday_within
from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers.models import (
    Customer,
    CustomerClass,
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


def owner_person(user_id: int | None, *, field: str = "owner") -> Person:
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


def record_ownership(customer, kind, *, from_owner, to_owner, actor, reason="", rule="", at=None):
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


def give_ownership(customer: Customer, owner: Person, now: dt.datetime) -> None:
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


def take_over(customer: Customer, owner: Person, now: dt.datetime, *, kind, actor, reason, rule):
    """``owner`` takes a customer whose card lapsed: the drop of the old card is recorded
    first, dated when it lapsed, if the pool sweep has not recorded it yet (BR-CUS-04); then
    the new ownership is saved and recorded as ``kind`` (a claim, a new registration)."""
    previous = customer.owner
    if previous is not None and customer.dropped_at is None:
        record_ownership(
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
    give_ownership(customer, owner, now)
    customer.save()
    record_ownership(
        customer,
        kind,
        from_owner=None,
        to_owner=owner.user,
        actor=actor,
        reason=reason,
        rule=rule,
        at=now,
    )


_CLASSES = frozenset(CustomerClass.values)
_STAGES = frozenset(Stage.values)


def clean_customer_fields(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
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
        out["birthday"] = birthday_within(birthday or None, rule="BR-CUS-01", field="birthday")
    if "klass" in data:
        if data["klass"] not in _CLASSES:
            raise BusinessRuleError("BR-CUS-02", _("客户等级应为 A、B 或 C。"), field="klass")
        out["klass"] = data["klass"]
    if "stage" in data:
        if data["stage"] not in _STAGES:
            raise BusinessRuleError("BR-CUS-01", _("客户阶段无效。"), field="stage")
        out["stage"] = data["stage"]
    return out


def locked_customer(customer_id) -> Customer:
    try:
        return Customer.objects.select_for_update().get(pk=int(customer_id), archived_at=None)
    except (Customer.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-CUS-01", _("未找到该客户。")) from exc


def may_edit_customer(actor, customer: Customer) -> bool:
    if customer.owner_id == actor.pk:
        return True
    from l2c.core.scope import can_see

    viewer = viewer_of(actor)
    return bool(viewer.roles & LEADER_ROLES) and can_see(actor, customer)
