"""Quotes (报价单, BR-DEAL-03, BR-CAT-02, BR-APR-02).

A quote is drafted with its lines (a unit or a product, the list price = its market price,
the unit price, the quantity), reviewed before it is sent through the approval kind
``quote`` (chain ``approvals.chain.quote``), and sent only when reviewed and — if a line is
below the quoting person's floor (``policies.line_floor``) — an approved discount request
made from it (``quote_request_discount``) covers the deepest line. The customer's answer is
recorded (accepted / declined). Any deviation from a reviewed or sent quote is a new
revision (``quote_revise``): the old one is superseded, the new one needs the review again.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals import services as approvals
from l2c.approvals.registry import Outcome
from l2c.audit.services import audit_record
from l2c.catalog.models import Product, Unit
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.money import to_yuan
from l2c.core.numbering import next_number
from l2c.core.scope import can_see
from l2c.deals.models import (
    DiscountRequest,
    DiscountStatus,
    Opportunity,
    Quote,
    QuoteLine,
    QuoteStatus,
)
from l2c.deals.policies import (
    Authority,
    ceil2,
    discount_authority,
    line_floor,
    percent_off,
)
from l2c.deals.services._common import (
    SALES_ROLES,
    as_date,
    integer,
    is_leader_over,
    locked,
    money,
    person_of,
    text,
)
from l2c.deals.services.discounts import discount_request_submit
from l2c.deals.services.opportunities import CLOSED_STAGES, advance_to_negotiation

RULE = "BR-DEAL-03"
APPROVAL_KIND = "quote"
EDITABLE = frozenset({QuoteStatus.DRAFT, QuoteStatus.REJECTED})
#: what a revision may start from: any quote the manager has passed (BR-DEAL-03)
REVISABLE = frozenset(
    {QuoteStatus.REVIEWED, QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED}
)
#: the review's outcome → the quote's status (only while the quote is before sending)
OUTCOME_STATUS = {
    "in_approval": QuoteStatus.IN_REVIEW,
    "approved": QuoteStatus.REVIEWED,
    "rejected": QuoteStatus.REJECTED,
    "withdrawn": QuoteStatus.DRAFT,
    "cancelled": QuoteStatus.DRAFT,
}
MAX_LINES = 50
TERMS = ("valid_until", "payment_terms", "delivery_terms", "tech_input", "purchasing_input")


# --- lines and totals ----------------------------------------------------------------------


def _line(raw: dict[str, Any], i: int, authority: Authority) -> QuoteLine:
    field = f"lines[{i}]"
    unit = product = None
    if raw.get("unit") not in (None, ""):
        unit = Unit.objects.select_related("product").filter(pk=_int(raw.get("unit"))).first()
        if unit is None:
            raise BusinessRuleError(
                RULE, _("第 %(n)s 行：未找到该单位。") % {"n": i + 1}, field=field
            )
        product = unit.product
        prices = (unit.market_price, unit.dealer_floor_price, unit.factory_floor_price)
    elif raw.get("product") not in (None, ""):
        product = Product.objects.filter(pk=_int(raw.get("product"))).first()
        if product is None:
            raise BusinessRuleError(
                RULE, _("第 %(n)s 行：未找到该产品。") % {"n": i + 1}, field=field
            )
        prices = (product.market_price, product.dealer_floor_price, product.factory_floor_price)
    else:
        raise BusinessRuleError(
            RULE, _("第 %(n)s 行：请选择产品或单位。") % {"n": i + 1}, field=field
        )
    if not product.active:
        raise BusinessRuleError(RULE, _("第 %(n)s 行：该产品已停售。") % {"n": i + 1}, field=field)
    quantity = integer(raw.get("quantity", 1), f"{field}.quantity", rule=RULE, low=1, high=10**6)
    if unit is not None and quantity != 1:
        raise BusinessRuleError(
            RULE, _("第 %(n)s 行：唯一单位的数量只能是 1。") % {"n": i + 1}, field=field
        )
    unit_price = money(raw.get("unit_price"), f"{field}.unit_price", rule=RULE)
    list_price, dealer_floor, factory_floor = prices
    if unit_price < factory_floor:
        raise BusinessRuleError(
            "BR-CAT-02",
            _("第 %(n)s 行：报价 %(p)s 元低于最低出厂价 %(f)s 元，不能报价。")
            % {"n": i + 1, "p": f"{unit_price:,.2f}", "f": f"{factory_floor:,.2f}"},
            field=f"{field}.unit_price",
            code="below_factory_price",
        )
    description = text(raw, "description", rule=RULE, limit=200, label=_("说明"))
    return QuoteLine(
        product=product,
        unit=unit,
        description=description or (f"{product.name} {unit.code}" if unit else product.name),
        quantity=quantity,
        list_price=list_price,
        dealer_floor_price=dealer_floor,
        floor_price=line_floor(list_price, authority.own, dealer_floor),
        unit_price=unit_price,
        amount=to_yuan(unit_price * quantity),
    )


def _int(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


def _lines(raw_lines, authority: Authority) -> list[QuoteLine]:
    if not isinstance(raw_lines, list | tuple) or not raw_lines:
        raise BusinessRuleError(RULE, _("报价单至少要有一项。"), field="lines")
    if len(raw_lines) > MAX_LINES:
        raise BusinessRuleError(RULE, _("报价单最多 %(n)s 项。") % {"n": MAX_LINES}, field="lines")
    lines = [_line(dict(raw), i, authority) for i, raw in enumerate(raw_lines)]
    units = [ln.unit_id for ln in lines if ln.unit_id]
    if len(units) != len(set(units)):
        raise BusinessRuleError(RULE, _("同一单位不能在报价单中出现两次。"), field="lines")
    return lines


def _apply_totals(quote: Quote, lines: list[QuoteLine]) -> None:
    quote.list_total = to_yuan(sum((ln.list_price * ln.quantity for ln in lines), Decimal(0)))
    quote.total = to_yuan(sum((ln.amount for ln in lines), Decimal(0)))
    quote.discount_needed = any(ln.unit_price < ln.floor_price for ln in lines)
    deepest = max((percent_off(ln.list_price, ln.unit_price) for ln in lines), default=Decimal(0))
    quote.max_discount_percent = ceil2(max(deepest, Decimal(0)))


def _save_lines(quote: Quote, lines: list[QuoteLine]) -> None:
    quote.lines.all().delete()
    for ln in lines:
        ln.quote = quote
    QuoteLine.objects.bulk_create(lines)


def _terms(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if not partial or "valid_until" in data:
        clean["valid_until"] = as_date(data.get("valid_until"), rule=RULE, field="valid_until")
    labels = {
        "payment_terms": _("付款条件"),
        "delivery_terms": _("交付条件"),
        "tech_input": _("技术意见"),
        "purchasing_input": _("成本与交期意见"),
    }
    for key, label in labels.items():
        if not partial or key in data:
            clean[key] = text(data, key, rule=RULE, limit=2000, label=label)
    return clean


# --- who may do what -----------------------------------------------------------------------


def _locked_quote(actor, quote_id, *, leaders: bool = False) -> Quote:
    quote = locked(Quote, quote_id, rule=RULE, message=_("未找到该报价单。"))
    if quote.owner_id == actor.pk or (leaders and is_leader_over(actor, quote)):
        return quote
    if can_see(actor, quote):
        raise PermissionDeniedError(RULE, _("只有报价人可以操作这张报价单。"))
    raise PermissionDeniedError(RULE, _("您没有执行此操作的权限。"))


def _lineage_ids(quote: Quote) -> list[int]:
    ids, current = [quote.pk], quote
    while current.previous_id is not None and len(ids) < 100:
        ids.append(current.previous_id)
        current = Quote.objects.only("id", "previous_id").get(pk=current.previous_id)
    return ids


def discount_covered(quote: Quote) -> bool:
    """An approved discount request of this quote (or of a revision it came from) covers
    its deepest line (BR-APR-02)."""
    if not quote.discount_needed:
        return True
    return DiscountRequest.objects.filter(
        quote_id__in=_lineage_ids(quote),
        status=DiscountStatus.APPROVED,
        discount_percent__gte=quote.max_discount_percent,
    ).exists()


# --- the services --------------------------------------------------------------------------


@transaction.atomic
def quote_create(
    *, actor, opportunity_id: int, lines: list[dict[str, Any]], data: dict[str, Any] | None = None
) -> Quote:
    """A draft quote for an open opportunity of the actor's, numbered from policy
    (``numbering.formats`` → quote, per department, gapless)."""
    opp = locked(Opportunity, opportunity_id, rule=RULE, message=_("未找到该商机。"))
    if opp.owner_id != actor.pk:
        if can_see(actor, opp):
            raise PermissionDeniedError(RULE, _("只有商机负责人可以报价。"))
        raise PermissionDeniedError(RULE, _("您没有执行此操作的权限。"))
    if opp.stage in CLOSED_STAGES:
        raise ConflictError(RULE, _("已结束的商机不能再报价。"), code="closed")
    person = person_of(actor, rule=RULE, roles=SALES_ROLES)
    clean_lines = _lines(lines, discount_authority(person.role_codes))
    terms = _terms(data or {}, partial=False)
    quote = Quote(
        number=next_number("quote", department_code=person.department.code),
        opportunity=opp,
        customer_id=opp.customer_id,
        owner=actor,
        department_id=person.department_id,
        team_id=person.team_id,
        **terms,
    )
    _apply_totals(quote, clean_lines)
    quote.save()
    _save_lines(quote, clean_lines)
    audit_record(
        actor=actor,
        action="quote.create",
        obj=quote,
        rule=RULE,
        changes={"total": [None, quote.total], "lines": [None, len(clean_lines)]},
    )
    return quote


@transaction.atomic
def quote_update(
    *,
    actor,
    quote_id: int,
    data: dict[str, Any] | None = None,
    lines: list[dict[str, Any]] | None = None,
    expected_version: int | None = None,
) -> Quote:
    """Change a draft (or rejected) quote; never while it is in review (BR-APR-06). A quote
    the manager passed changes only through a revision (``quote_revise``)."""
    quote = _locked_quote(actor, quote_id)
    approvals.ensure_editable(quote)
    if quote.status not in EDITABLE:
        raise ConflictError(
            RULE,
            _("%(s)s的报价单不能直接修改：请修订，修订版须重新审核。")
            % {"s": quote.get_status_display()},
            code="not_editable",
        )
    quote.check_version(expected_version)
    terms = _terms(data or {}, partial=True)
    fields = list(terms)
    for key, value in terms.items():
        setattr(quote, key, value)
    if lines is not None:
        person = person_of(actor, rule=RULE)
        clean_lines = _lines(lines, discount_authority(person.role_codes))
        _apply_totals(quote, clean_lines)
        _save_lines(quote, clean_lines)
        fields += ["list_total", "total", "discount_needed", "max_discount_percent"]
    if not fields:
        return quote
    quote.save_versioned(update_fields=fields)
    audit_record(
        actor=actor,
        action="quote.update",
        obj=quote,
        rule=RULE,
        changes={k: [None, getattr(quote, k)] for k in fields},
    )
    return quote


@transaction.atomic
def quote_submit(*, actor, quote_id: int) -> Quote:
    """Send the quote to the review before sending (approval kind ``quote``, BR-DEAL-03)."""
    quote = _locked_quote(actor, quote_id)
    if quote.status not in EDITABLE:
        raise ConflictError(
            RULE,
            _("%(s)s的报价单不能提交审核。") % {"s": quote.get_status_display()},
            code="not_submittable",
        )
    title = _("报价审核：%(n)s %(c)s ¥%(t)s") % {
        "n": quote.number,
        "c": quote.customer.name,
        "t": f"{quote.total:,.2f}",
    }
    approvals.approval_submit(
        actor=actor,
        kind=APPROVAL_KIND,
        obj=quote,
        title=title,
        facts={
            "amount": quote.total,
            "discount_percent": quote.max_discount_percent,
            "discount_needed": quote.discount_needed,
            "revision": quote.revision,
            # the chain asks the supervisor first only for a rep's quote (BR-APR-04)
            "requester_role": discount_authority(person_of(actor, rule=RULE).role_codes).role,
        },
    )
    quote.refresh_from_db()
    return quote


def quote_on_outcome(outcome: Outcome) -> None:
    """The review's state becomes the quote's (no audit row: the engine wrote one)."""
    quote: Quote = outcome.obj
    status = OUTCOME_STATUS.get(outcome.state)
    if status is None or quote.status not in EDITABLE | {QuoteStatus.IN_REVIEW}:
        return
    quote.status = status
    quote.save_versioned(update_fields=["status"])


@transaction.atomic
def quote_request_discount(*, actor, quote_id: int, reason: str = "") -> DiscountRequest:
    """A quote below the quoting person's floor asks for the discount (BR-CAT-02,
    BR-APR-02): a discount request copying the customer, the unit, the list price and the
    deepest line discount, linked to the quote and submitted into the discount chain."""
    quote = _locked_quote(actor, quote_id)
    if quote.status not in EDITABLE | {QuoteStatus.IN_REVIEW, QuoteStatus.REVIEWED}:
        raise ConflictError(
            "BR-APR-02",
            _("%(s)s的报价单不能申请优惠。") % {"s": quote.get_status_display()},
            code="not_open",
        )
    if not quote.discount_needed:
        raise BusinessRuleError(
            "BR-APR-02", _("报价未低于您的底价，无需优惠审批。"), code="not_needed"
        )
    if discount_covered(quote):
        raise ConflictError("BR-APR-02", _("已有批准的优惠申请。"), code="covered")
    if quote.discount_requests.filter(status=DiscountStatus.IN_APPROVAL).exists():
        raise ConflictError("BR-APR-02", _("该报价单的优惠申请正在审批中。"), code="in_approval")
    reason = text({"reason": reason}, "reason", rule="BR-APR-02", limit=2000, label=_("申请理由"))
    lines = list(quote.lines.select_related("unit", "product"))
    units = [ln.unit for ln in lines if ln.unit_id]
    first = lines[0]
    if len(lines) == 1:
        label = first.unit.code if first.unit is not None else first.product.name
    else:
        label = _("%(n)s 等 %(c)s 项") % {"n": lines[0].description, "c": len(lines)}
    dr = DiscountRequest.objects.create(
        customer_name=quote.customer.name[:60],
        unit_label=label[:60],
        list_price=quote.list_total,
        discount_percent=quote.max_discount_percent,
        reason=reason or _("报价单 %(n)s 低于底价") % {"n": quote.number},
        owner=actor,
        department_id=quote.department_id,
        team_id=quote.team_id,
        customer_id=quote.customer_id,
        unit=units[0] if len(units) == 1 and len(lines) == 1 else None,
        quote=quote,
    )
    audit_record(
        actor=actor,
        action="quote.request_discount",
        obj=quote,
        rule="BR-APR-02",
        extra={"discount_request": dr.pk, "discount_percent": dr.discount_percent},
    )
    return discount_request_submit(actor=actor, discount=dr)


@transaction.atomic
def quote_send(*, actor, quote_id: int) -> Quote:
    """Send the quote to the customer: only when the review passed (BR-DEAL-03) and any
    discount below the floor is approved (BR-APR-02). The opportunity moves to 报价谈判."""
    quote = _locked_quote(actor, quote_id)
    if quote.status != QuoteStatus.REVIEWED:
        raise ConflictError(
            RULE,
            _("报价单须经审核通过后才能发出（当前：%(s)s）。") % {"s": quote.get_status_display()},
            code="not_reviewed",
        )
    if not discount_covered(quote):
        raise BusinessRuleError(
            "BR-APR-02",
            _("报价低于您的底价（最大优惠 %(p)s%%），须先获批优惠申请才能发出。")
            % {"p": quote.max_discount_percent},
            code="discount_required",
        )
    opp = Opportunity.objects.select_for_update().get(pk=quote.opportunity_id)
    if opp.stage in CLOSED_STAGES:
        raise ConflictError(RULE, _("商机已结束，报价单不能发出。"), code="closed")
    now = timezone.now()
    quote.status = QuoteStatus.SENT
    quote.sent_at = now
    quote.save_versioned(update_fields=["status", "sent_at"])
    advance_to_negotiation(
        opp, actor=actor, at=now, reason=_("发出报价 %(n)s") % {"n": quote.number}
    )
    audit_record(
        actor=actor,
        action="quote.send",
        obj=quote,
        rule=RULE,
        changes={"status": [QuoteStatus.REVIEWED, QuoteStatus.SENT]},
    )
    return quote


def _answer(actor, quote_id: int, status: str, note: str, action: str) -> Quote:
    quote = _locked_quote(actor, quote_id, leaders=True)
    if quote.status != QuoteStatus.SENT:
        raise ConflictError(
            RULE,
            _("只有已发出的报价单可以登记客户答复（当前：%(s)s）。")
            % {"s": quote.get_status_display()},
            code="not_sent",
        )
    quote.status = status
    quote.answered_at = timezone.now()
    quote.answer_note = note
    quote.save_versioned(update_fields=["status", "answered_at", "answer_note"])
    audit_record(
        actor=actor,
        action=action,
        obj=quote,
        rule=RULE,
        changes={"status": [QuoteStatus.SENT, status]},
        extra={"note": note} if note else None,
    )
    return quote


@transaction.atomic
def quote_accept(*, actor, quote_id: int, note: str = "") -> Quote:
    """The customer accepted the sent quote."""
    note = text({"note": note}, "note", rule=RULE, limit=200, label=_("说明"))
    return _answer(actor, quote_id, QuoteStatus.ACCEPTED, note, "quote.accept")


@transaction.atomic
def quote_decline(*, actor, quote_id: int, reason: str) -> Quote:
    """The customer declined the sent quote (the reason is recorded)."""
    reason = text(
        {"reason": reason}, "reason", rule=RULE, limit=200, label=_("原因"), required=True
    )
    return _answer(actor, quote_id, QuoteStatus.DECLINED, reason, "quote.decline")


def _line_dicts(quote: Quote) -> list[dict[str, Any]]:
    return [
        {
            "product": ln.product_id,
            "unit": ln.unit_id,
            "quantity": ln.quantity,
            "unit_price": ln.unit_price,
            "description": ln.description,
        }
        for ln in quote.lines.all()
    ]


def _same(a: list[dict[str, Any]], b: list[QuoteLine]) -> bool:
    key = lambda d: (d["product"], d["unit"], d["quantity"], Decimal(d["unit_price"]))  # noqa: E731
    return sorted(map(key, a)) == sorted(
        (ln.product_id, ln.unit_id, ln.quantity, ln.unit_price) for ln in b
    )


@transaction.atomic
def quote_revise(*, actor, quote_id: int, changes: dict[str, Any], reason: str) -> Quote:
    """Any deviation from a reviewed or sent quote (BR-DEAL-03): a new revision
    (``previous`` = the old one, number ``<first number>-R<n>``) that needs the manager's
    review again; the old one is superseded. ``changes`` may hold ``lines`` (the whole new
    list) and any of the terms."""
    old = _locked_quote(actor, quote_id)
    if old.status not in REVISABLE:
        raise ConflictError(
            RULE,
            _("%(s)s的报价单不能修订。") % {"s": old.get_status_display()},
            code="not_revisable",
        )
    reason = text(
        {"reason": reason}, "reason", rule=RULE, limit=200, label=_("变更原因"), required=True
    )
    changes = dict(changes or {})
    person = person_of(actor, rule=RULE)
    raw_lines = changes.pop("lines", None)
    old_lines = _line_dicts(old)
    lines = _lines(
        raw_lines if raw_lines is not None else old_lines, discount_authority(person.role_codes)
    )
    terms = {key: getattr(old, key) for key in TERMS}
    terms.update(_terms(changes, partial=True))
    same_terms = all(terms[k] == getattr(old, k) for k in TERMS)
    if same_terms and _same(old_lines, lines):
        raise BusinessRuleError(RULE, _("修订内容与原报价相同。"), code="no_change")
    root = old
    while root.previous_id is not None:
        root = Quote.objects.only("id", "number", "previous_id").get(pk=root.previous_id)
    new = Quote(
        number=f"{root.number}-R{old.revision + 1}",
        opportunity_id=old.opportunity_id,
        customer_id=old.customer_id,
        revision=old.revision + 1,
        previous=old,
        deviation_reason=reason,
        owner_id=old.owner_id,
        department_id=old.department_id,
        team_id=old.team_id,
        **terms,
    )
    _apply_totals(new, lines)
    new.save()
    _save_lines(new, lines)
    previous_status = old.status
    old.status = QuoteStatus.SUPERSEDED
    old.save_versioned(update_fields=["status"])
    audit_record(
        actor=actor,
        action="quote.revise",
        obj=new,
        rule=RULE,
        changes={"total": [old.total, new.total], "revision": [old.revision, new.revision]},
        extra={"previous": old.pk, "previous_status": previous_status, "reason": reason},
    )
    return new
