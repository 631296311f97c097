"""What every money service shares: who records money (BR-FIN-01), the kinds received
against documents, clean input (amount, text, the moment it happened), the receipt
locked by its number and the scope a record takes from its sales document."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.money import to_yuan
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.finance import selectors
from l2c.finance.models import MoneyKind, MoneyRecord

#: who records money (BR-FIN-01)
FINANCE_ROLES = frozenset({Role.FINANCE})
#: what ``money_receive`` takes in (bid bonds have their own service)
RECEIVABLE_KINDS = (
    MoneyKind.SMALL_DEPOSIT,
    MoneyKind.DEPOSIT,
    MoneyKind.PAYMENT,
    MoneyKind.NAME_CHANGE_FEE,
)
DEPOSIT_KINDS = selectors.DEPOSIT_KINDS
#: the most an amount may be (DecimalField(max_digits=14, decimal_places=2))
MAX_AMOUNT = Decimal("999999999999.99")
#: how far in the future a money time may lie (clock drift between machines)
FUTURE_SLACK = dt.timedelta(minutes=5)


def require_finance(actor, message=None) -> None:
    """BR-FIN-01: only finance touches money; a sales rep never collects."""
    viewer = viewer_of(actor)
    if not (viewer.roles & FINANCE_ROLES or viewer.is_superuser):
        raise PermissionDeniedError(
            "BR-FIN-01", message or _("只有财务可以登记收款，销售人员不得收取款项。")
        )


def clean_amount(raw: Any, *, field: str = "amount") -> Decimal:
    """BR-FIN-02: an exact amount in 元, 2 places, rounded half-up, above zero."""
    try:
        amount = to_yuan(raw)
    except ValueError as exc:
        raise BusinessRuleError("BR-FIN-02", _("请输入正确的金额。"), field=field) from exc
    if amount <= 0:
        raise BusinessRuleError("BR-FIN-02", _("金额必须大于零。"), field=field)
    if amount > MAX_AMOUNT:
        raise BusinessRuleError("BR-FIN-02", _("金额过大。"), field=field)
    return amount


def clean_text(raw: Any, *, field: str, limit: int, required: bool, label: str) -> str:
    value = " ".join(str(raw or "").split())
    if required and not value:
        raise BusinessRuleError("BR-FIN-01", _("请填写%(f)s。") % {"f": label}, field=field)
    if len(value) > limit:
        raise BusinessRuleError(
            "BR-FIN-01", _("%(f)s不能超过 %(n)s 个字符。") % {"f": label, "n": limit}, field=field
        )
    return value


def clean_moment(at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + FUTURE_SLACK:
        raise BusinessRuleError("BR-FIN-01", _("收付时间不能晚于现在。"), field="at")
    return at


def scope_from(document) -> dict[str, Any]:
    """Owner, team and department of the sales document: the rep sees their receipts."""
    return {
        "owner_id": document.owner_id,
        "team_id": document.team_id,
        "department_id": document.department_id,
    }


def locked_receipt(number: str, *, field: str = "receipt_number") -> MoneyRecord:
    number = str(number or "").strip()
    record = (
        MoneyRecord.objects.select_for_update().filter(number=number).first() if number else None
    )
    if record is None:
        raise BusinessRuleError(
            "BR-FIN-08", _("收据号 %(n)s 不存在。") % {"n": number[:40]}, field=field
        )
    return record
