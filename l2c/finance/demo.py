"""Demo money for ``make run`` (called by ``l2c.web.demo`` after the contracts demo).

The cashiers 郑红 (zhenghong) and 冯晓燕 (fengxy) take turns recording the deposit of every
signed reservation still unpaid — 小定 or 定金, by bank transfer an hour after signing — so
the reservations become paid and the receipts print; then, for each signed contract whose
reservation's deposit receipts are held, the deposit converts into the price against the
returned receipts (BR-FIN-08).

Everything goes through the services. Idempotent: each transfer has a fixed bank reference
(BR-FIN-06 returns the receipt already issued), paid reservations take no more deposit and
a contract converts once.

Then the receivables (BR-FIN-03, 04, 05): the first signed contract gets a payment plan of
three milestones — the 30% down payment on signing, paid in full; 40% on an agreed date two
weeks ago, partly paid; the rest on an agreed date 75 days ago, unpaid, so the contract is
overdue beyond 60 days and shows as in default — and the next signed contract the plan of
its own payment terms with its down payment partly paid. A contract that has a plan keeps it.
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
    return _deposits(cashiers) + _conversions(cashiers[0]) + _receivables(cashiers[0])


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


def _receivables(cashier: Person) -> int:
    from l2c.contracts.models import Contract, ContractStatus
    from l2c.core.money import percent_of
    from l2c.finance.models import PaymentMilestone

    contracts = list(
        Contract.objects.filter(status=ContractStatus.SIGNED)
        .select_related("customer")
        .order_by("signed_at", "id")[:2]
    )
    today = timezone.localdate()
    created = 0
    for i, contract in enumerate(contracts):
        if PaymentMilestone.objects.filter(contract=contract).exists():
            continue
        try:
            with transaction.atomic():
                if i == 0:
                    down = percent_of(contract.price, Decimal(30))
                    second = percent_of(contract.price, Decimal(40))
                    services.payment_plan_set(
                        actor=cashier.user,
                        contract_id=contract.pk,
                        milestones=[
                            {
                                "kind": "advance",
                                "name": "首付款",
                                "amount": down,
                                "due_by": "on_signing",
                            },
                            {
                                "kind": "other",
                                "name": "第二期房款",
                                "amount": second,
                                "due_by": "date",
                                "due_on": today - dt.timedelta(days=14),
                            },
                            {
                                "kind": "other",
                                "name": "尾款",
                                "amount": contract.price - down - second,
                                "due_by": "date",
                                "due_on": today - dt.timedelta(days=75),
                            },
                        ],
                    )
                    paid = [(1, down), (2, (second / 2).quantize(Decimal("0.01")))]
                else:
                    services.payment_plan_from_terms(actor=cashier.user, contract_id=contract.pk)
                    first = PaymentMilestone.objects.get(contract=contract, sequence=1)
                    paid = [(1, (first.amount / 3).quantize(Decimal("0.01")))]
                for sequence, amount in paid:
                    milestone = PaymentMilestone.objects.get(contract=contract, sequence=sequence)
                    services.milestone_payment_receive(
                        actor=cashier.user,
                        milestone_id=milestone.pk,
                        amount=amount,
                        payer=contract.customer.name,
                        method=Method.BANK,
                        bank_ref=f"CCB{contract.pk:06d}M{sequence:02d}",
                        note=NOTE,
                    )
        except BusinessRuleError:
            continue  # the demo obeys the rules like everyone else
        created += 1
    return created
