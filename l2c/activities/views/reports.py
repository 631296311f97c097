"""Visit report pages (BR-ACT-02): the reports due, new (from a planned visit or a visit
follow-up), detail with the supervisor's review, edit; and the tasks promised."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.activities import selectors, services
from l2c.activities.forms import (
    PromiseFormSet,
    ReportEditForm,
    ReportForm,
    ReviewForm,
    TaskForm,
    now_local,
)
from l2c.activities.models import FollowUp, FollowUpKind, ReportState, VisitPlanItem
from l2c.activities.policies import report_due_on, setting
from l2c.activities.services._common import LEADER_ROLES
from l2c.activities.views._common import TABS, page_of, safe_next
from l2c.core.errors import BusinessRuleError, NotFoundError, flash_error, form_error
from l2c.core.scope import viewer_of
from l2c.customers.selectors import my_customers


@login_required
def report_list(request):
    scope = selectors.clean_scope(request.user, request.GET.get("scope"))
    state = request.GET.get("state", "")
    qs = selectors.visit_report_list(
        viewer=request.user, scope=scope, state=state if state in ReportState.values else None
    )
    page = page_of(request, qs)
    return render(
        request,
        "activities/report_list.html",
        {
            "tabs": TABS,
            "page": page,
            "scope": scope,
            "scopes": selectors.scopes_for(request.user),
            "state": state,
            "states": ReportState.choices,
            "due": selectors.reports_due(user=request.user),
            "days": setting("activities.visit_report_due_days"),
        },
    )


def _source(request):
    """The visit the new report is about, from the query string (own records only)."""
    if request.GET.get("plan_item"):
        item = (
            VisitPlanItem.objects.select_related("plan", "customer")
            .filter(pk=request.GET["plan_item"], plan__rep=request.user)
            .first()
        )
        if item is None:
            raise NotFoundError("BR-ACT-02", _("未找到该计划拜访。"))
        return {"plan_item_id": item.pk}, item.label, item.planned_on
    if request.GET.get("follow_up"):
        fu = (
            FollowUp.objects.select_related("customer")
            .filter(pk=request.GET["follow_up"], rep=request.user, kind=FollowUpKind.VISIT)
            .first()
        )
        if fu is None:
            raise NotFoundError("BR-ACT-02", _("未找到该拜访记录。"))
        return {"follow_up_id": fu.pk}, fu.customer.name, timezone.localdate(fu.at)
    return {}, "", None


@login_required
def report_new(request):
    source, label, visited_on = _source(request)
    fixed = bool(source)
    initial = {"visited_at": now_local()}
    if visited_on and visited_on < timezone.localdate():
        initial["visited_at"] = f"{visited_on.isoformat()}T10:00"
    customers = [] if fixed else my_customers(request.user)
    form = ReportForm(request.POST or None, customers=customers, fixed=fixed, initial=initial)
    promises = PromiseFormSet(request.POST or None, prefix="promise")
    if "follow_up_id" in source:
        del form.fields["visited_at"]
    if request.method == "POST" and form.is_valid() and promises.is_valid():
        data = {
            **form.cleaned_data,
            **source,
            "promises": [p for p in promises.cleaned_data if p.get("title")],
        }
        try:
            report = services.visit_report_create(actor=request.user, data=data)
        except BusinessRuleError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("拜访报告已提交，等待主管审核。")
                if not report.late
                else _("拜访报告已提交（已超过期限）。"),
            )
            return redirect("activities:report", pk=report.pk)
    days = setting("activities.visit_report_due_days")
    return render(
        request,
        "activities/report_new.html",
        {
            "tabs": TABS,
            "form": form,
            "promises": promises,
            "label": label,
            "visited_on": visited_on,
            "due_on": report_due_on(visited_on, days) if visited_on else None,
            "days": days,
        },
    )


@login_required
def report_detail(request, pk: int):
    report = selectors.visit_report_get(viewer=request.user, report_id=pk)
    may_review = (
        report.rep_id != request.user.pk
        and bool(viewer_of(request.user).roles & LEADER_ROLES)
        and report.state == ReportState.SUBMITTED
    )
    mine = report.rep_id == request.user.pk
    return render(
        request,
        "activities/report_detail.html",
        {
            "tabs": TABS,
            "report": report,
            "tasks": selectors.report_tasks(report),
            "review_form": ReviewForm() if may_review else None,
            "edit_form": ReportEditForm(
                initial={
                    "content": report.content,
                    "feedback": report.feedback,
                    "version": report.version,
                }
            )
            if mine and report.state != ReportState.REVIEWED
            else None,
            "task_form": TaskForm(
                initial={"due_on": timezone.localdate().isoformat()},
                customers=[report.customer] if report.customer_id else [],
            )
            if mine
            else None,
        },
    )


@login_required
@require_POST
def report_edit(request, pk: int):
    form = ReportEditForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.visit_report_update(
                actor=request.user, report_id=pk, data=data, expected_version=version
            )
        except BusinessRuleError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("拜访报告已修改并重新提交。"))
    else:
        messages.error(request, _("请填写拜访情况。"))
    return redirect("activities:report", pk=pk)


@login_required
@require_POST
def report_review(request, pk: int):
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            report = services.visit_report_review(
                actor=request.user, report_id=pk, **form.cleaned_data
            )
        except BusinessRuleError as exc:
            flash_error(request, exc)
        else:
            messages.success(
                request,
                _("已审核通过。") if report.state == ReportState.REVIEWED else _("已退回修改。"),
            )
    else:
        messages.error(request, _("请选择审核结果。"))
    return redirect("activities:report", pk=pk)


@login_required
def task_list(request):
    scope = selectors.clean_scope(request.user, request.GET.get("scope") or "mine")
    show = request.GET.get("show", "open")
    qs = selectors.task_list(viewer=request.user, scope=scope, open_only=show != "all")
    page = page_of(request, qs)
    return render(
        request,
        "activities/task_list.html",
        {
            "tabs": TABS,
            "page": page,
            "scope": scope,
            "scopes": selectors.scopes_for(request.user),
            "show": show,
            "form": TaskForm(
                initial={"due_on": timezone.localdate().isoformat()},
                customers=my_customers(request.user),
            ),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def task_new(request):
    report_id = request.POST.get("report") or None
    customers = my_customers(request.user)
    form = TaskForm(request.POST, customers=customers)
    if report_id:  # a promise of a report: the report's customer
        del form.fields["customer_id"]
    if form.is_valid():
        try:
            services.task_create(actor=request.user, report_id=report_id, **form.cleaned_data)
        except BusinessRuleError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("已添加事项。"))
    else:
        messages.error(request, _("请填写事项和完成期限。"))
    return redirect(safe_next(request, "activities:tasks"))


@login_required
@require_POST
def task_complete(request, pk: int):
    try:
        services.task_complete(actor=request.user, task_id=pk, note=request.POST.get("note", ""))
    except BusinessRuleError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("事项已完成。"))
    return redirect(safe_next(request, "activities:tasks"))
