"""The price list (BR-CAT-02, 04): three tiers per product or unit; a published price
changes only through a :class:`PriceChangeRequest` approved in the ``price_change`` chain
(manager → GM by default), which records old → new when it is applied."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals import services as approvals
from l2c.approvals.documents import EDITABLE_STATUSES, OPEN_STATUSES
from l2c.approvals.registry import Outcome
from l2c.approvals.services.documents import document_submit, document_withdraw, follow_outcome
from l2c.audit.services import audit_record, diff, snapshot
from l2c.catalog.models import PriceChangeRequest, Product, RequestStatus, Unit
from l2c.catalog.policies import PRICE_REQUESTERS
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.org.models import Person

RULE = "BR-CAT-04"
TIERS = ("market_price", "factory_floor_price", "dealer_floor_price")
TIER_LABELS = {
    "market_price": "市场价",
    "factory_floor_price": "最低出厂价",
    "dealer_floor_price": "最低经销价",
}
EDITABLE = EDITABLE_STATUSES
OPEN = set(OPEN_STATUSES)
MAX_PRICE = Decimal("999999999999.99")


def _money(raw: Any, field: str) -> Decimal:
    label = TIER_LABELS.get(field, field)
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise BusinessRuleError(
            "BR-CAT-02", _("%(f)s请输入金额。") % {"f": label}, field=field
        ) from exc
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise BusinessRuleError("BR-CAT-02", _("%(f)s最多 2 位小数。") % {"f": label}, field=field)
    if not Decimal(0) <= value <= MAX_PRICE:
        raise BusinessRuleError(
            "BR-CAT-02", _("%(f)s不能为负数或过大。") % {"f": label}, field=field
        )
    return value


def clean_tiers(data: dict[str, Any]) -> dict[str, Decimal]:
    """BR-CAT-02: market ≥ lowest dealer ≥ lowest factory ≥ 0."""
    tiers = {f: _money(data.get(f), f) for f in TIERS}
    if tiers["market_price"] <= 0:
        raise BusinessRuleError("BR-CAT-02", _("市场价必须大于 0。"), field="market_price")
    if tiers["dealer_floor_price"] > tiers["market_price"]:
        raise BusinessRuleError(
            "BR-CAT-02", _("最低经销价不能高于市场价。"), field="dealer_floor_price"
        )
    if tiers["factory_floor_price"] > tiers["dealer_floor_price"]:
        raise BusinessRuleError(
            "BR-CAT-02", _("最低出厂价不能高于最低经销价。"), field="factory_floor_price"
        )
    return tiers


def is_published(target: Product | Unit) -> bool:
    """A price is published while its product (and project) is on sale."""
    if isinstance(target, Unit):
        return bool(target.product.active and target.project.active)
    return bool(target.active and target.project.active)


def _person(actor) -> Person:
    person = Person.objects.filter(user=actor).first()
    if person is None or not set(person.role_codes) & PRICE_REQUESTERS:
        raise PermissionDeniedError(RULE, _("只有销售主管、经理、助理及以上可以申请调价。"))
    return person


def _target(product_id: int | None, unit_id: int | None) -> Product | Unit:
    if (product_id is None) == (unit_id is None):
        raise BusinessRuleError(RULE, _("请选择要调价的产品或单位（二选一）。"), field="product_id")
    try:
        if unit_id is not None:
            return Unit.objects.select_related("product", "project").get(pk=int(unit_id))
        return Product.objects.select_related("project").get(pk=int(product_id))
    except (Unit.DoesNotExist, Product.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(RULE, _("未找到要调价的产品或单位。")) from exc


def _reason(data: dict[str, Any]) -> str:
    reason = str(data.get("reason", "") or "").strip()
    if not reason:
        raise BusinessRuleError(RULE, _("请填写调价理由。"), field="reason")
    return reason[:2000]


@transaction.atomic
def price_change_create(
    *,
    actor,
    data: dict[str, Any],
    product_id: int | None = None,
    unit_id: int | None = None,
    submit: bool = False,
) -> PriceChangeRequest:
    """Ask for new prices of one product or one unit; with ``submit`` it goes into the
    ``price_change`` chain in the same transaction."""
    person = _person(actor)
    target = _target(product_id, unit_id)
    tiers = clean_tiers(data)
    reason = _reason(data)
    if all(getattr(target, f) == tiers[f] for f in TIERS):
        raise BusinessRuleError(RULE, _("新价格与现价相同，无需调价。"), code="no_change")
    field = "unit" if isinstance(target, Unit) else "product"
    if PriceChangeRequest.objects.filter(**{field: target}, status__in=OPEN).exists():
        raise ConflictError(
            RULE,
            _("%(t)s 已有未完成的调价申请，请先处理该申请。") % {"t": target},
            code="open_request",
        )
    change = PriceChangeRequest.objects.create(
        **{field: target},
        **{f"old_{f}": getattr(target, f) for f in TIERS},
        **tiers,
        reason=reason,
        owner=actor,
        department_id=target.project.department_id,
        team_id=person.team_id,
    )
    audit_record(
        actor=actor,
        action="price_change.create",
        obj=change,
        rule=RULE,
        changes={f: [str(getattr(target, f)), str(tiers[f])] for f in TIERS},
        extra={"target": f"{field}:{target.pk}", "reason": reason},
    )
    if submit:
        return price_change_submit(actor=actor, change=change)
    return change


@transaction.atomic
def price_change_update(
    *,
    actor,
    change: PriceChangeRequest,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> PriceChangeRequest:
    pc = PriceChangeRequest.objects.select_for_update().get(pk=change.pk)
    if pc.owner_id != actor.pk:
        raise PermissionDeniedError(RULE, _("只有申请人可以修改。"))
    approvals.ensure_editable(pc)
    if pc.status not in EDITABLE:
        raise ConflictError(RULE, _("该调价申请已结束，不能修改。"), code="closed")
    pc.check_version(expected_version)
    clean: dict[str, Any] = dict(clean_tiers(data))
    clean["reason"] = _reason(data)
    before = snapshot(pc, list(clean))
    for key, value in clean.items():
        setattr(pc, key, value)
    pc.save_versioned(update_fields=list(clean))
    audit_record(
        actor=actor,
        action="price_change.update",
        obj=pc,
        rule="BR-APR-06",
        changes=diff(before, clean),
    )
    return pc


def _title(pc: PriceChangeRequest) -> str:
    target = pc.unit or pc.product
    return _("调价申请：%(t)s 市场价 %(old)s → %(new)s") % {
        "t": target,
        "old": yuan(pc.old_market_price),
        "new": yuan(pc.market_price),
    }


@transaction.atomic
def price_change_submit(*, actor, change: PriceChangeRequest) -> PriceChangeRequest:
    """Send the request into the ``price_change`` chain (BR-APR-04: manager → GM)."""
    pc = PriceChangeRequest.objects.select_for_update().get(pk=change.pk)
    if pc.owner_id != actor.pk:
        raise PermissionDeniedError(RULE, _("只有申请人可以提交。"))
    _person(actor)
    if pc.status not in EDITABLE:
        raise ConflictError(RULE, _("该调价申请已提交或已结束。"), code="not_editable")
    old = pc.old_market_price or Decimal(0)
    percent = ((pc.market_price - old) * 100 / old).quantize(Decimal("0.01")) if old else None
    return document_submit(
        actor=actor,
        doc=pc,
        title=_title(pc),
        facts={
            "amount": pc.market_price,
            "old_amount": pc.old_market_price,
            "change_percent": percent,
        },
    )


@transaction.atomic
def price_change_withdraw(
    *, actor, change: PriceChangeRequest, reason: str = ""
) -> PriceChangeRequest:
    if change.approval_id is None:
        raise ConflictError(RULE, _("该调价申请尚未提交。"), code="not_submitted")
    return document_withdraw(actor=actor, doc=change, reason=reason)


def _apply(pc: PriceChangeRequest, actor) -> None:
    """Write the approved prices on the product/unit, and record what they were."""
    model = Unit if pc.unit_id else Product
    target = model.objects.select_for_update().get(pk=pc.unit_id or pc.product_id)
    old = {f: getattr(target, f) for f in TIERS}
    new = {f: getattr(pc, f) for f in TIERS}
    for f in TIERS:
        setattr(target, f, new[f])
        setattr(pc, f"old_{f}", old[f])  # what was actually replaced
    target.save_versioned(update_fields=list(TIERS))
    pc.applied_at = timezone.now()
    audit_record(
        actor=actor,
        action="price.change",
        obj=target,
        rule=RULE,
        changes=diff(old, new),
        extra={"price_change": pc.pk},
    )


def price_change_on_outcome(outcome: Outcome) -> None:
    """The engine tells us where the request stands; approved → the prices apply now."""
    pc: PriceChangeRequest = outcome.obj
    fields = follow_outcome(pc, outcome)
    if outcome.state == RequestStatus.APPROVED and pc.applied_at is None:
        _apply(pc, outcome.actor)
        fields += ["applied_at"] + [f"old_{f}" for f in TIERS]
    pc.save_versioned(update_fields=fields)


def _refuse_published(target: Product | Unit) -> None:
    if is_published(target):
        raise BusinessRuleError(
            RULE,
            _("%(t)s 的价格已发布，只能通过调价申请（审批通过后生效）修改。") % {"t": target},
            code="price_published",
        )


@transaction.atomic
def product_update_prices(*, actor, product_id: int, data: dict[str, Any]) -> Product:
    """Set the prices of a product that is not published yet; a published price list is
    refused (BR-CAT-04: only an approved request changes it)."""
    _person(actor)
    product = Product.objects.select_for_update().select_related("project").get(pk=product_id)
    _refuse_published(product)
    tiers = clean_tiers(data)
    before = snapshot(product, list(TIERS))
    for f, v in tiers.items():
        setattr(product, f, v)
    product.save_versioned(update_fields=list(TIERS))
    audit_record(
        actor=actor,
        action="product.prices",
        obj=product,
        rule="BR-CAT-02",
        changes=diff(before, tiers),
    )
    return product


@transaction.atomic
def unit_update_prices(*, actor, unit_id: int, data: dict[str, Any]) -> Unit:
    """Like :func:`product_update_prices`, for one unit."""
    _person(actor)
    unit = Unit.objects.select_for_update().select_related("product", "project").get(pk=unit_id)
    _refuse_published(unit)
    tiers = clean_tiers(data)
    before = snapshot(unit, list(TIERS))
    for f, v in tiers.items():
        setattr(unit, f, v)
    unit.save_versioned(update_fields=list(TIERS))
    audit_record(
        actor=actor, action="unit.prices", obj=unit, rule="BR-CAT-02", changes=diff(before, tiers)
    )
    return unit
