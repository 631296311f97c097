"""One register entry: register the visitor as a customer (BR-CUS-03/04) and the same-day
first message (BR-REC-07)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError
from l2c.core.scope import can_see, viewer_of
from l2c.customers import services as customer_services
from l2c.customers.models import Channel
from l2c.reception.models import Reception, ReceptionKind
from l2c.reception.permissions import DESK_ROLES
from l2c.reception.services._common import local_day


def entry_for(actor, reception_id) -> Reception:
    try:
        entry = Reception.objects.select_for_update().get(pk=int(reception_id))
    except (Reception.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ORG-02", _("未找到该登记。")) from exc
    viewer = viewer_of(actor)
    desk = viewer.roles & DESK_ROLES and viewer.department_id == entry.department_id
    if entry.rep_id != actor.pk and not desk and not can_see(actor, entry):
        raise NotFoundError("BR-ORG-02", _("未找到该登记。"))
    return entry


@transaction.atomic
def reception_register_customer(*, actor, reception_id, data: dict[str, Any]):
    """Register the visitor or caller as a customer of the receiving rep (BR-CUS-03/04),
    from the register entry. A duplicate card tells who owns the customer."""
    entry = entry_for(actor, reception_id)
    payload = {
        "name": data.get("name") or entry.name,
        "mobile": data.get("mobile") or entry.mobile,
        **{k: data[k] for k in ("company", "intent", "klass", "gender") if data.get(k)},
    }
    channel = Channel.WALK_IN if entry.kind == ReceptionKind.WALK_IN else Channel.CALL
    registration = customer_services.customer_register(
        actor=actor, data=payload, owner_id=entry.rep_id, channel=channel
    )
    stage = data.get("stage")
    customer = registration.customer
    if registration.created and stage and stage != customer.stage and actor.pk == entry.rep_id:
        # the receiving rep files the visitor as an intent customer (BR-CUS-01); passed
        # after registering because customer_register does not accept a stage yet
        customer = customer_services.customer_update(
            actor=actor, customer_id=customer.pk, data={"stage": stage}
        )
        registration.customer = customer
    entry.customer = registration.customer
    fields = ["customer"]
    if not entry.mobile:
        entry.mobile = registration.customer.mobile
        fields.append("mobile")
    entry.save_versioned(update_fields=fields)
    audit_record(
        actor=actor,
        action="reception.register_customer",
        obj=entry,
        rule="BR-CUS-03" if registration.duplicate else "BR-CUS-04",
        extra={"customer": registration.customer.pk, "duplicate": bool(registration.duplicate)},
    )
    return registration


@transaction.atomic
def reception_mark_first_message_sent(*, actor, reception_id, at=None) -> Reception:
    """The receiving rep sent the first follow-up message (BR-REC-07)."""
    entry = entry_for(actor, reception_id)
    if not entry.mobile:
        raise BusinessRuleError("BR-REC-07", _("客户没有留下电话。"), code="no_mobile")
    if entry.first_message_sent_at is not None:
        raise ConflictError("BR-REC-07", _("已登记过首次回访短信。"), code="already_sent")
    entry.first_message_sent_at = at or timezone.now()
    entry.save_versioned(update_fields=["first_message_sent_at"])
    audit_record(
        actor=actor,
        action="reception.first_message",
        obj=entry,
        rule="BR-REC-07",
        extra={"same_day": local_day(entry.first_message_sent_at) == local_day(entry.received_at)},
    )
    return entry
