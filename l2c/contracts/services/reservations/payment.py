"""The deposit finance recorded against the reservation (BR-FIN-01): ``signed`` →
``paid`` when the paid total reaches the deposit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.contracts.models import Reservation, ReservationStatus
from l2c.contracts.services._common import locked_reservation, money
from l2c.contracts.services.reservations.checks import OPEN
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.core.roles import Role
from l2c.core.scope import viewer_of


@transaction.atomic
def reservation_mark_paid(
    *, actor, reservation_id: int, amount: Decimal, at: dt.datetime
) -> Reservation:
    """Finance recorded ``amount`` against the reservation's deposit (BR-FIN-01; called by
    finance): ``signed`` → ``paid`` when the paid total reaches the deposit. Paying more
    than the deposit is refused."""
    viewer = viewer_of(actor) if actor is not None else None
    if viewer is not None and Role.FINANCE not in viewer.roles and not viewer.is_superuser:
        raise PermissionDeniedError("BR-FIN-01", _("只有财务可以登记定金。"))
    reservation = locked_reservation(reservation_id, "BR-FIN-01")
    if reservation.status not in (*OPEN, ReservationStatus.CONTRACTED):
        raise ConflictError(
            "BR-FIN-01",
            _("认购书 %(n)s（第 %(v)s 版）当前为「%(s)s」，不能再交定金。")
            % {
                "n": reservation.number,
                "v": reservation.version_no,
                "s": reservation.get_status_display(),
            },
            code="not_open",
        )
    amount = money(amount, "amount", "BR-FIN-01")
    outstanding = reservation.deposit_amount - reservation.paid_amount
    if amount > outstanding:
        raise BusinessRuleError(
            "BR-FIN-01",
            _("认购书 %(n)s 约定定金 %(d)s 元，已收 %(p)s 元，本次最多只能收 %(o)s 元。")
            % {
                "n": reservation.number,
                "d": yuan(reservation.deposit_amount),
                "p": yuan(reservation.paid_amount),
                "o": yuan(outstanding),
            },
            field="amount",
        )
    before = (reservation.status, reservation.paid_amount)
    reservation.paid_amount += amount
    if reservation.paid_amount >= reservation.deposit_amount:
        if reservation.status == ReservationStatus.SIGNED:
            reservation.status = ReservationStatus.PAID
        reservation.paid_at = at or timezone.now()
    reservation.save_versioned(update_fields=["paid_amount", "status", "paid_at"])
    audit_record(
        actor=actor,
        action="reservation.paid",
        obj=reservation,
        rule="BR-FIN-01",
        changes={
            "paid_amount": [before[1], reservation.paid_amount],
            **(
                {"status": [before[0], reservation.status]}
                if before[0] != reservation.status
                else {}
            ),
        },
        extra={"amount": amount, "at": at},
    )
    return reservation
