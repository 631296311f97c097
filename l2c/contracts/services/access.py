"""Confidential contracts (BR-CON-06; 002 art. 7 管理 ②③: 所有合同应作为机密资料保存 … 除公司
领导、销售经理、销售主管、合同经办人以外，其他人员查看合同须经主管同意，借阅须签字).

Everyone outside the circle asks through the ``contract_access`` chain; an approved request
is valid for one day. Every view and print is logged (``contract_access_record``, called
by the selector ``contract_get``), and borrowing and returning the original are services
of their own."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.models import RequestState
from l2c.approvals.registry import Outcome
from l2c.approvals.services.documents import document_submit, follow_outcome
from l2c.audit.services import audit_record
from l2c.contracts import policies
from l2c.contracts.models import (
    AccessKind,
    Contract,
    ContractAccessLog,
    ContractAccessRequest,
    ContractStatus,
)
from l2c.contracts.services._common import locked_contract, person_of
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of

RULE = "BR-CON-06"
#: how long an approved access request lets its holder in
ACCESS_VALID = dt.timedelta(days=1)
REQUESTABLE = (AccessKind.VIEW, AccessKind.BORROW)


def basis(actor, contract: Contract, *, kind: str = AccessKind.VIEW, now=None) -> str:
    """Why ``actor`` may see (``view``) or borrow (``borrow``) the contract: the circle of
    BR-CON-06, or an approved, unexpired access request (``approval:<id>``); ``""`` if not."""
    viewer = viewer_of(actor)
    found = policies.access_basis(
        viewer,
        owner_id=contract.owner_id,
        department_id=contract.department_id,
        team_id=contract.team_id,
    )
    if found:
        return found
    if viewer.user_id is None:
        return ""
    kinds = [AccessKind.BORROW] if kind == AccessKind.BORROW else list(REQUESTABLE)
    granted = (
        ContractAccessRequest.objects.filter(
            contract_id=contract.pk,
            owner_id=viewer.user_id,
            status=RequestState.APPROVED,
            valid_until__gt=now or timezone.now(),
            kind__in=kinds,
        )
        .order_by("-valid_until")
        .values_list("pk", flat=True)
        .first()
    )
    return f"approval:{granted}" if granted else ""


def contract_access_record(
    *, actor, contract: Contract, kind: str, via: str, note: str = ""
) -> ContractAccessLog:
    """Append one row to the contract's access log (a view or a print). The log is the
    record of a read, so it writes no audit row of its own."""
    return ContractAccessLog.objects.create(
        contract=contract,
        kind=kind,
        user=actor,
        at=timezone.now(),
        via=via[:40],
        note=(note or "")[:200],
    )


def _contract_by(contract_id: Any, number: str) -> Contract:
    qs = Contract.objects.exclude(status=ContractStatus.CANCELLED, signed_at__isnull=True)
    contract = None
    if contract_id not in (None, ""):
        try:
            contract = qs.filter(pk=int(contract_id)).first()
        except (TypeError, ValueError, OverflowError):
            contract = None
    elif (number or "").strip():
        contract = qs.filter(number=number.strip()).first()
    if contract is None:
        raise NotFoundError(RULE, _("未找到该合同。"), field="contract_id")
    return contract


@transaction.atomic
def contract_access_request_create(
    *,
    actor,
    contract_id: int | None = None,
    number: str = "",
    kind: str = AccessKind.VIEW,
    reason: str,
) -> ContractAccessRequest:
    """Ask to view or borrow a contract outside one's circle; submitted at once to the
    ``contract_access`` chain (the requester's supervisor)."""
    person = person_of(actor)
    if person is None or person.department_id is None:
        raise PermissionDeniedError(RULE, _("只有公司员工可以申请查阅合同。"))
    if kind not in REQUESTABLE:
        raise BusinessRuleError(RULE, _("请选择查阅或借阅原件。"), field="kind")
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError(RULE, _("请填写查阅理由。"), field="reason")
    contract = _contract_by(contract_id, number)
    if kind == AccessKind.VIEW and basis(actor, contract, kind=kind):
        raise ConflictError(RULE, _("您可以直接查阅该合同，无需申请。"), code="not_needed")
    if ContractAccessRequest.objects.filter(
        contract=contract, owner=actor, kind=kind, status=RequestState.IN_APPROVAL
    ).exists():
        raise ConflictError(RULE, _("您已有一份该合同的申请在审批中。"), code="in_approval")
    access = ContractAccessRequest.objects.create(
        contract=contract,
        kind=kind,
        reason=reason[:200],
        status=RequestState.DRAFT,
        owner=actor,
        department_id=person.department_id,
        team_id=person.team_id,
    )
    audit_record(
        actor=actor,
        action="contract.access_request",
        obj=access,
        rule=RULE,
        extra={"contract": contract.pk, "kind": kind, "reason": reason},
    )
    label = _("借阅原件") if kind == AccessKind.BORROW else _("查阅")
    return document_submit(
        actor=actor,
        doc=access,
        title=_("申请%(k)s合同 %(n)s：%(r)s")
        % {"k": label, "n": contract.number or f"#{contract.pk}", "r": reason[:80]},
        facts={"contract": contract.pk, "access_kind": kind},
    )


def contract_access_on_outcome(outcome: Outcome) -> None:
    """An approved request opens the contract to its requester for one day."""
    access: ContractAccessRequest = outcome.obj
    fields = follow_outcome(access, outcome)
    if outcome.state == RequestState.APPROVED:
        access.valid_until = timezone.now() + ACCESS_VALID
        fields.append("valid_until")
    access.save_versioned(update_fields=fields)


def _borrowed_by(contract: Contract) -> ContractAccessLog | None:
    """The open borrowing of the original (a borrow not yet followed by a return)."""
    last = (
        ContractAccessLog.objects.filter(
            contract=contract, kind__in=[AccessKind.BORROW, AccessKind.RETURN]
        )
        .order_by("-at", "-id")
        .first()
    )
    return last if last is not None and last.kind == AccessKind.BORROW else None


@transaction.atomic
def contract_borrow(*, actor, contract_id: int, note: str = "") -> ContractAccessLog:
    """借阅原件 (002 art. 7: 借阅须签字): the circle of BR-CON-06 or an approved borrowing
    request; one borrower at a time; logged and audited."""
    contract = locked_contract(contract_id, RULE)
    via = basis(actor, contract, kind=AccessKind.BORROW)
    if not via:
        raise NotFoundError(RULE, _("未找到该合同。"))
    if contract.signed_at is None:
        raise ConflictError(RULE, _("合同尚未签约，没有原件可借阅。"), code="not_signed")
    open_borrow = _borrowed_by(contract)
    if open_borrow is not None:
        holder = person_of(open_borrow.user)
        raise ConflictError(
            RULE,
            _("合同原件已由 %(who)s 于 %(at)s 借出，尚未归还。")
            % {
                "who": holder.name if holder else open_borrow.user.get_username(),
                "at": timezone.localtime(open_borrow.at).strftime("%Y-%m-%d %H:%M"),
            },
            code="borrowed",
        )
    entry = contract_access_record(
        actor=actor, contract=contract, kind=AccessKind.BORROW, via=via, note=note
    )
    audit_record(
        actor=actor,
        action="contract.borrow",
        obj=contract,
        rule=RULE,
        extra={"via": via, "note": note},
    )
    return entry


@transaction.atomic
def contract_return(*, actor, contract_id: int, note: str = "") -> ContractAccessLog:
    """归还原件: recorded by the borrower, or by the department's assistant, the team's
    supervisor or the department's manager who take it back."""
    contract = locked_contract(contract_id, RULE)
    open_borrow = _borrowed_by(contract)
    if open_borrow is None:
        raise ConflictError(RULE, _("该合同原件没有借出记录。"), code="not_borrowed")
    person = person_of(actor)
    roles = set(person.role_codes) if person else set()
    keeper = person is not None and (
        (roles & {Role.ASSISTANT, Role.MANAGER} and person.department_id == contract.department_id)
        or (Role.SUPERVISOR in roles and contract.team_id in person.scope_team_ids)
    )
    if open_borrow.user_id != getattr(actor, "pk", None) and not keeper:
        raise PermissionDeniedError(RULE, _("只有借阅人或本部门助理、主管、经理可以登记归还。"))
    entry = contract_access_record(
        actor=actor,
        contract=contract,
        kind=AccessKind.RETURN,
        via="borrower" if open_borrow.user_id == actor.pk else "keeper",
        note=note or _("借阅人：%(u)s") % {"u": open_borrow.user_id},
    )
    audit_record(
        actor=actor,
        action="contract.return",
        obj=contract,
        rule=RULE,
        extra={"borrowed_by": open_borrow.user_id, "note": note},
    )
    return entry
