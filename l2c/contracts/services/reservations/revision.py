"""A signed reservation is never altered (BR-CON-02): a change is a new version with the
same number and the reason; the old one is superseded."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.contracts.models import ContractStatus, Reservation, ReservationStatus
from l2c.contracts.services._common import locked_reservation, may_handle, money
from l2c.contracts.services.reservations.checks import (
    OPEN,
    RULE,
    check_deposit,
    check_price,
    clean_date,
    clean_kind,
    discount_for,
    quoted_price,
    unit_of,
)
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.customers.models import Customer
from l2c.deals.models import Quote

#: what a new version may change (the unit and the buyer change through BR-CON-07)
REVISABLE = (
    "kind",
    "agreed_price",
    "deposit_amount",
    "deposit_due",
    "sign_by",
    "terms",
    "discount_id",
)


@transaction.atomic
def reservation_revise(
    *, actor, reservation_id: int, changes: dict[str, Any], reason: str
) -> Reservation:
    """A signed reservation is never altered (BR-CON-02): the change is a NEW version with
    the same number, ``version_no + 1``, the reason, and the old one ``superseded``."""
    old = locked_reservation(reservation_id, "BR-CON-02")
    if not may_handle(actor, old):
        raise PermissionDeniedError("BR-CON-02", _("只有经办人或其主管、经理可以变更认购书。"))
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError("BR-CON-02", _("请填写变更原因。"), field="reason")
    if old.status not in OPEN:
        raise ConflictError(
            "BR-CON-02",
            _("认购书 %(n)s 当前为「%(s)s」，不能再变更。")
            % {"n": old.number, "s": old.get_status_display()},
            code="not_open",
        )
    if old.contracts.exclude(status=ContractStatus.CANCELLED).exists():
        raise ConflictError(
            "BR-CON-07", _("已据此认购书办理合同，请通过合同变更办理。"), code="has_contract"
        )
    unknown = set(changes) - set(REVISABLE)
    if unknown:
        raise BusinessRuleError(
            "BR-CON-02",
            _("认购书变更不能修改：%(f)s（换房、换名请走变更申请）。")
            % {"f": "、".join(sorted(unknown))},
        )
    now = timezone.now()
    new = Reservation(
        number=old.number,
        version_no=old.version_no + 1,
        previous=old,
        change_reason=reason[:200],
        kind=clean_kind(changes.get("kind", old.kind)),
        customer_id=old.customer_id,
        unit_id=old.unit_id,
        quote_id=old.quote_id,
        discount_id=old.discount_id,
        list_price=old.list_price,
        agreed_price=money(changes.get("agreed_price", old.agreed_price), "agreed_price", RULE),
        deposit_amount=money(
            changes.get("deposit_amount", old.deposit_amount), "deposit_amount", RULE
        ),
        deposit_due=clean_date(changes.get("deposit_due", old.deposit_due), "deposit_due"),
        sign_by=clean_date(changes.get("sign_by", old.sign_by), "sign_by"),
        terms=str(changes.get("terms", old.terms) or "").strip()[:5000],
        paid_amount=old.paid_amount,
        signed_at=now,
        owner_id=old.owner_id,
        department_id=old.department_id,
        team_id=old.team_id,
    )
    unit = unit_of(old.unit_id)
    customer = Customer.objects.get(pk=old.customer_id)
    discount = (
        discount_for(changes["discount_id"], customer, unit)
        if changes.get("discount_id") not in (None, "")
        else discount_for(None, customer, unit)
    )
    quote = Quote.objects.filter(pk=old.quote_id).first() if old.quote_id else None
    check_price(
        agreed=new.agreed_price,
        list_price=old.list_price,
        unit=unit,
        discount=discount,
        quoted=quoted_price(quote, unit),
    )
    new.discount = discount if discount is not None and new.agreed_price < old.list_price else None
    check_deposit(new.deposit_amount, new.agreed_price, now)
    if new.deposit_amount < old.paid_amount:
        raise BusinessRuleError(
            "BR-CON-02",
            _("财务已收定金 %(p)s 元，新的定金金额不能低于已收金额。")
            % {"p": yuan(old.paid_amount)},
            field="deposit_amount",
        )
    paid = new.paid_amount >= new.deposit_amount
    new.status = ReservationStatus.PAID if paid else ReservationStatus.SIGNED
    new.paid_at = (old.paid_at or now) if paid else None
    old.status = ReservationStatus.SUPERSEDED
    old.save_versioned(update_fields=["status"])
    new.save()
    fields = ("kind", "agreed_price", "deposit_amount", "deposit_due", "sign_by", "terms")
    audit_record(
        actor=actor,
        action="reservation.revise",
        obj=new,
        rule="BR-CON-02",
        changes={
            f: [getattr(old, f), getattr(new, f)]
            for f in fields
            if getattr(old, f) != getattr(new, f)
        },
        extra={"previous": old.pk, "version_no": new.version_no, "reason": reason},
    )
    return new
