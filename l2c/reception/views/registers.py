"""The visitor and call registers with the day's statistics (BR-REC-01, BR-RPT-01), their
Excel export, and one entry's page (register as customer, first message, 客户区分)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.core.errors import BusinessRuleError
from l2c.customers.display import already_owned_message
from l2c.reception import selectors, services
from l2c.reception.forms import AttributionForm, RegisterForm
from l2c.reception.models import ReceptionKind
from l2c.reception.views._common import error_message, form_errors

PAGE_SIZE = 50


def _day(request) -> dt.date:
    text = request.GET.get("day", "")
    try:
        return dt.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
def registers(request):
    day = _day(request)
    kind = request.GET.get("kind", "")
    if kind not in ReceptionKind.values:
        kind = ""
    qs = selectors.reception_list(viewer=request.user, day=day, kind=kind or None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.shown_mobile = selectors.shown_mobile(request.user, entry)
    return render(
        request,
        "reception/registers.html",
        {
            "day": day,
            "kind": kind,
            "kinds": ReceptionKind.choices,
            "page": page,
            "stats": selectors.reception_stats(viewer=request.user, day=day),
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1),
            "today": timezone.localdate(),
        },
    )


@login_required
def export(request):
    day = _day(request)
    content = services.reception_register_export(actor=request.user, day=day)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f"attachment; filename=reception-{day:%Y%m%d}.xlsx; "
        f"filename*=UTF-8''%E6%9D%A5%E4%BA%BA%E6%9D%A5%E7%94%B5-{day:%Y%m%d}.xlsx"
    )
    return response


@login_required
def entry_detail(request, pk: int):
    entry = selectors.reception_get(viewer=request.user, reception_id=pk)
    entry.shown_mobile = selectors.shown_mobile(request.user, entry)
    decisions = list(selectors.attribution_list(viewer=request.user).filter(reception=entry))
    for decision in decisions:
        decision.active_shares = selectors.active_shares(decision)
    returning = not entry.is_first_visit
    return render(
        request,
        "reception/entry_detail.html",
        {
            "entry": entry,
            "decisions": decisions,
            "register_form": RegisterForm(initial={"name": entry.name}),
            "attribution_form": AttributionForm(department_id=entry.department_id)
            if returning and entry.customer_id and not decisions
            else None,
            "is_rep": entry.rep_id == request.user.pk,
        },
    )


@login_required
@require_POST
def entry_register(request, pk: int):
    form = RegisterForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("reception:entry", pk=pk)
    try:
        registration = services.reception_register_customer(
            actor=request.user, reception_id=pk, data=form.cleaned_data
        )
    except BusinessRuleError as exc:
        error_message(request, exc)
        return redirect("reception:entry", pk=pk)
    customer = registration.customer
    if registration.duplicate is not None:
        owner = registration.duplicate.owner_at_the_time
        messages.warning(
            request,
            _("重卡：该客户已由 %(owner)s 负责，本次登记记为重卡（BR-CUS-03）。")
            % {"owner": owner.person.name if owner else _("（无）")},
        )
    elif registration.already_owned:
        messages.info(request, already_owned_message(customer))
    elif registration.created:
        messages.success(request, _("已为 %(name)s 建档。") % {"name": customer.name})
    else:
        messages.success(request, _("原卡已失效，已重新建档（BR-CUS-03）。"))
    return redirect("reception:entry", pk=pk)


@login_required
@require_POST
def entry_message_sent(request, pk: int):
    try:
        services.reception_mark_first_message_sent(actor=request.user, reception_id=pk)
    except BusinessRuleError as exc:
        error_message(request, exc)
    else:
        messages.success(request, _("已登记首次回访短信（BR-REC-07）。"))
    return redirect("reception:entry", pk=pk)


@login_required
@require_POST
def entry_attribution(request, pk: int):
    entry = selectors.reception_get(viewer=request.user, reception_id=pk)
    form = AttributionForm(request.POST, department_id=entry.department_id)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("reception:entry", pk=pk)
    data = form.service_data()
    try:
        decision = services.attribution_decide(
            actor=request.user,
            reception_id=pk,
            answers=data["answers"],
            earlier_present=data.get("earlier_present"),
        )
    except BusinessRuleError as exc:
        error_message(request, exc)
        return redirect("reception:entry", pk=pk)
    messages.success(request, _("已记录客户区分：%(rule)s。") % {"rule": decision.rule})
    return redirect("reception:attribution", pk=decision.pk)
