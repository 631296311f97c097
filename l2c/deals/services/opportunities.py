"""Opportunities (商机, BR-DEAL-01): lead → qualified → needs analysed → proposal/demo →
quote & negotiation → won / lost. Every move is a StageChange row; lost needs a reason;
won needs a reservation or a contract, so it is never a manual move: the contracts app
calls :func:`opportunity_mark_won` when one is signed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record, diff, snapshot
from l2c.catalog.models import Unit
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.scope import can_see
from l2c.customers import selectors as customer_selectors
from l2c.customers.models import Customer
from l2c.customers.services import is_effectively_owned
from l2c.deals.models import Opportunity, OpportunityStage, StageChange
from l2c.deals.services._common import (
    SALES_ROLES,
    as_date,
    is_leader_over,
    locked,
    money_or_none,
    person_of,
    text,
)
from l2c.org.models import Person

RULE = "BR-DEAL-01"
OPEN_STAGES = (
    OpportunityStage.LEAD,
    OpportunityStage.QUALIFIED,
    OpportunityStage.NEEDS,
    OpportunityStage.PROPOSAL,
    OpportunityStage.NEGOTIATION,
)
CLOSED_STAGES = frozenset({OpportunityStage.WON, OpportunityStage.LOST})
#: "reservation:12" or "contract:7" — the document that proves a win
DOCUMENT_RE = re.compile(r"^(reservation|contract):[1-9]\d{0,17}$")
WON_NEEDS_DOCUMENT = "赢单须有认购书或合同"


def _customer_and_owner(actor, customer_id) -> tuple[Customer, Person]:
    """The customer the opportunity is for and who will own it: a rep only for a customer
    they own with a valid card; a leader for a customer in scope (owned by its owner)."""
    customer = customer_selectors.customer_get(viewer=actor, customer_id=customer_id)
    now = timezone.now()
    if customer_selectors.owns(actor, customer, now):
        return customer, person_of(actor, rule=RULE, roles=SALES_ROLES)
    if is_leader_over(actor, customer):
        if is_effectively_owned(customer, now):
            return customer, person_of(customer.owner, rule=RULE)
        return customer, person_of(actor, rule=RULE, roles=SALES_ROLES)
    raise PermissionDeniedError(RULE, _("只能为自己负责的有效客户建立商机。"))


def _clean(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if not partial or "name" in data:
        clean["name"] = text(data, "name", rule=RULE, limit=100, label=_("商机名称"), required=True)
    if not partial or "amount" in data:
        clean["amount"] = money_or_none(data.get("amount"), "amount", rule=RULE)
    if not partial or "expected_close" in data:
        clean["expected_close"] = as_date(
            data.get("expected_close"), rule=RULE, field="expected_close"
        )
    if not partial or "unit" in data:
        unit_id = data.get("unit")
        if unit_id in (None, ""):
            clean["unit"] = None
        else:
            unit = Unit.objects.filter(pk=_int(unit_id)).first()
            if unit is None:
                raise BusinessRuleError(RULE, _("未找到该单位（房号/产品）。"), field="unit")
            clean["unit"] = unit
    return clean


def _int(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


def _record(opp: Opportunity, frm: str, to: str, *, actor, at: dt.datetime, reason: str = ""):
    StageChange.objects.create(
        opportunity=opp,
        from_stage=frm,
        to_stage=to,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason[:200],
    )


@transaction.atomic
def opportunity_create(
    *, actor, customer_id: int, data: dict[str, Any], stage: str = OpportunityStage.LEAD
) -> Opportunity:
    """A new opportunity for a customer (BR-DEAL-01), at an open stage (lead by default)."""
    customer, owner = _customer_and_owner(actor, customer_id)
    if stage not in OPEN_STAGES:
        if stage == OpportunityStage.WON:
            raise BusinessRuleError(RULE, _(WON_NEEDS_DOCUMENT), field="stage", code="won")
        raise BusinessRuleError(RULE, _("新商机只能从未结束的阶段开始。"), field="stage")
    clean = _clean(data)
    now = timezone.now()
    opp = Opportunity.objects.create(
        customer=customer,
        stage=stage,
        owner=owner.user,
        department_id=owner.department_id,
        team_id=owner.team_id,
        **clean,
    )
    if stage != OpportunityStage.LEAD:
        _record(opp, OpportunityStage.LEAD, stage, actor=actor, at=now, reason=_("建立商机"))
    audit_record(
        actor=actor,
        action="opportunity.create",
        obj=opp,
        rule=RULE,
        changes={"customer": [None, customer.pk], "stage": [None, stage]},
    )
    return opp


def _editable(actor, opp: Opportunity) -> None:
    if opp.owner_id != actor.pk and not is_leader_over(actor, opp):
        if can_see(actor, opp):
            raise PermissionDeniedError(RULE, _("只有商机负责人或其上级可以修改。"))
        raise PermissionDeniedError(RULE, _("您没有执行此操作的权限。"))


@transaction.atomic
def opportunity_update(
    *, actor, opportunity_id: int, data: dict[str, Any], expected_version: int | None = None
) -> Opportunity:
    opp = locked(Opportunity, opportunity_id, rule=RULE, message=_("未找到该商机。"))
    _editable(actor, opp)
    opp.check_version(expected_version)
    if opp.stage in CLOSED_STAGES:
        raise ConflictError(RULE, _("已结束的商机不能修改。"), code="closed")
    clean = _clean(data, partial=True)
    if not clean:
        return opp
    before = snapshot(opp, list(clean))
    for key, value in clean.items():
        setattr(opp, key, value)
    opp.save_versioned(update_fields=list(clean))
    audit_record(
        actor=actor, action="opportunity.update", obj=opp, rule=RULE, changes=diff(before, clean)
    )
    return opp


@transaction.atomic
def opportunity_move(
    *,
    actor,
    opportunity_id: int,
    stage: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Opportunity:
    """Move an opportunity to another stage, with a StageChange row (BR-DEAL-01). Lost
    needs a reason; won is never a manual move (it needs a reservation or a contract)."""
    opp = locked(Opportunity, opportunity_id, rule=RULE, message=_("未找到该商机。"))
    _editable(actor, opp)
    opp.check_version(expected_version)
    reason = text({"reason": reason}, "reason", rule=RULE, limit=200, label=_("原因"))
    if stage not in OpportunityStage.values:
        raise BusinessRuleError(RULE, _("阶段无效。"), field="stage")
    if stage == OpportunityStage.WON:
        raise BusinessRuleError(RULE, _(WON_NEEDS_DOCUMENT), field="stage", code="won")
    if opp.stage in CLOSED_STAGES:
        raise ConflictError(
            RULE,
            _("商机已%(s)s，不能再变更阶段。") % {"s": opp.get_stage_display()},
            code="closed",
        )
    if stage == opp.stage:
        raise ConflictError(RULE, _("商机已在该阶段。"), code="same_stage")
    if stage == OpportunityStage.LOST and not reason:
        raise BusinessRuleError(RULE, _("输单须填写原因。"), field="reason", code="reason_required")
    now = timezone.now()
    frm = opp.stage
    opp.stage = stage
    fields = ["stage"]
    if stage == OpportunityStage.LOST:
        opp.closed_at = now
        opp.close_reason = reason
        fields += ["closed_at", "close_reason"]
    opp.save_versioned(update_fields=fields)
    _record(opp, frm, stage, actor=actor, at=now, reason=reason)
    audit_record(
        actor=actor,
        action="opportunity.move",
        obj=opp,
        rule=RULE,
        changes={"stage": [frm, stage]},
        extra={"reason": reason} if reason else None,
    )
    return opp


def advance_to_negotiation(opp: Opportunity, *, actor, at: dt.datetime, reason: str) -> None:
    """A quote went out: an open opportunity before 报价谈判 moves there (a StageChange row;
    the quote's service writes the audit row). Used by the quote services."""
    order = [str(s) for s in OPEN_STAGES]
    if opp.stage in order and order.index(opp.stage) < order.index(OpportunityStage.NEGOTIATION):
        frm = opp.stage
        Opportunity.objects.filter(pk=opp.pk).update(stage=OpportunityStage.NEGOTIATION)
        opp.stage = OpportunityStage.NEGOTIATION
        _record(opp, frm, OpportunityStage.NEGOTIATION, actor=actor, at=at, reason=reason)


@transaction.atomic
def opportunity_mark_won(
    *, actor, customer_id: int, document: str, at: dt.datetime | None = None
) -> Opportunity | None:
    """A reservation or contract was signed for ``customer_id`` (called by the contracts
    app inside its signing transaction): the customer's open opportunity in 报价谈判 (the
    most recently changed, if several) becomes won, with the document as proof
    (BR-DEAL-01). Returns it, or None when the customer has none in negotiation.
    Idempotent: the same document again returns the opportunity it already won."""
    if not isinstance(document, str) or not DOCUMENT_RE.match(document):
        raise BusinessRuleError(
            RULE, _("成交单据应为认购书或合同（reservation:<id> 或 contract:<id>）。")
        )
    already = Opportunity.objects.filter(customer_id=customer_id, won_document=document).first()
    if already is not None:
        return already
    opp = (
        Opportunity.objects.select_for_update()
        .filter(customer_id=customer_id, stage=OpportunityStage.NEGOTIATION)
        .order_by("-updated_at", "-id")
        .first()
    )
    if opp is None:
        return None
    at = at or timezone.now()
    opp.stage = OpportunityStage.WON
    opp.closed_at = at
    opp.won_document = document
    opp.save_versioned(update_fields=["stage", "closed_at", "won_document"])
    _record(
        opp, OpportunityStage.NEGOTIATION, OpportunityStage.WON, actor=actor, at=at, reason=document
    )
    audit_record(
        actor=actor,
        action="opportunity.won",
        obj=opp,
        rule=RULE,
        changes={"stage": [OpportunityStage.NEGOTIATION, OpportunityStage.WON]},
        extra={"document": document},
    )
    return opp
