"""Visit plan pages (BR-ACT-01): list, new, the plan with its items, submit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.activities import selectors, services
from l2c.activities.forms import CancelForm, PlanItemForm, PlanNewForm
from l2c.activities.models import PlanStatus
from l2c.activities.policies import next_month, plan_due_on
from l2c.activities.services.plans import EDITABLE
from l2c.activities.views._common import TABS, page_of
from l2c.approvals import selectors as approval_selectors
from l2c.core.errors import BusinessRuleError, flash_error, form_error
from l2c.customers.selectors import my_customers


@login_required
def plan_list(request):
    scope = selectors.clean_scope(request.user, request.GET.get("scope"))
    status = request.GET.get("status", "")
    qs = selectors.visit_plan_list(
        viewer=request.user,
        scope=scope,
        status=status if status in PlanStatus.values else None,
    )
    page = page_of(request, qs)
    upcoming = next_month(timezone.localdate())
    return render(
        request,
        "activities/plan_list.html",
        {
            "tabs": TABS,
            "page": page,
            "scope": scope,
            "scopes": selectors.scopes_for(request.user),
            "status": status,
            "statuses": PlanStatus.choices,
            "form": PlanNewForm(initial={"month": upcoming.strftime("%Y-%m")}),
            "upcoming": upcoming,
            "upcoming_due": plan_due_on(upcoming),
        },
    )


@login_required
@require_POST
def plan_new(request):
    form = PlanNewForm(request.POST)
    if form.is_valid():
        try:
            plan = services.visit_plan_create(actor=request.user, **form.cleaned_data)
        except BusinessRuleError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("已创建拜访计划，请添加计划拜访后提交审批。"))
            return redirect("activities:plan", pk=plan.pk)
    else:
        messages.error(request, _("请选择计划月份。"))
    return redirect("activities:plans")


def _plan_page(request, plan, item_form=None):
    approval = approval_selectors.approval_for_object(plan, kind="visit_plan")
    mine = plan.rep_id == request.user.pk
    editable = mine and plan.status in EDITABLE
    return render(
        request,
        "activities/plan_detail.html",
        {
            "tabs": TABS,
            "plan": plan,
            "items": selectors.plan_items(plan),
            "approval": approval,
            "mine": mine,
            "editable": editable,
            "item_form": item_form
            or (
                PlanItemForm(
                    customers=my_customers(request.user),
                    initial={"planned_on": max(plan.month, timezone.localdate())},
                )
                if editable
                else None
            ),
            "cancel_form": CancelForm() if mine and plan.status == PlanStatus.APPROVED else None,
            "today": timezone.localdate(),
        },
    )


@login_required
def plan_detail(request, pk: int):
    plan = selectors.visit_plan_get(viewer=request.user, plan_id=pk)
    return _plan_page(request, plan)


@login_required
@require_POST
def plan_item_add(request, pk: int):
    plan = selectors.visit_plan_get(viewer=request.user, plan_id=pk)
    form = PlanItemForm(request.POST, customers=my_customers(request.user))
    if form.is_valid():
        try:
            services.visit_plan_item_add(
                actor=request.user, plan_id=plan.pk, data=form.cleaned_data
            )
        except BusinessRuleError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已添加计划拜访。"))
            return redirect("activities:plan", pk=plan.pk)
    return _plan_page(request, plan, item_form=form)


@login_required
@require_POST
def plan_item_remove(request, pk: int, item_id: int):
    try:
        services.visit_plan_item_remove(actor=request.user, plan_id=pk, item_id=item_id)
    except BusinessRuleError as exc:
        flash_error(request, exc)
    return redirect("activities:plan", pk=pk)


@login_required
@require_POST
def plan_item_cancel(request, pk: int, item_id: int):
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写取消原因。"))
        return redirect("activities:plan", pk=pk)
    try:
        services.visit_plan_item_cancel(
            actor=request.user, plan_id=pk, item_id=item_id, reason=form.cleaned_data["reason"]
        )
    except BusinessRuleError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("已取消该拜访，不再需要提交报告。"))
    return redirect("activities:plan", pk=pk)


@login_required
@require_POST
def plan_submit(request, pk: int):
    try:
        plan = services.visit_plan_submit(actor=request.user, plan_id=pk)
    except BusinessRuleError as exc:
        flash_error(request, exc)
    else:
        if plan.status == PlanStatus.APPROVED:
            messages.success(request, _("拜访计划已批准。"))
        else:
            messages.success(request, _("拜访计划已提交主管审批。"))
    return redirect("activities:plan", pk=pk)
