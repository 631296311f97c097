"""A reservation signed in one transaction with the move of its unit to ``reserved``
(BR-CON-01, BR-CAT-03): the customer becomes a deal customer (BR-CUS-06)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from l2c.audit.services import audit_record
from l2c.catalog import services as catalog
from l2c.contracts.models import Reservation, ReservationStatus
from l2c.contracts.services._common import doc_ref, money, sales_person
from l2c.contracts.services.reservations.checks import (
    RULE,
    accepted_quote,
    check_deposit,
    check_price,
    clean_date,
    clean_kind,
    customer_on_file,
    discount_for,
    quoted_price,
    settle_deal,
    unit_of,
)
from l2c.core.numbering import next_number


@transaction.atomic
def reservation_create(
    *,
    actor,
    customer_id: int,
    unit_id: int,
    kind: str,
    agreed_price: Any,
    deposit_amount: Any,
    quote_id: int | None = None,
    discount_id: int | None = None,
    deposit_due: Any = None,
    sign_by: Any = None,
    terms: str = "",
) -> Reservation:
    """Sign a reservation (BR-CON-01): the customer's file, an available unit checked and
    moved to ``reserved`` in this same transaction (BR-CAT-03), the agreed price (below the
    list price only with an approved discount, BR-APR-02), a deposit of at most 20 % of it
    (民法典第586条). The customer becomes a deal customer (BR-CUS-06)."""
    person = sales_person(actor, RULE)
    now = timezone.now()
    kind = clean_kind(kind)
    customer = customer_on_file(actor, customer_id, now)
    unit = unit_of(unit_id)
    agreed = money(agreed_price, "agreed_price", RULE)
    deposit = money(deposit_amount, "deposit_amount", RULE)
    quote = accepted_quote(quote_id, customer)
    discount = discount_for(discount_id, customer, unit)
    list_price = unit.market_price
    check_price(
        agreed=agreed,
        list_price=list_price,
        unit=unit,
        discount=discount,
        quoted=quoted_price(quote, unit),
    )
    check_deposit(deposit, agreed, now)
    number = next_number("reservation", department_code=person.department.code, at=now)
    reservation = Reservation.objects.create(
        number=number,
        kind=kind,
        customer=customer,
        unit=unit,
        quote=quote,
        discount=discount if discount is not None and agreed < list_price else None,
        list_price=list_price,
        agreed_price=agreed,
        deposit_amount=deposit,
        deposit_due=clean_date(deposit_due, "deposit_due"),
        sign_by=clean_date(sign_by, "sign_by"),
        terms=(terms or "").strip()[:5000],
        status=ReservationStatus.SIGNED,
        signed_at=now,
        owner=actor,
        department_id=person.department_id,
        team_id=person.team_id,
    )
    # the authoritative check: the unit row is locked; a refusal rolls everything back
    catalog.unit_reserve(
        actor=actor, unit_id=unit.pk, customer_id=customer.pk, document=doc_ref(reservation)
    )
    settle_deal(actor, customer, doc_ref(reservation), now)
    audit_record(
        actor=actor,
        action="reservation.sign",
        obj=reservation,
        rule=RULE,
        changes={
            "number": [None, number],
            "unit": [None, unit.code],
            "customer": [None, customer.pk],
            "kind": [None, kind],
            "agreed_price": [None, agreed],
            "deposit_amount": [None, deposit],
        },
        extra={"list_price": list_price, "discount": reservation.discount_id},
    )
    return reservation
