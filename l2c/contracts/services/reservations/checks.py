"""What a reservation is checked against: the customer's live file, the unit, an
accepted quote and an approved discount for the price (BR-APR-02, BR-CAT-02), the
deposit at most 20% of the price (BR-CAT-03), and the deal it settles (BR-CUS-06)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.catalog.models import Unit
from l2c.contracts import policies
from l2c.contracts.models import ReservationKind, ReservationStatus
from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.core.money import yuan
from l2c.core.scope import visible_to
from l2c.customers import services as customers
from l2c.customers.models import Customer
from l2c.deals import services as deals
from l2c.deals.models import DiscountRequest, DiscountStatus, Quote, QuoteStatus
from l2c.reception.services import attribution_settle_on_deal

RULE = "BR-CON-01"
OPEN = (ReservationStatus.SIGNED, ReservationStatus.PAID)


def customer_on_file(actor, customer_id: Any, now: dt.datetime) -> Customer:
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


def unit_of(unit_id: Any) -> Unit:
    try:
        return Unit.objects.select_related("project").get(pk=int(unit_id))
    except (Unit.DoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise NotFoundError("BR-CAT-03", _("未找到该房号/单位。"), field="unit_id") from exc


def clean_kind(kind: Any) -> str:
    if kind not in ReservationKind.values:
        raise BusinessRuleError(RULE, _("请选择小定或定金。"), field="kind")
    return str(kind)


def clean_date(raw: Any, field: str) -> dt.date | None:
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


def accepted_quote(quote_id: Any, customer: Customer) -> Quote | None:
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


def quoted_price(quote: Quote | None, unit: Unit) -> Decimal | None:
    """The price the accepted quote gives this unit (its review covered the discount)."""
    if quote is None:
        return None
    line = quote.lines.filter(unit_id=unit.pk).order_by("id").first()
    return line.unit_price if line is not None else None


def discount_for(discount_id: Any, customer: Customer, unit: Unit) -> DiscountRequest | None:
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
                "p": yuan(agreed),
                "u": unit.code,
                "l": yuan(list_price),
                "d": policies.discount_percent_of(list_price, agreed),
            },
            field="agreed_price",
        )
    lowest = policies.lowest_price(list_price, discount.discount_percent)
    if agreed < lowest:
        raise BusinessRuleError(
            "BR-APR-02",
            _("成交价低于已批准的优惠（%(d)s%%，最低 %(low)s 元）。")
            % {"d": discount.discount_percent, "low": yuan(lowest)},
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
            % {"d": yuan(deposit), "p": percent, "l": yuan(limit)},
            field="deposit_amount",
        )


def settle_deal(actor, customer: Customer, document: str, now: dt.datetime) -> None:
    """The deal moment (BR-CUS-06, BR-ATT-13, BR-DEAL-01); each call is idempotent."""
    customers.customer_mark_deal(actor=actor, customer_id=customer.pk, at=now)
    attribution_settle_on_deal(customer=customer, deal_at=now, actor=actor)
    deals.opportunity_mark_won(actor=actor, customer_id=customer.pk, document=document, at=now)
