"""Demo money for ``make run`` (called by ``l2c.web.demo`` after the contracts demo).

The cashiers 郑红 (zhenghong) and 冯晓燕 (fengxy) take turns recording the deposit of every
signed reservation still unpaid — 小定 or 定金, by bank transfer an hour after signing — so
the reservations become paid and the receipts print; then, for each signed contract whose
reservation's deposit receipts are held, the deposit converts into the price against the
returned receipts (BR-FIN-08).

Everything goes through the services. Idempotent: each transfer has a fixed bank reference
(BR-FIN-06 returns the receipt already issued), paid reservations take no more deposit and
a contract converts once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from l2c.core.errors import BusinessRuleError
from l2c.finance import selectors, services
from l2c.finance.models import Direction, Method, MoneyRecord, ReceiptStatus
from l2c.org.models import Person

CASHIERS = ("zhenghong", "fengxy")
#: printed under 备注 on the receipt: what a cashier would write
NOTE = "客户银行转账交付"


def _bank_ref(reservation) -> str:
    return f"ICBC{timezone.localtime(reservation.signed_at):%Y%m%d}{reservation.pk:06d}"


def load_finance_demo(people: dict[str, Person]) -> int:
    """Record the missing demo deposits and conversions; returns how many were created."""
    cashiers = [people[u] for u in CASHIERS if u in people]
    if not cashiers:
        return 0
    return _deposits(cashiers) + _conversions(cashiers[0])


def _deposits(cashiers: list[Person]) -> int:
    from l2c.contracts.models import Reservation, ReservationStatus

    reservations = list(
        Reservation.objects.filter(status=ReservationStatus.SIGNED)
        .select_related("customer")
        .order_by("signed_at", "id")
    )
    held = selectors.deposits_received(r.pk for r in reservations)
    now = timezone.now()
    created = 0
    for i, reservation in enumerate(reservations):
        outstanding = reservation.deposit_amount - held.get(reservation.pk, Decimal("0.00"))
        if outstanding <= 0:
            continue
        at = min(reservation.signed_at + dt.timedelta(hours=1), now - dt.timedelta(minutes=1))
        try:
            with transaction.atomic():
                record = services.money_receive(
                    actor=cashiers[i % len(cashiers)].user,
                    kind=reservation.kind,
                    amount=outstanding,
                    payer=reservation.customer.name,
                    method=Method.BANK,
                    bank_ref=_bank_ref(reservation),
                    at=at,
                    reservation_id=reservation.pk,
                    note=NOTE,
                )
        except BusinessRuleError:
            continue  # the demo obeys the rules like everyone else
        created += 0 if record.duplicate else 1
    return created


def _conversions(cashier: Person) -> int:
    from l2c.contracts.models import Contract, ContractStatus

    contracts = Contract.objects.filter(
        status=ContractStatus.SIGNED,
        reservation__isnull=False,
        deposit_converted_at__isnull=True,
    ).order_by("signed_at", "id")
    created = 0
    for contract in contracts:
        numbers = list(
            MoneyRecord.objects.filter(
                reservation_id=contract.reservation_id,
                direction=Direction.IN,
                kind__in=services.DEPOSIT_KINDS,
                status=ReceiptStatus.VALID,
            )
            .order_by("id")
            .values_list("number", flat=True)
        )
        if not numbers:
            continue
        try:
            with transaction.atomic():
                services.deposits_convert(
                    actor=cashier.user, contract_id=contract.pk, receipt_numbers=numbers
                )
        except BusinessRuleError:
            continue
        created += 1
    return created
