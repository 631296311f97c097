"""Signing (BR-CON-05): numbered inside the signing transaction, the unit, reservation,
customer, opportunity and tender follow; the deposit turned into payment on the
signed contract (BR-FIN-08)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.catalog import services as catalog
from l2c.contracts.models import (
    Contract,
    ContractClass,
    ContractReview,
    ContractStatus,
    Reservation,
    ReservationStatus,
)
from l2c.contracts.services._common import (
    doc_ref,
    locked_contract,
    locked_reservation,
    may_handle,
    money,
)
from l2c.contracts.services.contracts.common import RULE
from l2c.contracts.services.contracts.review import review_complete, special_review_passed
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.core.numbering import next_number
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers import services as customers
from l2c.deals import services as deals
from l2c.org.models import Department
from l2c.reception.services import attribution_settle_on_deal


@transaction.atomic
def contract_sign(*, actor, contract_id: int, at: dt.datetime | None = None) -> Contract:
    """Sign (BR-CON-05): the next number of the year for the department is taken INSIDE
    this transaction (gapless: a failed signing gives it back); the unit → contracted, the
    reservation → contracted, the customer is a deal customer (BR-CUS-06), the opportunity
    won, the tender contracted."""
    contract = locked_contract(contract_id, "BR-CON-05")
    if not may_handle(actor, contract):
        raise PermissionDeniedError("BR-CON-05", _("只有经办人或其主管、经理可以签约。"))
    if contract.status != ContractStatus.READY:
        message = {
            ContractStatus.DRAFT: _("合同尚未提交评审。"),
            ContractStatus.IN_REVIEW: _("特殊合同评审尚未通过，不能签约。"),
            ContractStatus.REVIEW_REJECTED: _("特殊合同评审未通过，不能签约。"),
            ContractStatus.SIGNED: _("合同已签约。"),
            ContractStatus.CANCELLED: _("合同已解除。"),
        }.get(contract.status, _("合同当前不能签约。"))
        raise ConflictError(RULE, message, code="not_ready")
    if contract.classification == ContractClass.SPECIAL and not special_review_passed(contract):
        raise BusinessRuleError(RULE, _("特殊合同评审尚未通过，不能签约。"))
    review = ContractReview.objects.filter(contract=contract).first()
    if not review_complete(contract, review):
        raise BusinessRuleError(
            "BR-CON-04",
            _("销售主管尚未完成合同复核（条款与数字、签字盖章、附件图纸%(s)s）。")
            % {
                "s": _("、特殊合同评审记录")
                if contract.classification == ContractClass.SPECIAL
                else ""
            },
        )
    at = at or timezone.now()
    code = Department.objects.filter(pk=contract.department_id).values_list("code", flat=True).get()
    contract.number = next_number("contract", department_code=code, at=at)
    contract.status = ContractStatus.SIGNED
    contract.signed_at = at
    contract.save_versioned(update_fields=["number", "status", "signed_at"])
    document = doc_ref(contract)
    if contract.unit_id is not None:
        catalog.unit_contract(
            actor=actor,
            unit_id=contract.unit_id,
            customer_id=contract.customer_id,
            document=document,
        )
    if contract.reservation_id is not None:
        reservation = locked_reservation(contract.reservation_id, "BR-CON-05")
        if reservation.status not in (ReservationStatus.SIGNED, ReservationStatus.PAID):
            raise ConflictError(
                "BR-CON-05",
                _("认购书 %(n)s 当前为「%(s)s」，不能签约。")
                % {"n": reservation.number, "s": reservation.get_status_display()},
                code="reservation_not_open",
            )
        reservation.status = ReservationStatus.CONTRACTED
        reservation.save_versioned(update_fields=["status"])
    customers.customer_mark_deal(actor=actor, customer_id=contract.customer_id, at=at)
    attribution_settle_on_deal(customer=contract.customer, deal_at=at, actor=actor)
    deals.opportunity_mark_won(
        actor=actor, customer_id=contract.customer_id, document=document, at=at
    )
    if contract.tender_id is not None:
        deals.tender_mark_contracted(actor=actor, tender_id=contract.tender_id, at=at)
    audit_record(
        actor=actor,
        action="contract.sign",
        obj=contract,
        rule="BR-CON-05",
        changes={"number": ["", contract.number], "status": [ContractStatus.READY, "signed"]},
        extra={"signed_at": at, "classification": contract.classification},
    )
    return contract


def refuse_second_conversion(contract: Contract, *, field: str | None = None) -> None:
    """BR-FIN-08: a contract's deposit is converted to the price once (finance checks it
    before handing the receipts back, this service again when it records the amount)."""
    if contract.deposit_converted_at is not None:
        raise ConflictError(
            "BR-FIN-08",
            _("合同 %(n)s 的定金已于 %(t)s 转为房款，不能重复办理。")
            % {
                "n": contract.number,
                "t": timezone.localtime(contract.deposit_converted_at).strftime("%Y-%m-%d %H:%M"),
            },
            field=field,
            code="already_converted",
        )


@transaction.atomic
def contract_deposit_converted(
    *, actor, contract_id: int, amount: Decimal, at: dt.datetime
) -> Contract:
    """定金转房款 (BR-FIN-08; called by finance against the returned deposit receipt):
    records the amount and the moment on the signed contract; a second time is refused."""
    viewer = viewer_of(actor) if actor is not None else None
    if viewer is not None and Role.FINANCE not in viewer.roles and not viewer.is_superuser:
        raise PermissionDeniedError("BR-FIN-08", _("只有财务可以办理定金转房款。"))
    contract = locked_contract(contract_id, "BR-FIN-08")
    if contract.status != ContractStatus.SIGNED:
        raise ConflictError("BR-FIN-08", _("合同签约后才能将定金转为房款。"), code="not_signed")
    refuse_second_conversion(contract)
    amount = money(amount, "amount", "BR-FIN-08")
    limit = contract.price
    if contract.reservation_id is not None:
        limit = min(limit, Reservation.objects.get(pk=contract.reservation_id).paid_amount)
    if amount > limit:
        raise BusinessRuleError(
            "BR-FIN-08",
            _("转房款金额 %(a)s 元超过已交定金 %(l)s 元。") % {"a": yuan(amount), "l": yuan(limit)},
            field="amount",
        )
    contract.deposit_converted = amount
    contract.deposit_converted_at = at or timezone.now()
    contract.save_versioned(update_fields=["deposit_converted", "deposit_converted_at"])
    audit_record(
        actor=actor,
        action="contract.deposit_converted",
        obj=contract,
        rule="BR-FIN-08",
        changes={"deposit_converted": [Decimal("0.00"), amount]},
        extra={"at": contract.deposit_converted_at},
    )
    return contract
