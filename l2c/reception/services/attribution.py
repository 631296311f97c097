"""Attribution decisions (BR-ATT-01…13): record what the rule function decided, verify a
complaint, dispute, resolve, and settle the same-day shares when the deal closes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.scope import viewer_of
from l2c.customers import services as customer_services
from l2c.reception import attribution as rules
from l2c.reception.models import (
    AttributionDecision,
    AttributionShare,
    Condition,
    DecisionStatus,
    Pending,
    Resolution,
)
from l2c.reception.permissions import VERIFY_ROLES, company_wide
from l2c.reception.services._common import people_by_user

ANSWER_FLAGS = (
    "came_before",
    "forgot",
    "refuses_earlier",
    "complaint",
    "nth_visit_named",
    "seeks_discount",
    "event",
)
ANSWER_REPS = ("earlier_rep", "wanted_rep", "helper_rep")


def splits(at: dt.datetime | None = None) -> rules.Splits:
    return rules.Splits(
        refused=policy.value("attribution.refused_split", at=at),
        helper=policy.value("attribution.helper_split", at=at),
        forgot=policy.value("attribution.forgot_split", at=at),
        nth_visit=policy.value("attribution.nth_visit_split", at=at),
        same_day=policy.value("attribution.same_day_service_split", at=at),
    )


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _rep(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise BusinessRuleError("BR-ATT-01", _("置业顾问无效。")) from exc


def answers_from(data: dict[str, Any] | None) -> rules.Answers:
    """The desk's answers from a form or JSON (reps as user ids)."""
    data = data or {}
    named = tuple(r for r in (_rep(v) for v in data.get("named_reps") or []) if r is not None)
    return rules.Answers(
        **{k: _flag(data.get(k, k == "came_before")) for k in ANSWER_FLAGS},
        **{k: _rep(data.get(k)) for k in ANSWER_REPS},
        named_reps=tuple(dict.fromkeys(named)),
    )


def answers_json(a: rules.Answers) -> dict[str, Any]:
    return {**a.__dict__, "named_reps": list(a.named_reps)}


def record_decision(
    *,
    actor,
    customer,
    reception,
    outcome: rules.Outcome,
    answers: rules.Answers,
    facts: rules.Facts,
    at: dt.datetime,
) -> AttributionDecision:
    """Store an outcome with its shares (no audit: the calling service audits the action)."""
    rules.check_sums(outcome.shares)
    people = people_by_user({outcome.receiver, *(s.user for s in outcome.shares if s.user)})
    receiver = people.get(outcome.receiver)
    if receiver is None:
        raise BusinessRuleError("BR-ATT-01", _("接待人必须是在职员工。"), field="wanted_rep")
    decision = AttributionDecision.objects.create(
        customer=customer,
        reception=reception,
        rule=outcome.rule,
        answers=answers_json(answers),
        facts={
            "owner": facts.owner,
            "owner_valid": facts.owner_valid,
            "present": sorted(facts.present),
            "rotation_rep": facts.rotation_rep,
            "earlier_receivers": list(facts.earlier_receivers),
        },
        receiver=receiver.user,
        deal_owner_id=outcome.deal_owner,
        owner_after_id=outcome.owner_after,
        department_id=receiver.department_id,
        team_id=receiver.team_id,
        decided_by=actor,
        decided_at=at,
        status=outcome.status,
        pending=outcome.pending,
        note=str(outcome.note)[:300],
    )
    AttributionShare.objects.bulk_create(
        AttributionShare(
            decision=decision,
            user_id=s.user,
            department_id=receiver.department_id if s.department else None,
            role=s.role,
            percent=s.percent,
            condition=s.condition,
            is_deal_owner=s.deal_owner,
        )
        for s in outcome.shares
    )
    if outcome.status == DecisionStatus.CONFIRMED:
        if may_move_card(actor, decision):
            apply_ownership(actor=actor, decision=decision)
        else:
            # a rep recorded a decision that gives the card to someone else: the supervisor
            # confirms the move (customers lets only the desk and leaders move cards)
            decision.status, decision.pending = DecisionStatus.PROPOSED, Pending.SUPERVISOR
            decision.note = f"{decision.note}{_('（归属变更待主管确认）')}"[:300]
            decision.save_versioned(update_fields=["status", "pending", "note"])
    return decision


def may_move_card(actor, decision: AttributionDecision) -> bool:
    """Whether the actor may have the decision move the customer's card."""
    if decision.owner_after_id is None or decision.customer.deal_at is not None:
        return True
    viewer = viewer_of(actor)
    movers = customer_services.DESK_ROLES | customer_services.LEADER_ROLES
    return bool(viewer.roles & movers) or viewer.is_superuser or actor.pk == decision.owner_after_id


def apply_ownership(*, actor, decision: AttributionDecision) -> bool:
    """When the decision makes someone else the card holder (e.g. BR-ATT-02), the customers
    app moves the card (with an ownership record). A deal customer's card never moves
    (BR-CUS-06): the shares say who earns what."""
    if decision.owner_after_id is None or decision.customer.deal_at is not None:
        return False
    customer_services.customer_assign_by_attribution(
        actor=actor,
        customer_id=decision.customer_id,
        to_user_id=decision.owner_after_id,
        reason=f"{decision.rule} {decision.note}"[:200],
        rule=decision.rule,
    )
    return True


def locked_decision(decision_id) -> AttributionDecision:
    try:
        return (
            AttributionDecision.objects.select_for_update(of=("self",))
            .select_related("customer", "department")
            .get(pk=int(decision_id))
        )
    except (AttributionDecision.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ATT-11", _("未找到该客户区分记录。")) from exc


def in_department(viewer, decision) -> bool:
    return company_wide(viewer) or viewer.department_id == decision.department_id


@transaction.atomic
def attribution_verify_complaint(
    *, actor, decision_id, upheld: bool, note: str
) -> AttributionDecision:
    """The supervisor settles a proposed decision. BR-ATT-04: upheld, the earlier rep loses
    all claim; not upheld, the customer merely refused B — BR-ATT-02 decides the split.
    Any other rule (a rep recorded a decision that moves the card): upheld moves the card,
    not upheld keeps it where it is."""
    decision = locked_decision(decision_id)
    viewer = viewer_of(actor)
    if not viewer.roles & VERIFY_ROLES and not viewer.is_superuser:
        raise PermissionDeniedError("BR-ATT-04", _("只有销售主管或经理可以核实投诉。"))
    if not in_department(viewer, decision):
        raise PermissionDeniedError("BR-ORG-02", _("只能核实本部门的投诉。"))
    if decision.pending != Pending.SUPERVISOR:
        raise ConflictError("BR-ATT-04", _("该记录不需要核实投诉。"), code="not_pending")
    note = (note or "").strip()
    if not note:
        raise BusinessRuleError("BR-ATT-04", _("请填写核实情况。"), field="note")
    complaint = decision.rule == "BR-ATT-04"
    if not upheld and not complaint:
        decision.owner_after_id = None
    elif not upheld:
        facts = decision.facts
        outcome = rules.decide(
            rules.Answers(
                earlier_rep=decision.answers.get("earlier_rep") or facts.get("owner"),
                wanted_rep=decision.receiver_id,
                refuses_earlier=True,
            ),
            rules.Facts(
                owner=facts.get("owner"),
                owner_valid=bool(facts.get("owner_valid")),
                present=frozenset(facts.get("present") or ()),
                rotation_rep=facts.get("rotation_rep"),
            ),
            splits(decision.decided_at),
        )
        replace_shares(decision, outcome.shares, decision.department_id)
        decision.rule, decision.deal_owner_id = outcome.rule, outcome.deal_owner
        decision.owner_after_id = outcome.owner_after
    decision.status, decision.pending = DecisionStatus.CONFIRMED, Pending.NONE
    decision.resolution, decision.resolution_note = Resolution.VERIFIED, note[:300]
    decision.resolved_by, decision.resolved_at = actor, timezone.now()
    decision.save_versioned(update_fields=DECISION_FIELDS)
    apply_ownership(actor=actor, decision=decision)
    audit_record(
        actor=actor,
        action="attribution.verify",
        obj=decision,
        rule="BR-ATT-04" if complaint else decision.rule,
        extra={"upheld": upheld, "note": note, "rule": decision.rule},
    )
    return decision


DECISION_FIELDS = [
    "rule",
    "status",
    "pending",
    "deal_owner",
    "owner_after",
    "resolution",
    "resolution_note",
    "resolved_by",
    "resolved_at",
    "disputed_by",
    "dispute_reason",
    "deal_at",
]


def replace_shares(decision, shares, department_id) -> None:
    rules.check_sums(shares)
    decision.shares.filter(active=True).update(active=False)
    AttributionShare.objects.bulk_create(
        AttributionShare(
            decision=decision,
            user_id=s.user,
            department_id=department_id if s.department else None,
            role=s.role,
            percent=s.percent,
            condition=s.condition,
            is_deal_owner=s.deal_owner,
        )
        for s in shares
    )


@transaction.atomic
def attribution_settle_on_deal(*, customer, deal_at: dt.datetime, actor=None) -> list[int]:
    """The customer's deal closed (called by deals): the same-day shares of BR-ATT-13 hold if
    it closed on the day of the service, else the LATER ones. Idempotent."""
    settled: list[int] = []
    for decision in AttributionDecision.objects.select_for_update().filter(
        customer_id=customer.pk, deal_at__isnull=True
    ):
        same_day = timezone.localdate(deal_at) == timezone.localdate(decision.decided_at)
        failing = Condition.LATER if same_day else Condition.SAME_DAY
        decision.shares.filter(active=True, condition=failing).update(active=False)
        if decision.shares.filter(active=True, condition=Condition.SAME_DAY).exists():
            decision.deal_owner_id = (
                decision.shares.filter(active=True, is_deal_owner=True)
                .values_list("user_id", flat=True)
                .first()
            )
        decision.deal_at = deal_at
        decision.save_versioned(update_fields=DECISION_FIELDS)
        settled.append(decision.pk)
    if settled:
        audit_record(
            actor=actor,
            action="attribution.settle",
            obj=customer,
            rule="BR-ATT-13",
            extra={"deal_at": deal_at, "decisions": settled},
        )
    return settled


__all__ = [
    "answers_from",
    "attribution_settle_on_deal",
    "attribution_verify_complaint",
    "record_decision",
    "splits",
]
