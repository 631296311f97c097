"""A contract's payment plan (BR-FIN-03): milestones by amount or percent of the price that
add up exactly to it, due on a date or on an event (signing, arrival, acceptance, warranty
expiry) plus days; retention at most the policy's percent (3%) of the settlement amount; and
the events recorded, which make the milestones waiting for them due."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.money import percent_of, yuan
from l2c.core.scope import viewer_of
from l2c.finance import policies, selectors
from l2c.finance.models import (
    ContractSettlement,
    DueBy,
    MilestoneKind,
    MoneyRecord,
    PaymentMilestone,
)
from l2c.finance.services.receipts.common import (
    FINANCE_ROLES,
    clean_amount,
    clean_text,
    require_finance,
)

RULE = "BR-FIN-03"
EVENTS = ("arrival", "acceptance")
MAX_MILESTONES = 20
MAX_OFFSET_DAYS = 3650
MAX_WARRANTY_MONTHS = 120


def _signed_contract(contract_id: Any):
    from l2c.contracts.models import ContractStatus

    contract = selectors.contract_for_finance(contract_id=contract_id, lock=True)
    if contract.status != ContractStatus.SIGNED or contract.signed_at is None:
        raise BusinessRuleError(
            RULE,
            _("合同 %(n)s 当前状态为“%(s)s”，签约后才能设置付款计划或登记到货、验收。")
            % {"n": contract.number or contract.pk, "s": contract.get_status_display()},
            field="contract",
        )
    return contract


def require_plan_editor(actor, contract) -> None:
    """Finance, or the contract's handling rep or their department's assistant."""
    viewer = viewer_of(actor)
    if viewer.roles & FINANCE_ROLES or viewer.is_superuser:
        return
    if contract.owner_id == viewer.user_id:
        return
    if viewer.has("assistant") and contract.department_id == viewer.department_id:
        return
    raise PermissionDeniedError(
        RULE, _("只有财务、合同经办人或本部门内勤可以设置付款计划、登记到货和验收。")
    )


def _settlement(contract) -> ContractSettlement:
    settlement = ContractSettlement.objects.select_for_update().filter(contract=contract).first()
    if settlement is None:
        settlement = ContractSettlement.objects.create(
            contract=contract,
            owner_id=contract.owner_id,
            department_id=contract.department_id,
            team_id=contract.team_id,
        )
    return settlement


def settlement_amount(contract, settlement: ContractSettlement | None) -> Decimal:
    if settlement is not None and settlement.settlement_amount is not None:
        return settlement.settlement_amount
    return contract.price


def refresh_due_dates(contract, settlement: ContractSettlement) -> int:
    """Derive every milestone's ``due_on`` from the dates known now; returns how many changed."""
    events = policies.event_dates(
        signed_on=timezone.localtime(contract.signed_at).date() if contract.signed_at else None,
        arrival_on=settlement.arrival_on,
        accepted_on=settlement.accepted_on,
        warranty_expires_on=settlement.warranty_expires_on,
    )
    changed = []
    for m in PaymentMilestone.objects.filter(contract=contract):
        due = policies.due_date(m.due_by, m.agreed_due_on, m.offset_days, events)
        if due != m.due_on:
            m.due_on = due
            changed.append(m)
    PaymentMilestone.objects.bulk_update(changed, ["due_on"])
    return len(changed)


def _line_error(i: int, message: str, field: str = "milestones") -> BusinessRuleError:
    return BusinessRuleError(RULE, _("第 %(i)s 个节点：") % {"i": i} + message, field=field)


def _clean_line(i: int, raw: Any, price: Decimal) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _line_error(i, _("格式有误。"))
    kind = str(raw.get("kind") or "").strip()
    if kind not in MilestoneKind.values:
        raise _line_error(i, _("请选择节点类型（预付款、到货款、验收款、质保金或其他）。"))
    name = clean_text(
        raw.get("name") or MilestoneKind(kind).label,
        field="milestones",
        limit=40,
        required=True,
        label=_("节点名称"),
    )
    has_amount = raw.get("amount") not in (None, "")
    has_percent = raw.get("percent") not in (None, "")
    if has_amount == has_percent:
        raise _line_error(i, _("请填写金额或比例（二选一）。"))
    percent = None
    if has_percent:
        try:
            percent = Decimal(str(raw["percent"]).strip())
        except (InvalidOperation, ValueError) as exc:
            raise _line_error(i, _("比例应为数字。")) from exc
        if not percent.is_finite() or not 0 < percent <= 100 or percent != round(percent, 3):
            raise _line_error(i, _("比例应在 0–100 之间，最多三位小数。"))
        amount = percent_of(price, percent)
        if amount <= 0:
            raise _line_error(i, _("按比例计算的金额为零。"))
    else:
        amount = clean_amount(raw["amount"], field="milestones")
    due_by = str(raw.get("due_by") or "").strip()
    if due_by not in DueBy.values:
        raise _line_error(i, _("请选择到期方式（约定日期、签约后、到货后、验收后或质保期满后）。"))
    agreed = raw.get("due_on")
    if due_by == DueBy.DATE:
        if isinstance(agreed, dt.date):
            agreed_on = agreed
        else:
            try:
                agreed_on = dt.date.fromisoformat(str(agreed or "").strip())
            except ValueError as exc:
                raise _line_error(i, _("请填写约定付款日期（YYYY-MM-DD）。")) from exc
    else:
        agreed_on = None
    try:
        offset = int(raw.get("offset_days") or 0)
    except (TypeError, ValueError) as exc:
        raise _line_error(i, _("事件后天数应为整数。")) from exc
    if not 0 <= offset <= MAX_OFFSET_DAYS:
        raise _line_error(i, _("事件后天数应在 0–%(n)s 之间。") % {"n": MAX_OFFSET_DAYS})
    if due_by == DueBy.DATE and offset:
        raise _line_error(i, _("按约定日期到期的节点不需要填写事件后天数。"))
    return {
        "kind": kind,
        "name": name,
        "amount": amount,
        "percent": percent,
        "due_by": due_by,
        "agreed_due_on": agreed_on,
        "offset_days": offset,
        "note": clean_text(
            raw.get("note"), field="milestones", limit=200, required=False, label=_("备注")
        ),
    }


def check_retention(lines, settlement_total: Decimal, at=None) -> None:
    """BR-FIN-03: retention (质保金) at most the policy's percent of the settlement amount."""
    retention = sum(
        (line["amount"] for line in lines if line["kind"] == MilestoneKind.RETENTION),
        Decimal("0.00"),
    )
    percent = Decimal(str(policy.value("finance.retention_max_percent", at=at)))
    cap = percent_of(settlement_total, percent)
    if retention > cap:
        raise BusinessRuleError(
            RULE,
            _(
                "质保金合计 ¥%(r)s 超过结算金额 ¥%(s)s 的 %(p)s%%（上限 ¥%(cap)s），"
                "依《建设工程质量保证金管理办法》第七条不予设置。"
            )
            % {
                "r": yuan(retention),
                "s": yuan(settlement_total),
                "p": format(percent.normalize(), "f"),
                "cap": yuan(cap),
            },
            field="milestones",
        )


@transaction.atomic
def payment_plan_set(
    *, actor, contract_id: Any, milestones: list[dict[str, Any]], source: str = "manual"
) -> list[PaymentMilestone]:
    """Set (or replace) a signed contract's payment plan (BR-FIN-03) before any money is
    received against it: the milestones must add up exactly to the contract price; the
    retention may not exceed the policy's percent of the settlement amount. Each
    milestone's due date follows from the dates known (not yet due while its event has
    not happened)."""
    contract = _signed_contract(contract_id)
    require_plan_editor(actor, contract)
    if not isinstance(milestones, list | tuple) or not milestones:
        raise BusinessRuleError(RULE, _("请至少填写一个付款节点。"), field="milestones")
    if len(milestones) > MAX_MILESTONES:
        raise BusinessRuleError(
            RULE, _("付款节点不能超过 %(n)s 个。") % {"n": MAX_MILESTONES}, field="milestones"
        )
    if MoneyRecord.objects.filter(milestone__contract=contract).exists():
        raise BusinessRuleError(
            RULE,
            _("合同 %(n)s 已按付款计划收过款，计划不能再修改。") % {"n": contract.number},
            field="contract",
            code="plan_has_money",
        )
    lines = [_clean_line(i, raw, contract.price) for i, raw in enumerate(milestones, start=1)]
    total = sum((line["amount"] for line in lines), Decimal("0.00"))
    if total != contract.price:
        diff = contract.price - total
        raise BusinessRuleError(
            RULE,
            _("各节点合计 ¥%(t)s，与合同价 ¥%(p)s 不符，%(w)s ¥%(d)s。")
            % {
                "t": yuan(total),
                "p": yuan(contract.price),
                "w": _("还差") if diff > 0 else _("多出"),
                "d": yuan(abs(diff)),
            },
            field="milestones",
        )
    settlement = _settlement(contract)
    check_retention(lines, settlement_amount(contract, settlement))
    old = list(
        PaymentMilestone.objects.filter(contract=contract).values("sequence", "name", "amount")
    )
    PaymentMilestone.objects.filter(contract=contract).delete()
    created = PaymentMilestone.objects.bulk_create(
        [
            PaymentMilestone(
                contract=contract,
                sequence=i,
                owner_id=contract.owner_id,
                department_id=contract.department_id,
                team_id=contract.team_id,
                **line,
            )
            for i, line in enumerate(lines, start=1)
        ]
    )
    refresh_due_dates(contract, settlement)
    audit_record(
        actor=actor,
        action="payment_plan.set",
        obj=contract,
        rule=RULE,
        extra={
            "source": source,
            "before": [{**o, "amount": str(o["amount"])} for o in old],
            "milestones": [
                {"name": m.name, "kind": m.kind, "amount": str(m.amount), "due_by": m.due_by}
                for m in created
            ],
        },
    )
    return list(PaymentMilestone.objects.filter(contract=contract).order_by("sequence"))


@transaction.atomic
def payment_plan_from_terms(*, actor, contract_id: Any) -> list[PaymentMilestone]:
    """Build the plan from the contract's own payment terms (``[{name, percent, due}]``):
    each term's kind from its name, due on its date or on its kind's event; the last
    milestone takes the cents that rounding each percent leaves, so the plan adds up
    exactly to the price."""
    contract = _signed_contract(contract_id)
    require_plan_editor(actor, contract)
    terms = list(contract.payment_terms or [])
    if not terms:
        raise BusinessRuleError(
            RULE, _("合同 %(n)s 没有约定付款安排。") % {"n": contract.number}, field="contract"
        )
    lines: list[dict[str, Any]] = []
    left = contract.price
    for i, term in enumerate(terms, start=1):
        name = str(term.get("name") or "").strip()[:40]
        kind = policies.kind_from_name(name)
        amount = left if i == len(terms) else percent_of(contract.price, Decimal(term["percent"]))
        left -= amount
        due = str(term.get("due") or "").strip()
        line = {"kind": kind, "name": name, "amount": str(amount)}
        if due:
            line.update(due_by=DueBy.DATE, due_on=due)
        else:
            line["due_by"] = policies.EVENT_OF_KIND[kind]
        lines.append(line)
    return payment_plan_set(actor=actor, contract_id=contract.pk, milestones=lines, source="terms")


@transaction.atomic
def contract_event_record(
    *,
    actor,
    contract_id: Any,
    event: str,
    on: Any,
    warranty_months: Any = None,
) -> ContractSettlement:
    """Record that the goods arrived or were accepted (BR-FIN-03: 验收日期 recorded; with
    the warranty months the warranty expiry follows). The milestones waiting for the
    event fall due from its date."""
    contract = _signed_contract(contract_id)
    require_plan_editor(actor, contract)
    if event not in EVENTS:
        raise BusinessRuleError(RULE, _("请选择事件：到货或验收。"), field="event")
    if not isinstance(on, dt.date):
        try:
            on = dt.date.fromisoformat(str(on or "").strip())
        except ValueError as exc:
            raise BusinessRuleError(RULE, _("请填写日期（YYYY-MM-DD）。"), field="on") from exc
    today = timezone.localdate()
    if on > today:
        raise BusinessRuleError(RULE, _("日期不能晚于今天。"), field="on")
    signed_on = timezone.localtime(contract.signed_at).date()
    if on < signed_on:
        raise BusinessRuleError(
            RULE, _("日期不能早于签约日 %(d)s。") % {"d": signed_on.isoformat()}, field="on"
        )
    settlement = _settlement(contract)
    before = {
        "arrival_on": settlement.arrival_on,
        "accepted_on": settlement.accepted_on,
        "warranty_months": settlement.warranty_months,
    }
    fields = []
    if event == "arrival":
        settlement.arrival_on = on
        fields.append("arrival_on")
    else:
        if settlement.arrival_on and on < settlement.arrival_on:
            raise BusinessRuleError(
                RULE,
                _("验收日期不能早于到货日期 %(d)s。") % {"d": settlement.arrival_on.isoformat()},
                field="on",
            )
        months = settlement.warranty_months if warranty_months in (None, "") else warranty_months
        try:
            months = int(months) if months is not None else None
        except (TypeError, ValueError) as exc:
            raise BusinessRuleError(RULE, _("质保期应为整数月。"), field="warranty_months") from exc
        if months is None or not 0 <= months <= MAX_WARRANTY_MONTHS:
            raise BusinessRuleError(
                RULE,
                _("请填写质保期（0–%(n)s 个月）。") % {"n": MAX_WARRANTY_MONTHS},
                field="warranty_months",
            )
        settlement.accepted_on = on
        settlement.warranty_months = months
        settlement.warranty_expires_on = policies.add_months(on, months)
        fields += ["accepted_on", "warranty_months", "warranty_expires_on"]
    settlement.save_versioned(update_fields=fields)
    refresh_due_dates(contract, settlement)
    audit_record(
        actor=actor,
        action="contract_event.arrival" if event == "arrival" else "contract_event.acceptance",
        obj=contract,
        rule=RULE,
        extra={
            "on": on.isoformat(),
            "warranty_months": settlement.warranty_months,
            "warranty_expires_on": settlement.warranty_expires_on,
            "before": before,
        },
    )
    return settlement


@transaction.atomic
def contract_settlement_record(*, actor, contract_id: Any, amount: Any) -> ContractSettlement:
    """Record the settlement amount (结算金额) when it differs from the contract price; the
    retention of the plan must stay within the policy's percent of it (BR-FIN-03)."""
    contract = _signed_contract(contract_id)
    require_finance(actor, _("只有财务可以登记结算金额。"))
    amount = clean_amount(amount, field="amount")
    settlement = _settlement(contract)
    lines = list(PaymentMilestone.objects.filter(contract=contract).values("kind", "amount"))
    check_retention(lines, amount)
    before = settlement.settlement_amount
    settlement.settlement_amount = amount
    settlement.save_versioned(update_fields=["settlement_amount"])
    audit_record(
        actor=actor,
        action="contract_settlement.record",
        obj=contract,
        rule=RULE,
        extra={"amount": amount, "before": before},
    )
    return settlement
