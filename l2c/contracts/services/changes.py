"""Changes after signing (BR-CON-07; 002 art. 2 (六)): unit exchange (换房), name change (换名,
按过户性质收取过户费), cancellation (退房: 签订合同前尽量做客户工作，签订合同后坚决不退房).

Each change is a :class:`ContractChange` through the ``contract_change`` chain (the
manager; the GM too when money goes back after a contract — fact
``refund_after_contract``). It is applied when approved, inside the engine's transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals.models import ApprovalTask, RequestState, TaskState
from l2c.approvals.registry import Outcome
from l2c.approvals.services.documents import document_submit, follow_outcome
from l2c.audit.services import audit_record
from l2c.catalog import services as catalog
from l2c.catalog.models import Unit, UnitState
from l2c.catalog.policies import effective_state
from l2c.contracts.models import (
    ChangeKind,
    Contract,
    ContractChange,
    ContractStatus,
    Reservation,
    ReservationStatus,
)
from l2c.contracts.services._common import (
    doc_ref,
    locked_change,
    locked_contract,
    locked_reservation,
    may_handle,
    money,
    person_of,
)
from l2c.contracts.services.reservations import cancel_reservation, check_deposit
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.core.roles import Role
from l2c.core.scope import viewer_of

RULE = "BR-CON-07"
OPEN_RESERVATION = (ReservationStatus.SIGNED, ReservationStatus.PAID)


def _document(contract_id, reservation_id) -> tuple[Contract | None, Reservation | None]:
    if (contract_id in (None, "")) == (reservation_id in (None, "")):
        raise BusinessRuleError(RULE, _("请指定一份合同或一份认购书。"), field="contract_id")
    if contract_id not in (None, ""):
        contract = locked_contract(contract_id, RULE)
        if contract.status != ContractStatus.SIGNED:
            raise ConflictError(
                RULE,
                _("合同当前为「%(s)s」：签约前的合同请直接修改。")
                % {"s": contract.get_status_display()},
                code="not_signed",
            )
        return contract, None
    reservation = locked_reservation(reservation_id, RULE)
    if reservation.status not in OPEN_RESERVATION:
        raise ConflictError(
            RULE,
            _("认购书 %(n)s（第 %(v)s 版）当前为「%(s)s」，不能申请变更。")
            % {
                "n": reservation.number,
                "v": reservation.version_no,
                "s": reservation.get_status_display(),
            },
            code="not_open",
        )
    return None, reservation


def _new_unit(actor, new_unit_id, current_unit_id) -> Unit:
    try:
        unit = Unit.objects.get(pk=int(new_unit_id))
    except (Unit.DoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise NotFoundError(RULE, _("请选择要换的房号/单位。"), field="new_unit_id") from exc
    if unit.pk == current_unit_id:
        raise BusinessRuleError(RULE, _("新房号与原房号相同。"), field="new_unit_id")
    state = effective_state(unit.state, unit.held_until, timezone.now())
    own_hold = state == UnitState.HELD and unit.holder_id == actor.pk
    if state != UnitState.AVAILABLE and not own_hold:
        raise BusinessRuleError(
            "BR-CAT-03",
            _("%(u)s 当前为「%(s)s」，不能换入。") % {"u": unit.code, "s": UnitState(state).label},
            field="new_unit_id",
        )
    return unit


@transaction.atomic
def contract_change_request(
    *,
    actor,
    kind: str,
    reason: str,
    contract_id: int | None = None,
    reservation_id: int | None = None,
    new_unit_id: int | None = None,
    new_buyer_name: str = "",
    fee: Any = 0,
    refund_amount: Any = 0,
    retention_note: str = "",
) -> ContractChange:
    """Ask for a change of a signed contract or an open reservation; submitted at once to
    the ``contract_change`` chain. A refund before the contract needs the retention attempt
    recorded; a refund after it goes to the GM (and is never paid otherwise)."""
    contract, reservation = _document(contract_id, reservation_id)
    doc = contract or reservation
    if not may_handle(actor, doc):
        raise PermissionDeniedError(RULE, _("只有经办人或其主管、经理可以申请变更。"))
    if kind not in ChangeKind.values:
        raise BusinessRuleError(RULE, _("请选择换房、换名或退订/解除。"), field="kind")
    reason = (reason or "").strip()
    retention_note = (retention_note or "").strip()
    if not reason:
        raise BusinessRuleError(RULE, _("请填写变更原因。"), field="reason")
    pending = ContractChange.objects.filter(status=RequestState.IN_APPROVAL)
    pending = (
        pending.filter(contract=contract) if contract else pending.filter(reservation=reservation)
    )
    if pending.exists():
        raise ConflictError(RULE, _("该单据已有变更申请在审批中。"), code="in_approval")
    fee = money(fee or 0, "fee", RULE, allow_zero=True)
    refund = money(refund_amount or 0, "refund_amount", RULE, allow_zero=True)
    new_unit = None
    if kind == ChangeKind.UNIT_EXCHANGE:
        if new_unit_id in (None, ""):
            raise BusinessRuleError(RULE, _("请选择要换的房号/单位。"), field="new_unit_id")
        new_unit = _new_unit(actor, new_unit_id, doc.unit_id)
    elif kind == ChangeKind.NAME_CHANGE:
        if contract is None:
            raise BusinessRuleError(
                RULE, _("换名在签订合同后办理（按过户性质收取过户费）。"), field="kind"
            )
        new_buyer_name = (new_buyer_name or "").strip()
        if not new_buyer_name or new_buyer_name == contract.buyer_name:
            raise BusinessRuleError(RULE, _("请填写新的买受人。"), field="new_buyer_name")
        if fee <= 0:
            raise BusinessRuleError(
                RULE, _("合同签订后换名按过户性质收取过户费，请填写过户费。"), field="fee"
            )
    if refund > 0 and kind != ChangeKind.CANCELLATION:
        raise BusinessRuleError(RULE, _("只有退订/解除才涉及退款。"), field="refund_amount")
    if kind == ChangeKind.CANCELLATION and contract is None and not retention_note:
        raise BusinessRuleError(
            RULE,
            _("签订合同前客户要求退订，须先做挽留工作并记录挽留情况。"),
            field="retention_note",
        )
    if refund > 0:
        paid = reservation.paid_amount if reservation is not None else contract.price
        if refund > paid:
            raise BusinessRuleError(
                RULE,
                _("退款金额 %(r)s 元超过已交金额 %(p)s 元。")
                % {"r": yuan(refund), "p": yuan(paid)},
                field="refund_amount",
            )
    person = person_of(actor)
    change = ContractChange.objects.create(
        contract=contract,
        reservation=reservation,
        kind=kind,
        reason=reason[:200],
        new_unit=new_unit,
        new_buyer_name=new_buyer_name[:100] if kind == ChangeKind.NAME_CHANGE else "",
        fee=fee,
        refund_amount=refund,
        retention_note=retention_note[:500],
        status=RequestState.DRAFT,
        owner=actor,
        department_id=person.department_id if person else doc.department_id,
        team_id=person.team_id if person else doc.team_id,
    )
    refund_after_contract = bool(refund > 0 and contract is not None)
    audit_record(
        actor=actor,
        action="contract_change.request",
        obj=change,
        rule=RULE,
        extra={
            "document": doc_ref(doc),
            "kind": kind,
            "refund_amount": refund,
            "fee": fee,
            "new_unit": new_unit.pk if new_unit else None,
        },
    )
    return document_submit(
        actor=actor,
        doc=change,
        title=_("%(k)s：%(d)s %(r)s")
        % {
            "k": ChangeKind(kind).label,
            "d": contract.number if contract else reservation.number,
            "r": reason[:60],
        },
        facts={
            "change_kind": kind,
            "refund_amount": refund,
            "refund_after_contract": refund_after_contract,
            "fee": fee,
            "amount": contract.price if contract else reservation.agreed_price,
        },
    )


def contract_change_on_outcome(outcome: Outcome) -> None:
    """The chain decided: an approved change is applied now (same transaction); otherwise
    the change only records where its request stands."""
    change: ContractChange = ContractChange.objects.select_for_update().get(pk=outcome.obj.pk)
    if change.applied_at is not None:
        return
    fields = follow_outcome(change, outcome)
    if outcome.state != RequestState.APPROVED:
        change.save_versioned(update_fields=fields)
        return
    _apply(change, outcome, fields)


def _gm_approved(outcome: Outcome) -> bool:
    actor = outcome.actor
    if actor is not None:
        person = person_of(actor)
        if person is not None and Role.GM in person.role_codes:
            return True
    return ApprovalTask.objects.filter(
        request=outcome.request, state=TaskState.APPROVED, decided_by__person__roles__role=Role.GM
    ).exists()


def _apply(change: ContractChange, outcome: Outcome, fields: list[str]) -> None:
    actor = outcome.actor
    now = timezone.now()
    refund_after_contract = change.contract_id is not None and change.refund_amount > 0
    if refund_after_contract and not _gm_approved(outcome):
        raise BusinessRuleError(
            RULE, _("签订合同后原则上不退款：退款须经总经理批准。"), code="gm_required"
        )
    fields = [*fields, "applied_at"]
    if change.kind == ChangeKind.UNIT_EXCHANGE:
        fields += _exchange(change, actor)
    elif change.kind == ChangeKind.NAME_CHANGE:
        contract = locked_contract(change.contract_id, RULE)
        change.old_buyer_name = contract.buyer_name
        contract.buyer_name = change.new_buyer_name
        contract.save_versioned(update_fields=["buyer_name"])
        fields.append("old_buyer_name")
    else:
        _cancel(change, actor, now)
    change.applied_at = now
    change.save_versioned(update_fields=fields)
    audit_record(
        actor=actor,
        action="contract_change.apply",
        obj=change,
        rule=RULE,
        extra={
            "kind": change.kind,
            "price_difference": change.price_difference,
            "fee": change.fee,
            "refund_amount": change.refund_amount,
            "old_unit": change.old_unit_id,
            "new_unit": change.new_unit_id,
        },
    )


def _exchange(change: ContractChange, actor) -> list[str]:
    """换房: the old unit back to available, the new one reserved / contracted for the same
    customer; the price moves by the list-price difference (the discount in 元 is kept)."""
    new_unit = Unit.objects.get(pk=change.new_unit_id)
    reason = _("换房：%(r)s") % {"r": change.reason}
    if change.contract_id is not None:
        contract = locked_contract(change.contract_id, RULE)
        old_unit_id = contract.unit_id
        difference = new_unit.market_price - contract.list_price
        if old_unit_id is not None:
            catalog.unit_cancel(
                actor=actor, unit_id=old_unit_id, document=doc_ref(contract), reason=reason
            )
        catalog.unit_contract(
            actor=actor,
            unit_id=new_unit.pk,
            customer_id=contract.customer_id,
            document=doc_ref(contract),
        )
        contract.unit = new_unit
        contract.list_price = new_unit.market_price
        contract.price = contract.price + difference
        contract.save_versioned(update_fields=["unit", "list_price", "price"])
    else:
        old = locked_reservation(change.reservation_id, RULE)
        old_unit_id = old.unit_id
        difference = new_unit.market_price - old.list_price
        catalog.unit_cancel(actor=actor, unit_id=old.unit_id, document=doc_ref(old), reason=reason)
        new = _reservation_version(old, change, new_unit, difference)
        catalog.unit_reserve(
            actor=actor, unit_id=new_unit.pk, customer_id=old.customer_id, document=doc_ref(new)
        )
    change.old_unit_id = old_unit_id
    change.price_difference = difference
    return ["old_unit", "price_difference"]


def _reservation_version(
    old: Reservation, change: ContractChange, new_unit: Unit, difference: Decimal
) -> Reservation:
    """A reservation is never altered (BR-CON-02): the exchange is its next version."""
    now = timezone.now()
    agreed = old.agreed_price + difference
    if agreed <= 0:
        raise BusinessRuleError(RULE, _("换房后的成交价不正确。"), field="new_unit_id")
    check_deposit(old.deposit_amount, agreed, now)
    new = Reservation.objects.create(
        number=old.number,
        version_no=old.version_no + 1,
        previous=old,
        change_reason=(_("换房：%(r)s") % {"r": change.reason})[:200],
        kind=old.kind,
        customer_id=old.customer_id,
        unit=new_unit,
        quote_id=old.quote_id,
        discount_id=None,
        list_price=new_unit.market_price,
        agreed_price=agreed,
        deposit_amount=old.deposit_amount,
        deposit_due=old.deposit_due,
        sign_by=old.sign_by,
        terms=old.terms,
        status=old.status,
        signed_at=now,
        paid_amount=old.paid_amount,
        paid_at=old.paid_at,
        owner_id=old.owner_id,
        department_id=old.department_id,
        team_id=old.team_id,
    )
    old.status = ReservationStatus.SUPERSEDED
    old.save_versioned(update_fields=["status"])
    return new


def _cancel(change: ContractChange, actor, now) -> None:
    """退订 (reservation) or 解除 (contract): the unit back to available."""
    if change.reservation_id is not None:
        reservation = locked_reservation(change.reservation_id, RULE)
        cancel_reservation(
            actor=actor,
            reservation=reservation,
            reason=change.reason,
            retention_note=change.retention_note,
        )
        return
    contract = locked_contract(change.contract_id, RULE)
    if contract.unit_id is not None:
        catalog.unit_cancel(
            actor=actor,
            unit_id=contract.unit_id,
            document=doc_ref(contract),
            reason=_("解除合同：%(r)s") % {"r": change.reason},
        )
    contract.status = ContractStatus.CANCELLED
    contract.cancelled_at = now
    contract.save_versioned(update_fields=["status", "cancelled_at"])
    if contract.reservation_id is not None:
        reservation = locked_reservation(contract.reservation_id, RULE)
        reservation.status = ReservationStatus.CANCELLED
        reservation.cancelled_at = now
        reservation.cancel_reason = change.reason[:200]
        reservation.save_versioned(update_fields=["status", "cancelled_at", "cancel_reason"])


@transaction.atomic
def contract_change_fee_paid(
    *, actor, change_id: int, receipt_number: str, amount: Decimal, at
) -> ContractChange:
    """Finance received the transfer fee of an approved name change (BR-CON-07, BR-FIN-01;
    called by finance's ``money_receive``): the change keeps the receipt number and when.
    The amount is the approved fee — no more, no less — and is received once."""
    viewer = viewer_of(actor)
    if Role.FINANCE not in viewer.roles and not viewer.is_superuser:
        raise PermissionDeniedError("BR-FIN-01", _("只有财务可以收取过户费。"))
    change = locked_change(change_id, RULE)
    if change.kind != ChangeKind.NAME_CHANGE or change.applied_at is None:
        raise ConflictError(RULE, _("只有已批准的换名才收取过户费。"), code="not_applied")
    if change.fee_paid_at is not None:
        raise ConflictError(
            RULE,
            _("该换名的过户费已收取（收据 %(n)s）。") % {"n": change.fee_receipt},
            code="fee_paid",
        )
    amount = money(amount, "amount", RULE)
    if amount != change.fee:
        raise BusinessRuleError(
            RULE,
            _("该换名经审批的过户费为 ¥%(fee)s，请按此金额收取。") % {"fee": yuan(change.fee)},
            field="amount",
        )
    change.fee_receipt = receipt_number
    change.fee_paid_at = at or timezone.now()
    change.save_versioned(update_fields=["fee_receipt", "fee_paid_at"])
    audit_record(
        actor=actor,
        action="contract_change.fee_paid",
        obj=change,
        rule=RULE,
        extra={"receipt": receipt_number, "fee": change.fee, "contract": change.contract_id},
    )
    return change


@transaction.atomic
def contract_change_fee_voided(*, actor, receipt_number: str) -> ContractChange | None:
    """Finance voided the transfer fee's receipt on the day it was issued (BR-FIN-01;
    called by finance's ``money_void``): the fee is due again."""
    viewer = viewer_of(actor)
    if Role.FINANCE not in viewer.roles and not viewer.is_superuser:
        raise PermissionDeniedError("BR-FIN-01", _("只有财务可以作废收据。"))
    change = ContractChange.objects.select_for_update().filter(fee_receipt=receipt_number).first()
    if change is None:
        return None
    change.fee_receipt = ""
    change.fee_paid_at = None
    change.save_versioned(update_fields=["fee_receipt", "fee_paid_at"])
    audit_record(
        actor=actor,
        action="contract_change.fee_voided",
        obj=change,
        rule=RULE,
        extra={"receipt": receipt_number, "contract": change.contract_id},
    )
    return change
