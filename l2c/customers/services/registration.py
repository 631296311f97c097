"""Registering customers: the duplicate check, referrals and families (BR-CUS-03, 04, 08)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, NotFoundError, PermissionDeniedError
from l2c.core.scope import viewer_of
from l2c.customers.models import (
    Channel,
    Contact,
    Customer,
    DuplicateCard,
    OwnershipKind,
    Stage,
)
from l2c.customers.policies import (
    normalise_mobile,
)
from l2c.customers.services._common import (
    DESK_ROLES,
    clean_customer_fields,
    give_ownership,
    is_effectively_owned,
    locked_customer,
    may_edit_customer,
    owner_person,
    record_ownership,
    take_over,
)


@dataclass
class Registration:
    """What a registration produced: the customer, whether it was new, and if the customer
    already had a valid owner, the duplicate card (重卡) — never a second owner."""

    customer: Customer
    created: bool
    duplicate: DuplicateCard | None = None
    similar: list[Customer] = field(default_factory=list)
    #: the customer is already the registered-for owner's, with a valid card: nothing done
    already_owned: bool = False

    @property
    def owner_changed(self) -> bool:
        return self.duplicate is None and not self.already_owned


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
    owner = owner_person(owner_id)
    if channel not in Channel.values:
        raise BusinessRuleError("BR-REC-01", _("来源渠道无效。"), field="channel")
    clean = clean_customer_fields({**data, "mobile": data.get("mobile", "")})
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
        owner = owner_person(referrer.owner_id)
        referral_note = _("老带新：归介绍人的接待人")
    if existing is None:
        clean.setdefault("stage", Stage.PROSPECT)
        customer = Customer(
            **clean,
            channel=channel,
            registered_by=actor,
            registered_at=now,
        )
        if referrer is not None:
            customer.referrer = referrer
            if channel == Channel.WALK_IN:
                customer.channel = Channel.REFERRAL
        give_ownership(customer, owner, now)
        try:
            with transaction.atomic():
                customer.save()
        except IntegrityError:
            # Someone registered the same mobile at the same moment: theirs came first.
            existing = Customer.objects.select_for_update().get(mobile=clean["mobile"])
        else:
            record_ownership(
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
    if customer.owner_id == owner.user_id and is_effectively_owned(customer, now):
        # the owner registering their own customer again: not a duplicate card (重卡 is
        # someone else's registration of an owned customer), nothing to record
        return Registration(customer, False, None, similar, already_owned=True)
    if is_effectively_owned(customer, now) or reclaim_blocked(customer, owner.user, now):
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
    take_over(
        customer,
        owner,
        now,
        kind=OwnershipKind.REGISTER,
        actor=actor,
        reason=_("原卡已失效，重新建档"),
        rule="BR-CUS-03",
    )
    audit_record(
        actor=actor,
        action="customer.register",
        obj=customer,
        rule="BR-CUS-03",
        extra={"owner": owner.name, "re_registered": True},
    )
    return Registration(customer, False, None, similar)


def reclaim_blocked(customer: Customer, user, now: dt.datetime) -> bool:
    """BR-CUS-07: the owner who lost a customer cannot take it back for 7 days."""
    days = policy.value("customers.reclaim_block_days", at=now)
    if customer.owner_id == user.pk and customer.void_at and customer.void_at <= now:
        lost_at = customer.void_at
    elif customer.previous_owner_id == user.pk and customer.dropped_at:
        lost_at = customer.dropped_at
    else:
        return False
    return now < lost_at + dt.timedelta(days=days)


def _contact_fields(customer: Customer, data: dict[str, Any], *, keep_mobile: str = "") -> dict:
    """The cleaned fields of a contact; a blank mobile keeps ``keep_mobile`` (an edit form
    never shows the number to someone who sees it masked)."""
    name = str(data.get("name", "")).strip()
    if not name or len(name) > 60:
        raise BusinessRuleError("BR-CUS-01", _("请填写联系人姓名。"), field="name")
    raw = str(data.get("mobile") or "").strip()
    mobile = normalise_mobile(raw) if raw else keep_mobile
    if mobile and Customer.objects.filter(mobile=mobile).exclude(pk=customer.pk).exists():
        raise BusinessRuleError(
            "BR-CUS-03", _("该手机号码已属于另一位客户。"), field="mobile", code="duplicate_mobile"
        )
    return {
        "name": name,
        "relation": str(data.get("relation", "")).strip()[:40],
        "is_family": bool(data.get("is_family")),
        "mobile": mobile,
        "note": str(data.get("note", "")).strip()[:200],
    }


def _editable_contact(actor, customer_id: int, contact_id: int) -> tuple[Customer, Contact]:
    customer = locked_customer(customer_id)
    if not may_edit_customer(actor, customer):
        raise PermissionDeniedError("BR-ORG-02", _("只有负责人或其上级可以维护联系人。"))
    contact = Contact.objects.select_for_update().filter(pk=contact_id, customer=customer).first()
    if contact is None:
        raise NotFoundError("BR-ORG-02", _("联系人不存在。"))
    return customer, contact


@transaction.atomic
def contact_add(*, actor, customer_id: int, data: dict[str, Any]) -> Contact:
    """A contact person or family member of a customer (BR-CUS-08 rule 11: a family
    member's mobile then finds this customer in the duplicate check)."""
    customer = locked_customer(customer_id)
    if not may_edit_customer(actor, customer):
        raise PermissionDeniedError("BR-ORG-02", _("只有负责人或其上级可以维护联系人。"))
    contact = Contact.objects.create(customer=customer, **_contact_fields(customer, data))
    audit_record(
        actor=actor,
        action="customer.contact_add",
        obj=customer,
        rule="BR-CUS-08",
        extra={"contact": contact.name, "family": contact.is_family},
    )
    return contact


@transaction.atomic
def contact_update(
    *, actor, customer_id: int, contact_id: int, data: dict[str, Any], expected_version=None
) -> Contact:
    """Correct a contact (name, relation, family flag, note; the mobile only when a new one
    is given). Audited with the changed fields (masked numbers never enter the log)."""
    customer, contact = _editable_contact(actor, customer_id, contact_id)
    contact.check_version(expected_version)
    fields = _contact_fields(customer, data, keep_mobile=contact.mobile)
    before = {k: getattr(contact, k) for k in fields}
    changed = [k for k, v in fields.items() if before[k] != v]
    if changed:
        for key in changed:
            setattr(contact, key, fields[key])
        contact.save_versioned(update_fields=changed)
        audit_record(
            actor=actor,
            action="customer.contact_update",
            obj=customer,
            rule="BR-CUS-08",
            extra={"contact": contact.name, "fields": changed},
        )
    return contact


@transaction.atomic
def contact_remove(*, actor, customer_id: int, contact_id: int) -> None:
    """Remove a contact who no longer belongs to the customer (a family member's mobile
    stops matching this customer in the duplicate check). Audited."""
    customer, contact = _editable_contact(actor, customer_id, contact_id)
    name, family = contact.name, contact.is_family
    contact.delete()
    audit_record(
        actor=actor,
        action="customer.contact_remove",
        obj=customer,
        rule="BR-CUS-08",
        extra={"contact": name, "family": family},
    )
