"""Reservations (预定书/认购书, BR-CON-01/02, BR-CAT-03, BR-CUS-06, BR-CON-07 before contract).

A reservation is signed when it is created — in ONE transaction with the sales-control
move of its unit (``catalog.unit_reserve``, which locks the unit row): if the unit is not
available, nothing is written and its number is given back. It is never altered after
signing: a change is a new version (same number, ``version_no + 1``) with the reason.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.catalog import services as catalog
from l2c.catalog.models import Unit
from l2c.contracts import policies
from l2c.contracts.models import (
    ContractStatus,
    Reservation,
    ReservationKind,
    ReservationStatus,
)
from l2c.contracts.services._common import (
    doc_ref,
    locked_reservation,
    may_handle,
    money,
    sales_person,
)
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.numbering import next_number
from l2c.core.roles import Role
from l2c.core.scope import viewer_of, visible_to
from l2c.customers import services as customers
from l2c.customers.models import Customer
from l2c.deals import services as deals
from l2c.deals.models import DiscountRequest, DiscountStatus, Quote, QuoteStatus
from l2c.reception.services import attribution_settle_on_deal

RULE = "BR-CON-01"
OPEN = (ReservationStatus.SIGNED, ReservationStatus.PAID)
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


# --- checks -----------------------------------------------------------------------------


def _customer(actor, customer_id: Any, now: dt.datetime) -> Customer:
    """The customer's file (建档), in the actor's scope and live (not in the public pool)."""
    try:
        pk = int(customer_id)
    except (TypeError, ValueError) as exc:
        raise NotFoundError(RULE, _("未找到该客户。"), field="customer_id") from exc
    customer = visible_to(actor, Customer.objects.filter(pk=pk, archived_at__isnull=True)).first()
    if customer is None:
        raise NotFoundError(
            RULE, _("未找到该客户的档案：请先为客户建档（BR-CON-01）。"), field="customer_id"
        )
    if customer.deal_at is None and not customers.is_effectively_owned(customer, now):
        raise BusinessRuleError(
            "BR-CUS-04",
            _("客户 %(n)s 的档案已失效或在公海中，请先认领后再签认购书。") % {"n": customer.name},
            field="customer_id",
        )
    return customer


def _unit(unit_id: Any) -> Unit:
    try:
        return Unit.objects.select_related("project").get(pk=int(unit_id))
    except (Unit.DoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise NotFoundError("BR-CAT-03", _("未找到该房号/单位。"), field="unit_id") from exc


def _kind(kind: Any) -> str:
    if kind not in ReservationKind.values:
        raise BusinessRuleError(RULE, _("请选择小定或定金。"), field="kind")
    return str(kind)


def _date(raw: Any, field: str) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.datetime):
        return timezone.localdate(raw)
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise BusinessRuleError(RULE, _("日期格式应为 YYYY-MM-DD。"), field=field) from exc


def _quote(quote_id: Any, customer: Customer) -> Quote | None:
    if quote_id in (None, ""):
        return None
    quote = Quote.objects.filter(pk=quote_id, customer_id=customer.pk).first()
    if quote is None:
        raise NotFoundError(RULE, _("未找到该客户的报价单。"), field="quote_id")
    if quote.status != QuoteStatus.ACCEPTED:
        raise BusinessRuleError(
            "BR-DEAL-03", _("报价单 %(n)s 尚未被客户接受。") % {"n": quote.number}, field="quote_id"
        )
    return quote


def _quoted_price(quote: Quote | None, unit: Unit) -> Decimal | None:
    """The price the accepted quote gives this unit (its review covered the discount)."""
    if quote is None:
        return None
    line = quote.lines.filter(unit_id=unit.pk).order_by("id").first()
    return line.unit_price if line is not None else None


def _discount(discount_id: Any, customer: Customer, unit: Unit) -> DiscountRequest | None:
    """The approved discount for this customer and unit: the one named, else the latest.
    A request linked to a customer and a unit (from a quote) must be for these; one made
    on the free-form page (no links) must name the customer and the unit's code."""
    linked = Q(customer_id=customer.pk, unit_id=unit.pk)
    named = Q(customer__isnull=True, unit__isnull=True, customer_name=customer.name)
    named &= Q(unit_label=unit.code) | Q(unit_label=f"{unit.project.name} {unit.code}")
    qs = DiscountRequest.objects.filter(linked | named)
    if discount_id not in (None, ""):
        try:
            dr = qs.filter(pk=int(discount_id)).first()
        except (TypeError, ValueError):
            dr = None
        if dr is None:
            raise NotFoundError(
                "BR-APR-02", _("未找到该客户与房号的优惠申请。"), field="discount_id"
            )
        return dr
    return qs.filter(status=DiscountStatus.APPROVED).order_by("-created_at", "-id").first()


def check_price(
    *,
    agreed: Decimal,
    list_price: Decimal,
    unit: Unit,
    discount: DiscountRequest | None,
    quoted: Decimal | None,
) -> None:
    """BR-APR-02 / BR-CAT-02: below the market price only with an approved discount for
    this customer and unit (within its percent) or at the price of an accepted quote."""
    if agreed >= list_price:
        return
    if quoted is not None and agreed >= quoted:
        return
    if discount is None or discount.status != DiscountStatus.APPROVED:
        raise BusinessRuleError(
            "BR-APR-02",
            _("成交价 %(p)s 元低于 %(u)s 的标价 %(l)s 元（优惠 %(d)s%%），须先经优惠审批通过。")
            % {
                "p": f"{agreed:,.2f}",
                "u": unit.code,
                "l": f"{list_price:,.2f}",
                "d": policies.discount_percent_of(list_price, agreed),
            },
            field="agreed_price",
        )
    lowest = policies.lowest_price(list_price, discount.discount_percent)
    if agreed < lowest:
        raise BusinessRuleError(
            "BR-APR-02",
            _("成交价低于已批准的优惠（%(d)s%%，最低 %(low)s 元）。")
            % {"d": discount.discount_percent, "low": f"{lowest:,.2f}"},
            field="agreed_price",
        )


def check_deposit(deposit: Decimal, agreed: Decimal, now: dt.datetime) -> None:
    """BR-CAT-03: a deposit above policy ``catalog.max_deposit_percent`` of the price is
    refused (民法典第586条)."""
    percent = Decimal(str(policy.value("catalog.max_deposit_percent", at=now)))
    limit = policies.max_deposit(agreed, percent)
    if deposit > limit:
        raise BusinessRuleError(
            "BR-CAT-03",
            _(
                "定金 %(d)s 元超过成交价的 %(p)s%%（%(l)s 元）。根据《民法典》第586条，"
                "定金数额不得超过主合同标的额的百分之二十，超过部分不产生定金的效力。"
            )
            % {"d": f"{deposit:,.2f}", "p": percent, "l": f"{limit:,.2f}"},
            field="deposit_amount",
        )


def _settle_deal(actor, customer: Customer, document: str, now: dt.datetime) -> None:
    """The deal moment (BR-CUS-06, BR-ATT-13, BR-DEAL-01); each call is idempotent."""
    customers.customer_mark_deal(actor=actor, customer_id=customer.pk, at=now)
    attribution_settle_on_deal(customer=customer, deal_at=now, actor=actor)
    deals.opportunity_mark_won(actor=actor, customer_id=customer.pk, document=document, at=now)


# --- the services -----------------------------------------------------------------------


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
    kind = _kind(kind)
    customer = _customer(actor, customer_id, now)
    unit = _unit(unit_id)
    agreed = money(agreed_price, "agreed_price", RULE)
    deposit = money(deposit_amount, "deposit_amount", RULE)
    quote = _quote(quote_id, customer)
    discount = _discount(discount_id, customer, unit)
    list_price = unit.market_price
    check_price(
        agreed=agreed,
        list_price=list_price,
        unit=unit,
        discount=discount,
        quoted=_quoted_price(quote, unit),
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
        deposit_due=_date(deposit_due, "deposit_due"),
        sign_by=_date(sign_by, "sign_by"),
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
    _settle_deal(actor, customer, doc_ref(reservation), now)
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
        kind=_kind(changes.get("kind", old.kind)),
        customer_id=old.customer_id,
        unit_id=old.unit_id,
        quote_id=old.quote_id,
        discount_id=old.discount_id,
        list_price=old.list_price,
        agreed_price=money(changes.get("agreed_price", old.agreed_price), "agreed_price", RULE),
        deposit_amount=money(
            changes.get("deposit_amount", old.deposit_amount), "deposit_amount", RULE
        ),
        deposit_due=_date(changes.get("deposit_due", old.deposit_due), "deposit_due"),
        sign_by=_date(changes.get("sign_by", old.sign_by), "sign_by"),
        terms=str(changes.get("terms", old.terms) or "").strip()[:5000],
        paid_amount=old.paid_amount,
        signed_at=now,
        owner_id=old.owner_id,
        department_id=old.department_id,
        team_id=old.team_id,
    )
    unit = _unit(old.unit_id)
    customer = Customer.objects.get(pk=old.customer_id)
    discount = (
        _discount(changes["discount_id"], customer, unit)
        if changes.get("discount_id") not in (None, "")
        else _discount(None, customer, unit)
    )
    quote = Quote.objects.filter(pk=old.quote_id).first() if old.quote_id else None
    check_price(
        agreed=new.agreed_price,
        list_price=old.list_price,
        unit=unit,
        discount=discount,
        quoted=_quoted_price(quote, unit),
    )
    new.discount = discount if discount is not None and new.agreed_price < old.list_price else None
    check_deposit(new.deposit_amount, new.agreed_price, now)
    if new.deposit_amount < old.paid_amount:
        raise BusinessRuleError(
            "BR-CON-02",
            _("财务已收定金 %(p)s 元，新的定金金额不能低于已收金额。")
            % {"p": f"{old.paid_amount:,.2f}"},
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


@transaction.atomic
def reservation_cancel(
    *, actor, reservation_id: int, reason: str, retention_note: str
) -> Reservation:
    """退订 before a contract (BR-CON-07; 002 art. 2 (六) 4: 签订合同前要求退房的尽量做客户
    工作): only after the rep has recorded the retention attempt; the unit goes back to
    available. A refund of the deposit is a change request (``contract_change_request``)."""
    reservation = locked_reservation(reservation_id, "BR-CON-07")
    if not may_handle(actor, reservation):
        raise PermissionDeniedError("BR-CON-07", _("只有经办人或其主管、经理可以办理退订。"))
    reason = (reason or "").strip()
    retention_note = (retention_note or "").strip()
    if not reason:
        raise BusinessRuleError("BR-CON-07", _("请填写退订原因。"), field="reason")
    if not retention_note:
        raise BusinessRuleError(
            "BR-CON-07",
            _("签订合同前客户要求退订，须先做挽留工作并记录挽留情况。"),
            field="retention_note",
        )
    if reservation.status not in OPEN:
        raise ConflictError(
            "BR-CON-07",
            _("认购书 %(n)s 当前为「%(s)s」，不能退订。")
            % {"n": reservation.number, "s": reservation.get_status_display()},
            code="not_open",
        )
    if reservation.contracts.exclude(status=ContractStatus.CANCELLED).exists():
        raise ConflictError(
            "BR-CON-07", _("已据此认购书办理合同，请通过合同变更办理解除。"), code="has_contract"
        )
    return cancel_reservation(
        actor=actor, reservation=reservation, reason=reason, retention_note=retention_note
    )


def cancel_reservation(*, actor, reservation: Reservation, reason: str, retention_note: str):
    """The cancellation itself (the reservation is locked and open): the unit back to
    available, the reservation cancelled, one audit row."""
    now = timezone.now()
    catalog.unit_cancel(
        actor=actor, unit_id=reservation.unit_id, document=doc_ref(reservation), reason=reason
    )
    reservation.status = ReservationStatus.CANCELLED
    reservation.cancelled_at = now
    reservation.cancel_reason = reason[:200]
    reservation.retention_note = retention_note[:500]
    reservation.save_versioned(
        update_fields=["status", "cancelled_at", "cancel_reason", "retention_note"]
    )
    audit_record(
        actor=actor,
        action="reservation.cancel",
        obj=reservation,
        rule="BR-CON-07",
        changes={"status": ["open", ReservationStatus.CANCELLED]},
        extra={"reason": reason, "retention_note": retention_note},
    )
    return reservation


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
                "d": f"{reservation.deposit_amount:,.2f}",
                "p": f"{reservation.paid_amount:,.2f}",
                "o": f"{outstanding:,.2f}",
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
