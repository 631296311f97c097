"""Work log (BR-ACT-03): today's log and the logs in scope; the assistant's daily summary
sent to the GM and the manager."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.activities import selectors, services
from l2c.activities.forms import SummaryForm, WorkLogForm
from l2c.activities.views._common import TABS, page_of
from l2c.core.errors import BusinessRuleError, flash_error, form_error
from l2c.core.roles import Role
from l2c.core.scope import viewer_of


@login_required
def work_log(request):
    today = timezone.localdate()
    mine = selectors.my_log(user=request.user, day=today)
    initial = (
        {
            "work_done": mine.work_done,
            "customer_feedback": mine.customer_feedback,
            "suggestions": mine.suggestions,
            "plan_next": mine.plan_next,
            "version": mine.version,
        }
        if mine
        else {}
    )
    form = WorkLogForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            services.work_log_save(actor=request.user, data=data, expected_version=version)
        except BusinessRuleError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("今天的工作日志已保存。"))
            return redirect("activities:work_log")
    scope = selectors.clean_scope(request.user, request.GET.get("scope"))
    qs = selectors.work_log_list(viewer=request.user, scope=scope)
    page = page_of(request, qs)
    return render(
        request,
        "activities/work_log.html",
        {
            "tabs": TABS,
            "form": form,
            "mine": mine,
            "today": today,
            "counts": selectors.day_counts(user=request.user, day=today),
            "page": page,
            "scope": scope,
            "scopes": selectors.scopes_for(request.user),
        },
    )


@login_required
def work_log_detail(request, pk: int):
    log = selectors.work_log_get(viewer=request.user, log_id=pk)
    return render(request, "activities/work_log_detail.html", {"tabs": TABS, "log": log})


@login_required
def summaries(request):
    viewer = viewer_of(request.user)
    today = timezone.localdate()
    is_assistant = Role.ASSISTANT in viewer.roles
    current = (
        selectors.summary_today(department_id=viewer.department_id, day=today)
        if is_assistant
        else None
    )
    form = None
    if is_assistant and (current is None or current.sent_at is None):
        initial = (
            {
                "summary": current.summary,
                "orders": current.orders,
                "rep_feedback": current.rep_feedback,
                "customer_feedback": current.customer_feedback,
                "version": current.version,
            }
            if current
            else {}
        )
        form = SummaryForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", None)
            try:
                summary = services.daily_summary_save(
                    actor=request.user, data=data, expected_version=version
                )
                if "send" in request.POST:
                    summary = services.daily_summary_send(actor=request.user, summary_id=summary.pk)
            except BusinessRuleError as exc:
                form_error(form, exc)
            else:
                messages.success(
                    request,
                    _("部门日报已发送给总经理和销售经理。")
                    if summary.sent_at
                    else _("已保存草稿。"),
                )
                return redirect("activities:summaries")
    page = page_of(request, selectors.daily_summary_list(viewer=request.user))
    logs = (
        selectors.department_logs(
            viewer=request.user, department_id=viewer.department_id, day=today
        )
        if is_assistant and viewer.department_id
        else []
    )
    return render(
        request,
        "activities/summaries.html",
        {
            "tabs": TABS,
            "form": form,
            "current": current,
            "page": page,
            "logs": logs,
            "today": today,
            "is_assistant": is_assistant,
        },
    )


@login_required
def summary_detail(request, pk: int):
    summary = selectors.daily_summary_get(viewer=request.user, summary_id=pk)
    return render(request, "activities/summary_detail.html", {"tabs": TABS, "summary": summary})


@login_required
@require_POST
def summary_send(request, pk: int):
    try:
        services.daily_summary_send(actor=request.user, summary_id=pk)
    except BusinessRuleError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("部门日报已发送给总经理和销售经理。"))
    return redirect("activities:summaries")
