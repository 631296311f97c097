"""Breach handling (违约处理, BR-FIN-05): a contract with a milestone overdue more than the
policy's days (60) is in default — derived from the dates; a case is opened for it, the
steps taken are recorded, and it is closed with its outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.core.roles import COMPANY_WIDE_ROLES, Role
from l2c.core.scope import viewer_of
from l2c.finance import selectors
from l2c.finance.models import BreachCase
from l2c.finance.services.receipts.common import clean_text

RULE = "BR-FIN-05"
#: who handles a breach: finance and the sales leaders
BREACH_ROLES = frozenset({Role.FINANCE, Role.MANAGER}) | COMPANY_WIDE_ROLES


def require_breach_handler(actor) -> None:
    viewer = viewer_of(actor)
    if not (viewer.roles & BREACH_ROLES or viewer.is_superuser):
        raise PermissionDeniedError(RULE, _("只有财务或销售经理以上可以处理违约。"))


@transaction.atomic
def breach_open(*, actor, contract_id: Any) -> BreachCase:
    """Open breach handling for a contract in default (refused otherwise)."""
    require_breach_handler(actor)
    contract = selectors.contract_for_finance(contract_id=contract_id, lock=True)
    state = selectors.contract_default(contract.pk)
    if not state["in_default"]:
        days = int(policy.value("finance.default_overdue_days"))
        raise BusinessRuleError(
            RULE,
            _("合同 %(n)s 最长逾期 %(d)s 天，未超过 %(limit)s 天，尚未构成违约。")
            % {"n": contract.number, "d": state["overdue_days"], "limit": days},
            field="contract",
            code="not_in_default",
        )
    if BreachCase.objects.filter(contract=contract, closed_at__isnull=True).exists():
        raise ConflictError(
            RULE, _("合同 %(n)s 已有未结案的违约处理。") % {"n": contract.number}, field="contract"
        )
    try:
        with transaction.atomic():
            case = BreachCase.objects.create(
                contract=contract,
                opened_at=timezone.now(),
                opened_by=actor,
                overdue_days=state["overdue_days"],
                overdue_amount=state["overdue"],
                owner_id=contract.owner_id,
                department_id=contract.department_id,
                team_id=contract.team_id,
            )
    except IntegrityError as exc:  # pragma: no cover — a second opener in parallel
        raise ConflictError(
            RULE, _("合同 %(n)s 已有未结案的违约处理。") % {"n": contract.number}
        ) from exc
    audit_record(
        actor=actor,
        action="breach.open",
        obj=case,
        rule=RULE,
        extra={
            "contract": contract.number,
            "overdue_days": state["overdue_days"],
            "overdue_amount": yuan(state["overdue"]),
        },
    )
    return case


def _open_case(case_id: Any) -> BreachCase:
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        pk = 0
    case = BreachCase.objects.select_for_update().filter(pk=pk).first()
    if case is None:
        raise NotFoundError(RULE, _("未找到该违约处理记录。"), field="case")
    if case.closed_at is not None:
        raise ConflictError(RULE, _("该违约处理已结案。"), field="case")
    return case


@transaction.atomic
def breach_step_record(*, actor, case_id: Any, text: str, on: Any = None) -> BreachCase:
    """One step taken (a call, a lawyer's letter, a meeting …) on the day it happened."""
    require_breach_handler(actor)
    case = _open_case(case_id)
    text = clean_text(text, field="text", limit=500, required=True, label=_("处理经过"))
    today = timezone.localdate()
    if on in (None, ""):
        day = today
    elif isinstance(on, dt.date):
        day = on
    else:
        try:
            day = dt.date.fromisoformat(str(on).strip())
        except ValueError as exc:
            raise BusinessRuleError(RULE, _("请填写日期（YYYY-MM-DD）。"), field="on") from exc
    if day > today:
        raise BusinessRuleError(RULE, _("日期不能晚于今天。"), field="on")
    person = getattr(actor, "person", None) if hasattr(actor, "person") else None
    step = {
        "on": day.isoformat(),
        "by": person.name if person is not None else actor.get_username(),
        "text": text,
    }
    case.steps = [*case.steps, step]
    case.save_versioned(update_fields=["steps"])
    audit_record(actor=actor, action="breach.step", obj=case, rule=RULE, extra=step)
    return case


@transaction.atomic
def breach_close(*, actor, case_id: Any, outcome: str) -> BreachCase:
    """Close the case with its outcome (paid up, settled, sued …)."""
    require_breach_handler(actor)
    case = _open_case(case_id)
    case.outcome = clean_text(
        outcome, field="outcome", limit=200, required=True, label=_("处理结果")
    )
    case.closed_at = timezone.now()
    case.save_versioned(update_fields=["outcome", "closed_at"])
    audit_record(
        actor=actor, action="breach.close", obj=case, rule=RULE, extra={"outcome": case.outcome}
    )
    return case
