"""The discount request (BR-APR-02) through the approval engine: on its own (the older
form: customer name, unit label, list price, discount) or created from a quote
(``quote_request_discount``), then linked to the customer, the unit and the quote."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals import services as approvals
from l2c.approvals.documents import EDITABLE_STATUSES
from l2c.approvals.services.documents import document_submit
from l2c.audit.services import audit_record, diff, snapshot
from l2c.catalog.models import UnitState
from l2c.catalog.policies import effective_state
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.deals.models import DiscountRequest
from l2c.deals.policies import (  # noqa: F401 — AUTHORITY_ORDER re-exported
    AUTHORITY_ORDER,
    discount_authority,
    quote_discount_facts,
)
from l2c.org.models import Person

RULE = "BR-APR-02"
#: a discount is asked for a unit not yet sold (an expired hold counts as available)
UNSOLD = (UnitState.AVAILABLE, UnitState.HELD)
#: who may propose a discount (000 D9: the supervisor decides whether to propose one; a rep
#: may ask, and then the supervisor's step comes first)
PROPOSERS = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})
EDITABLE = EDITABLE_STATUSES


def _decimal(raw: Any, field: str, *, places: int, low: Decimal, high: Decimal) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise BusinessRuleError(RULE, _("请输入数字。"), field=field) from exc
    if not value.is_finite() or value != value.quantize(Decimal(1).scaleb(-places)):
        raise BusinessRuleError(RULE, _("最多 %(p)s 位小数。") % {"p": places}, field=field)
    if not low <= value <= high:
        raise BusinessRuleError(
            RULE, _("取值应在 %(low)s 到 %(high)s 之间。") % {"low": low, "high": high}, field=field
        )
    return value


def _picked(actor, data: dict[str, Any]) -> dict[str, Any]:
    """A customer file and a unit picked from the lists (the page's way): the name, the
    unit's code and its list price come from the records, so the reservation finds the
    approved discount by the links, not by matching typed text."""
    from l2c.catalog.models import Unit
    from l2c.core.scope import can_see
    from l2c.customers.models import Customer

    try:
        customer = Customer.objects.get(pk=int(data["customer_id"]), archived_at=None)
    except (Customer.DoesNotExist, TypeError, ValueError, KeyError) as exc:
        raise BusinessRuleError(RULE, _("请选择客户。"), field="customer_id") from exc
    if not can_see(actor, customer):
        raise PermissionDeniedError(RULE, _("只能为自己能查看的客户申请优惠。"))
    try:
        unit = Unit.objects.select_related("project").get(pk=int(data["unit_id"]))
    except (Unit.DoesNotExist, TypeError, ValueError, KeyError) as exc:
        raise BusinessRuleError(RULE, _("请选择房号/单位。"), field="unit_id") from exc
    if effective_state(unit.state, unit.held_until, timezone.now()) not in UNSOLD:
        raise BusinessRuleError(
            "BR-CAT-03",
            _("%(u)s 已售出（%(s)s），不能再申请优惠。")
            % {"u": unit.code, "s": unit.get_state_display()},
            field="unit_id",
        )
    return {
        "customer": customer,
        "unit": unit,
        "customer_name": customer.name[:60],
        "unit_label": unit.code[:60],
        "list_price": unit.market_price,
    }


def _clean(data: dict[str, Any], actor=None) -> dict[str, Any]:
    if data.get("customer_id") not in (None, "") or data.get("unit_id") not in (None, ""):
        picked = _picked(actor, data)
        typed = {k: v for k, v in data.items() if k not in ("customer_id", "unit_id")}
        return {
            **_clean({**typed, **picked}),
            "customer": picked["customer"],
            "unit": picked["unit"],
        }
    customer = str(data.get("customer_name", "")).strip()
    unit = str(data.get("unit_label", "")).strip()
    if not customer or len(customer) > 60:
        raise BusinessRuleError(RULE, _("请填写客户姓名（不超过 60 字）。"), field="customer_name")
    if not unit or len(unit) > 60:
        raise BusinessRuleError(RULE, _("请填写房号或产品（不超过 60 字）。"), field="unit_label")
    return {
        "customer_name": customer,
        "unit_label": unit,
        "list_price": _decimal(
            data.get("list_price"),
            "list_price",
            places=2,
            low=Decimal("0.01"),
            high=Decimal("999999999999.99"),
        ),
        "discount_percent": _decimal(
            data.get("discount_percent"),
            "discount_percent",
            places=2,
            low=Decimal("0.01"),
            high=Decimal("50"),
        ),
        "reason": str(data.get("reason", "")).strip()[:2000],
    }


def _person(actor) -> Person:
    person = Person.objects.filter(user=actor).first()
    if person is None or not set(person.role_codes) & PROPOSERS:
        raise PermissionDeniedError(RULE, _("只有销售人员可以提出优惠申请。"))
    return person


@transaction.atomic
def discount_request_create(
    *, actor, data: dict[str, Any], submit: bool = False
) -> DiscountRequest:
    """Create a discount request; with ``submit`` it goes into approval in the same
    transaction (nothing is left behind if the submission is refused)."""
    person = _person(actor)
    clean = _clean(data, actor)
    dr = DiscountRequest.objects.create(
        **clean, owner=actor, department_id=person.department_id, team_id=person.team_id
    )
    audit_record(
        actor=actor,
        action="discount.create",
        obj=dr,
        rule=RULE,
        changes={k: [None, v] for k, v in clean.items()},
    )
    if submit:
        return discount_request_submit(actor=actor, discount=dr)
    return dr


@transaction.atomic
def discount_request_update(
    *, actor, discount: DiscountRequest, data: dict[str, Any], expected_version: int | None = None
) -> DiscountRequest:
    dr = DiscountRequest.objects.select_for_update().get(pk=discount.pk)
    if dr.owner_id != actor.pk:
        raise PermissionDeniedError(RULE, _("只有申请人可以修改。"))
    approvals.ensure_editable(dr)  # BR-APR-06: read-only while in approval
    if dr.status not in EDITABLE:
        raise ConflictError(RULE, _("已批准的优惠申请不能修改。"), code="approved")
    if dr.quote_id is not None:
        raise ConflictError(
            RULE,
            _("由报价单生成的优惠申请不能单独修改：请修改报价单后重新申请。"),
            code="from_quote",
        )
    dr.check_version(expected_version)
    if dr.customer_id is not None or dr.unit_id is not None:
        # linked to a customer file and a unit: those (and the list price) come from the
        # records, never from typed text — else the approval and the reservation could
        # be about two different flats
        data = {
            "customer_id": data.get("customer_id") or dr.customer_id,
            "unit_id": data.get("unit_id") or dr.unit_id,
            **{k: v for k, v in data.items() if k in ("discount_percent", "reason")},
        }
    clean = _clean(data, actor)
    before = snapshot(dr, list(clean))
    for key, value in clean.items():
        setattr(dr, key, value)
    dr.save_versioned(update_fields=list(clean))
    audit_record(
        actor=actor, action="discount.update", obj=dr, rule="BR-APR-06", changes=diff(before, clean)
    )
    return dr


def discount_facts(dr: DiscountRequest, person: Person) -> dict[str, Any]:
    """What the discount chain's conditions read (policy ``approvals.discount_authority``).
    For a request made from a quote, the quote's lines decide (the deepest line, and the
    authorities capped by the lowest dealer price: ``policies.quote_discount_facts``)."""
    authority = discount_authority(person.role_codes)
    if dr.quote_id is not None:
        from l2c.deals.models import QuoteLine

        lines = list(QuoteLine.objects.filter(quote_id=dr.quote_id))
        facts = quote_discount_facts(lines, authority)
        return {**facts, "discount_percent": max(facts["discount_percent"], dr.discount_percent)}
    return {
        "discount_percent": dr.discount_percent,
        "amount": dr.list_price,
        "requester_role": authority.role,
        "requester_authority": authority.own,
        "supervisor_authority": authority.supervisor,
        "manager_authority": authority.manager,
    }


@transaction.atomic
def discount_request_submit(*, actor, discount: DiscountRequest) -> DiscountRequest:
    """Send the discount into the discount chain (BR-APR-02); within the requester's own
    authority it is approved at once, and the reason recorded."""
    dr = DiscountRequest.objects.select_for_update().get(pk=discount.pk)
    if dr.owner_id != actor.pk:
        raise PermissionDeniedError(RULE, _("只有申请人可以提交。"))
    person = _person(actor)
    title = _("优惠申请：%(c)s %(u)s 优惠 %(p)s%%") % {
        "c": dr.customer_name,
        "u": dr.unit_label,
        "p": dr.discount_percent,
    }
    return document_submit(actor=actor, doc=dr, title=title, facts=discount_facts(dr, person))
