"""Receivables pages (BR-FIN-03, 04, 05): a contract's payment plan with each milestone's
state and, for finance, the record-payment and record-event actions; the receivables page
with the ageing buckets (ECharts) and the list by contract. Thin: services write, selectors
read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.core.errors import BusinessRuleError
from l2c.core.money import yuan
from l2c.core.scope import viewer_of
from l2c.finance import policies, selectors, services
from l2c.finance.models import DueBy, Method, MilestoneKind
from l2c.finance.services.receivables.breach import BREACH_ROLES
from l2c.finance.views import _is_finance


def _can_edit_plan(user, contract) -> bool:
    try:
        services.receivables.plan.require_plan_editor(user, contract)
    except BusinessRuleError:
        return False
    return True


#: rows of the plan editor on the page (a longer plan is set through the API)
EDITOR_ROWS = 6
EDITOR_FIELDS = ("kind", "name", "amount", "percent", "due_by", "due_on", "offset_days")


def _editor_rows(milestones, posted=None) -> list[dict]:
    """The plan editor's rows: what was posted (kept after an error), else the plan."""
    if posted is not None:
        return posted
    rows = [
        {
            "kind": m.kind,
            "name": m.name,
            "amount": "" if m.percent is not None else f"{m.amount}",
            "percent": "" if m.percent is None else format(m.percent.normalize(), "f"),
            "due_by": m.due_by,
            "due_on": m.agreed_due_on.isoformat() if m.agreed_due_on else "",
            "offset_days": m.offset_days or "",
        }
        for m in milestones
    ]
    return rows + [dict.fromkeys(EDITOR_FIELDS, "") for _ in range(EDITOR_ROWS - len(rows))]


def _plan_page(request, contract, *, posted=None, status=200):
    today = timezone.localdate()
    milestones = selectors.milestone_list(viewer=request.user, contract_id=contract.pk)
    settlement = selectors.settlement_of(contract.pk)
    state = selectors.contract_default(contract.pk) if milestones else None
    viewer = viewer_of(request.user)
    has_money = any(m.paid > 0 for m in milestones)
    return render(
        request,
        "finance/payment_plan.html",
        {
            "contract": contract,
            "milestones": milestones,
            "settlement": settlement,
            "state": state,
            "today": today,
            "is_finance": _is_finance(request.user),
            "can_edit": _can_edit_plan(request.user, contract),
            "can_breach": bool(viewer.roles & BREACH_ROLES or viewer.is_superuser),
            "breaches": list(selectors.breach_list(viewer=request.user, contract_id=contract.pk)),
            "methods": Method.choices,
            "kinds": MilestoneKind.choices,
            "due_bys": DueBy.choices,
            "has_money": has_money,
            "editor_rows": _editor_rows(milestones, posted),
            "editor_open": posted is not None,
        },
        status=status,
    )


@login_required
def payment_plan(request, contract_id: int):
    contract = selectors.contract_visible(viewer=request.user, contract_id=contract_id)
    return _plan_page(request, contract)


@login_required
@require_POST
def payment_plan_edit(request, contract_id: int):
    """Set the plan from the editor's rows (the rows without a type are left out)."""
    contract = selectors.contract_visible(viewer=request.user, contract_id=contract_id)
    posted = [
        {f: request.POST.get(f"{f}_{i}", "").strip()[:40] for f in EDITOR_FIELDS}
        for i in range(EDITOR_ROWS)
    ]
    lines = [row for row in posted if row["kind"]]
    try:
        services.payment_plan_set(actor=request.user, contract_id=contract.pk, milestones=lines)
    except BusinessRuleError as exc:
        messages.error(request, str(exc.message))
        return _plan_page(request, contract, posted=posted, status=422)
    messages.success(request, _("付款计划已保存。"))
    return _back(contract_id)


def _back(contract_id: int):
    return redirect("finance:payment_plan", contract_id=contract_id)


def _error(request, exc: BusinessRuleError) -> None:
    messages.error(request, str(exc.message))


@login_required
@require_POST
def milestone_pay(request, contract_id: int, milestone_id: int):
    p = request.POST
    try:
        selectors.contract_visible(viewer=request.user, contract_id=contract_id)
        record = services.milestone_payment_receive(
            actor=request.user,
            milestone_id=milestone_id,
            amount=p.get("amount", ""),
            payer=p.get("payer", ""),
            method=p.get("method", ""),
            bank_ref=p.get("bank_ref", ""),
            note=p.get("note", ""),
        )
    except BusinessRuleError as exc:
        _error(request, exc)
    else:
        if record.duplicate:
            messages.info(
                request,
                _("流水号 %(ref)s 已登记为收据 %(n)s，本次未重复入账。")
                % {"ref": record.bank_ref, "n": record.number},
            )
        else:
            messages.success(
                request,
                _("已登记回款 ¥%(a)s，收据号 %(n)s。")
                % {"a": yuan(record.amount), "n": record.number},
            )
    return _back(contract_id)


@login_required
@require_POST
def contract_event(request, contract_id: int):
    p = request.POST
    try:
        services.contract_event_record(
            actor=request.user,
            contract_id=selectors.contract_visible(viewer=request.user, contract_id=contract_id).pk,
            event=p.get("event", ""),
            on=p.get("on", ""),
            warranty_months=p.get("warranty_months") or None,
        )
    except BusinessRuleError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已登记，付款节点的到期日已随之更新。"))
    return _back(contract_id)


@login_required
@require_POST
def plan_from_terms(request, contract_id: int):
    try:
        contract = selectors.contract_visible(viewer=request.user, contract_id=contract_id)
        services.payment_plan_from_terms(actor=request.user, contract_id=contract.pk)
    except BusinessRuleError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已按合同约定的付款安排生成付款计划。"))
    return _back(contract_id)


@login_required
@require_POST
def breach_open(request, contract_id: int):
    try:
        contract = selectors.contract_visible(viewer=request.user, contract_id=contract_id)
        services.breach_open(actor=request.user, contract_id=contract.pk)
    except BusinessRuleError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已立案违约处理。"))
    return _back(contract_id)


@login_required
@require_POST
def breach_step(request, contract_id: int, case_id: int):
    try:
        case = selectors.breach_get(viewer=request.user, case_id=case_id)
        services.breach_step_record(
            actor=request.user, case_id=case.pk, text=request.POST.get("text", "")
        )
    except BusinessRuleError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("已记录处理经过。"))
    return _back(contract_id)


@login_required
@require_POST
def breach_close(request, contract_id: int, case_id: int):
    try:
        case = selectors.breach_get(viewer=request.user, case_id=case_id)
        services.breach_close(
            actor=request.user, case_id=case.pk, outcome=request.POST.get("outcome", "")
        )
    except BusinessRuleError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("违约处理已结案。"))
    return _back(contract_id)


@login_required
def receivables(request):
    number = request.GET.get("contract", "").strip()[:40]
    if number:  # 打开某合同的付款计划 (to set one where none exists yet)
        contract = selectors.contract_by_number(number)
        if contract is not None:
            return redirect("finance:payment_plan", contract_id=contract.pk)
        messages.error(request, _("合同编号 %(n)s 不存在。") % {"n": number})
    as_of = timezone.localdate()
    q = request.GET.get("q", "").strip()[:60]
    overdue_only = request.GET.get("overdue") == "1"
    rows = selectors.contract_receivables_rows(
        viewer=request.user, as_of=as_of, filters={"q": q, "overdue_only": overdue_only}
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    page.object_list = selectors.finish_receivables(page.object_list, as_of=as_of)
    ageing = selectors.ageing(viewer=request.user, as_of=as_of)
    chart = {
        "labels": [b["label"] for b in ageing.buckets],
        "values": [str(b["amount"]) for b in ageing.buckets],
    }
    return render(
        request,
        "finance/receivables.html",
        {
            "page": page,
            "ageing": ageing,
            "chart": chart,
            "q": q,
            "overdue_only": overdue_only,
            "buckets": policies.BUCKETS,
        },
    )
