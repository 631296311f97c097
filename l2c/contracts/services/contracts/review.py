"""The review before signing: a standard contract is ready at once, a special one goes
through the ``special_contract`` chain; the supervisor's checklist (BR-CON-03, 04)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.models import RequestState
from l2c.approvals.registry import Outcome
from l2c.approvals.selectors import approval_for_object
from l2c.approvals.services.documents import document_submit, follow_outcome
from l2c.audit.services import audit_record
from l2c.contracts import policies
from l2c.contracts.models import Contract, ContractClass, ContractReview, ContractStatus
from l2c.contracts.services._common import is_superior_of, locked_contract, may_handle, person_of
from l2c.contracts.services.contracts.common import CHECKLIST, EDITABLE, RULE, SPECIAL_ITEM
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.money import yuan


@transaction.atomic
def contract_submit_review(*, actor, contract_id: int) -> Contract:
    """A standard contract is ready to sign at once; a special one goes through the
    ``special_contract`` chain (BR-CON-03, BR-APR-04: manager → GM)."""
    contract = locked_contract(contract_id, RULE)
    if not may_handle(actor, contract):
        raise PermissionDeniedError(RULE, _("只有经办人或其主管、经理可以提交合同。"))
    if contract.status not in EDITABLE:
        raise ConflictError(
            RULE,
            _("合同当前为「%(s)s」，不能提交。") % {"s": contract.get_status_display()},
            code="not_editable",
        )
    if contract.classification == ContractClass.STANDARD:
        contract.status = ContractStatus.READY
        contract.save_versioned(update_fields=["status"])
        audit_record(
            actor=actor,
            action="contract.ready",
            obj=contract,
            rule=RULE,
            changes={"status": [ContractStatus.DRAFT, ContractStatus.READY]},
            extra={"classification": ContractClass.STANDARD},
        )
        return contract
    labels = "、".join(str(policies.SPECIAL_REASON_LABELS[r]) for r in contract.special_reasons)
    title = _("特殊合同评审：%(c)s %(u)s ¥%(p)s（%(r)s）") % {
        "c": contract.buyer_name,
        "u": contract.unit.code if contract.unit_id else "",
        "p": yuan(contract.price),
        "r": labels,
    }
    return document_submit(
        actor=actor,
        doc=contract,
        title=title,
        facts={
            "amount": contract.price,
            "list_price": contract.list_price,
            "discount_percent": policies.discount_percent_of(contract.list_price, contract.price),
            "special_reasons": list(contract.special_reasons),
        },
    )


def contract_on_outcome(outcome: Outcome) -> None:
    """The special-contract review's outcome sets the contract's status (no audit of its
    own: the engine's service wrote one)."""
    contract: Contract = outcome.obj
    status = {
        RequestState.IN_APPROVAL: ContractStatus.IN_REVIEW,
        RequestState.APPROVED: ContractStatus.READY,
        RequestState.REJECTED: ContractStatus.REVIEW_REJECTED,
        RequestState.WITHDRAWN: ContractStatus.DRAFT,
        RequestState.CANCELLED: ContractStatus.DRAFT,
    }.get(outcome.state)
    if contract.status in (ContractStatus.SIGNED, ContractStatus.CANCELLED):
        status = None  # past the review: the outcome no longer concerns it
    fields = follow_outcome(contract, outcome, status=status)
    if fields:
        contract.save_versioned(update_fields=fields)


def review_complete(contract: Contract, review: ContractReview | None) -> bool:
    if review is None:
        return False
    items = (
        [*CHECKLIST, SPECIAL_ITEM]
        if contract.classification == ContractClass.SPECIAL
        else CHECKLIST
    )
    return all(getattr(review, item) for item in items)


def special_review_passed(contract: Contract) -> bool:
    request = approval_for_object(contract, kind="special_contract")
    return request is not None and request.state == RequestState.APPROVED


@transaction.atomic
def contract_review_checklist(
    *,
    actor,
    contract_id: int,
    clauses_and_figures: bool,
    signatures_and_seals: bool,
    attachments: bool,
    special_review_record: bool = False,
    note: str = "",
) -> ContractReview:
    """The supervisor's review (BR-CON-04; 002 art. 7: 销售主管复核签字 — every clause and
    figure, signatures and seals, attachments/drawings, the special review record). By the
    owner's supervisor or manager, never the owner; every item must be ticked before
    signing (the special review record only for a special contract, and only once that
    review has passed)."""
    contract = locked_contract(contract_id, "BR-CON-04")
    person = person_of(actor)
    if (
        actor is None
        or contract.owner_id == actor.pk
        or not is_superior_of(
            person, department_id=contract.department_id, team_id=contract.team_id
        )
    ):
        raise PermissionDeniedError("BR-CON-04", _("合同复核须由经办人的销售主管或销售经理完成。"))
    if contract.status != ContractStatus.READY:
        raise ConflictError(
            "BR-CON-04",
            _("合同当前为「%(s)s」：评审通过（标准合同提交）后才能复核。")
            % {"s": contract.get_status_display()},
            code="not_ready",
        )
    special = contract.classification == ContractClass.SPECIAL
    if special and special_review_record and not special_review_passed(contract):
        raise BusinessRuleError(
            "BR-CON-04", _("特殊合同尚无通过的评审记录。"), field="special_review_record"
        )
    now = timezone.now()
    values = {
        "clauses_and_figures": bool(clauses_and_figures),
        "signatures_and_seals": bool(signatures_and_seals),
        "attachments": bool(attachments),
        "special_review_record": bool(special_review_record) and special,
        "note": (note or "").strip()[:500],
        "reviewer": actor,
        "reviewed_at": now,
    }
    review, _created = ContractReview.objects.update_or_create(contract=contract, defaults=values)
    audit_record(
        actor=actor,
        action="contract.review",
        obj=contract,
        rule="BR-CON-04",
        extra={
            **{k: v for k, v in values.items() if k not in ("reviewer", "reviewed_at")},
            "complete": review_complete(contract, review),
        },
    )
    return review
