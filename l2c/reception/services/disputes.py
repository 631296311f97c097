"""Disputes over attribution (BR-ATT-10, 11): a rep involved disputes; the reps agree or the
department manager decides; an unresolved quarrel gives the credit to the department."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.notifications.services import notify
from l2c.org.models import Person
from l2c.reception import attribution as rules
from l2c.reception.models import AttributionDecision, DecisionStatus, Pending, Resolution
from l2c.reception.permissions import RESOLVE_ROLES, VERIFY_ROLES
from l2c.reception.services._common import people_by_user
from l2c.reception.services.attribution import (
    DECISION_FIELDS,
    apply_ownership,
    in_department,
    locked_decision,
    replace_shares,
)


@transaction.atomic
def attribution_dispute(*, actor, decision_id, reason: str) -> AttributionDecision:
    """A rep involved (or their supervisor) disputes the decision (BR-ATT-11): it goes to
    the department manager."""
    decision = locked_decision(decision_id)
    viewer = viewer_of(actor)
    involved = {decision.receiver_id, decision.deal_owner_id, decision.facts.get("owner")}
    involved |= set(decision.shares.filter(active=True).values_list("user_id", flat=True))
    leader = viewer.roles & (VERIFY_ROLES | RESOLVE_ROLES) and in_department(viewer, decision)
    if actor.pk not in involved and not leader:
        raise PermissionDeniedError("BR-ATT-11", _("只有相关置业顾问或其上级可以提出异议。"))
    if decision.status in (DecisionStatus.DISPUTED, DecisionStatus.RESOLVED):
        raise ConflictError("BR-ATT-11", _("该记录已有异议或已裁定。"), code="already_disputed")
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError("BR-ATT-11", _("请填写异议理由。"), field="reason")
    decision.status, decision.disputed_by = DecisionStatus.DISPUTED, actor
    decision.dispute_reason = reason[:300]
    decision.save_versioned(update_fields=DECISION_FIELDS)
    managers = _managers_of(decision)
    notify(
        recipients=managers,
        kind="attribution.dispute",
        title=_("客户区分异议：%(c)s") % {"c": decision.customer.name},
        body=reason,
        url=f"/reception/attributions/{decision.pk}/",
        obj=decision,
        key=f"attribution.dispute.{decision.pk}.{decision.version}",
    )
    audit_record(
        actor=actor,
        action="attribution.dispute",
        obj=decision,
        rule="BR-ATT-11",
        extra={"reason": reason},
    )
    return decision


def _managers_of(decision):
    return [
        p.user
        for p in Person.objects.filter(
            department_id=decision.department_id, roles__role=Role.MANAGER, left_on__isnull=True
        ).select_related("user")
    ]


def _percent(value) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise BusinessRuleError("BR-ATT-12", _("比例无效。"), field="shares") from exc
    if not Decimal(0) < number <= Decimal(100):
        raise BusinessRuleError("BR-ATT-12", _("每人比例须大于 0 且不超过 100。"), field="shares")
    return number


@transaction.atomic
def attribution_resolve(
    *,
    actor,
    decision_id,
    how: str,
    note: str,
    shares: list[tuple[int, Any]] | None = None,
    deal_owner_id: int | None = None,
) -> AttributionDecision:
    """Settle a disputed decision, or set an event's attribution by hand (BR-ATT-10, 11):
    ``agreed`` (the reps agreed; the split they agreed), ``manager`` (the department
    manager decides the split) or ``department`` (an unresolved quarrel: the credit and the
    commission go to the department). Who and why are recorded and audited."""
    decision = locked_decision(decision_id)
    viewer = viewer_of(actor)
    if not viewer.roles & RESOLVE_ROLES and not viewer.is_superuser:
        raise PermissionDeniedError("BR-ATT-11", _("只有部门经理可以裁定客户归属。"))
    if not in_department(viewer, decision):
        raise PermissionDeniedError("BR-ORG-02", _("只能裁定本部门的客户归属。"))
    open_ = decision.status == DecisionStatus.DISPUTED or decision.pending == Pending.MANAGER
    if not open_:
        raise ConflictError("BR-ATT-11", _("该记录没有待裁定的争议。"), code="not_disputed")
    note = (note or "").strip()
    if not note:
        raise BusinessRuleError("BR-ATT-11", _("请写明裁定理由。"), field="note")
    if how not in {Resolution.AGREED, Resolution.MANAGER, Resolution.DEPARTMENT}:
        raise BusinessRuleError("BR-ATT-11", _("裁定方式无效。"), field="how")
    if how == Resolution.DEPARTMENT:
        specs = [rules.ShareSpec(None, "dept", rules.HUNDRED, deal_owner=True, department=True)]
        owner = None
    else:
        pairs = [(int(u), _percent(p)) for u, p in (shares or [])]
        people = people_by_user([u for u, _p in pairs])
        if (
            not pairs
            or any(u not in people for u, _p in pairs)
            or len({u for u, _ in pairs}) != len(pairs)
        ):
            raise BusinessRuleError(
                "BR-ATT-12", _("请为每位在职员工填写一次比例。"), field="shares"
            )
        owner = deal_owner_id if deal_owner_id is not None else max(pairs, key=lambda x: x[1])[0]
        if owner not in people:
            raise BusinessRuleError(
                "BR-ATT-12", _("业绩归属人须在分成名单中。"), field="deal_owner"
            )
        specs = [
            rules.ShareSpec(u, "A" if u == owner else "B", p, deal_owner=u == owner)
            for u, p in pairs
        ]
    replace_shares(decision, specs, decision.department_id)
    was_event = decision.pending == Pending.MANAGER
    decision.status, decision.pending = DecisionStatus.RESOLVED, Pending.NONE
    decision.deal_owner_id = owner
    decision.owner_after_id = owner if owner and owner != decision.customer.owner_id else None
    decision.resolution = Resolution.SET_BY_MANAGER if was_event and how == "manager" else how
    decision.resolution_note, decision.resolved_by = note[:300], actor
    decision.resolved_at = timezone.now()
    decision.save_versioned(update_fields=DECISION_FIELDS)
    apply_ownership(actor=actor, decision=decision)
    audit_record(
        actor=actor,
        action="attribution.resolve",
        obj=decision,
        rule="BR-ATT-10" if was_event else "BR-ATT-11",
        extra={
            "how": how,
            "note": note,
            "shares": [[s.user, str(s.percent)] for s in specs],
        },
    )
    return decision
