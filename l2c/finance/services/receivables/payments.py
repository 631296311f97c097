"""Money received against a payment milestone (BR-FIN-03, 01, 06): finance only; partial
payments allowed; more than what is still open refused with the open amount shown; the same
bank reference again gives back the receipt already issued and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.core.money import yuan
from l2c.finance import selectors
from l2c.finance.models import Direction, Method, MoneyKind, MoneyRecord, PaymentMilestone
from l2c.finance.services.receipts.common import (
    clean_amount,
    clean_moment,
    clean_text,
    require_finance,
    scope_from,
)
from l2c.finance.services.receipts.recording import money_record_write, repeated_payment

RULE = "BR-FIN-03"


def _locked_milestone(milestone_id: Any) -> PaymentMilestone:
    try:
        pk = int(milestone_id)
    except (TypeError, ValueError):
        pk = 0
    found = (
        PaymentMilestone.objects.select_for_update(of=("self",))
        .select_related("contract")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFoundError(RULE, _("未找到该付款节点。"), field="milestone")
    return found


@transaction.atomic
def milestone_payment_receive(
    *,
    actor,
    milestone_id: Any,
    amount: Any,
    payer: str,
    method: str,
    bank_ref: str = "",
    at: dt.datetime | None = None,
    note: str = "",
) -> MoneyRecord:
    """Finance records money received against a milestone and issues the receipt."""
    require_finance(actor)
    now = timezone.now()
    if method not in Method.values:
        raise BusinessRuleError("BR-FIN-01", _("请选择收款方式。"), field="method")
    amount = clean_amount(amount)
    payer = clean_text(payer, field="payer", limit=100, required=True, label=_("付款人"))
    bank_ref = clean_text(
        bank_ref, field="bank_ref", limit=60, required=method == Method.BANK, label=_("银行流水号")
    )
    note = clean_text(note, field="note", limit=200, required=False, label=_("备注"))
    at = clean_moment(at, now)
    # the milestone's row lock queues every payment against it: the check of what is still
    # open and the write happen one at a time (ten cashiers, one bank transfer → one receipt)
    milestone = _locked_milestone(milestone_id)
    contract = milestone.contract
    fields = {
        "direction": Direction.IN,
        "kind": MoneyKind.MILESTONE,
        "amount": amount,
        "method": method,
        "bank_ref": bank_ref,
        "payer": payer,
        "at": at,
        "note": note,
        "customer_id": contract.customer_id,
        "contract_id": contract.pk,
        "milestone_id": milestone.pk,
        "recorded_by_id": actor.pk,
        **scope_from(contract),
    }
    if bank_ref:
        # BR-FIN-06 before the overpayment check: the same transfer again is not a second
        # payment, it is the receipt already issued
        existing = MoneyRecord.objects.filter(bank_ref=bank_ref).first()
        if existing is not None:
            return repeated_payment(existing, fields)
    from l2c.contracts.models import ContractStatus

    if contract.status == ContractStatus.CANCELLED:
        raise BusinessRuleError(
            "BR-CON-07",
            _("合同 %(n)s 已解除，不能收款。") % {"n": contract.number},
            field="contract",
        )
    paid = selectors.milestone_paid(milestone.pk)
    still_open = milestone.amount - paid
    if amount > still_open:
        if still_open <= 0:
            message = _("“%(m)s”应收 ¥%(a)s 已全部收讫，不能再收款。") % {
                "m": milestone.name,
                "a": yuan(milestone.amount),
            }
        else:
            message = _(
                "“%(m)s”应收 ¥%(a)s，已收 ¥%(p)s，尚欠 ¥%(o)s；本次 ¥%(x)s 超出 ¥%(d)s，"
                "请按尚欠金额登记。"
            ) % {
                "m": milestone.name,
                "a": yuan(milestone.amount),
                "p": yuan(paid),
                "o": yuan(still_open),
                "x": yuan(amount),
                "d": yuan(amount - still_open),
            }
        raise BusinessRuleError(RULE, message, field="amount", code="overpayment")
    return money_record_write(
        actor=actor, fields=fields, action="money.receive_milestone", rule=RULE
    )
