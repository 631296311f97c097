"""Archiving (BR-CON-05), access requests (BR-CON-06) and changes (BR-CON-07) pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.approvals import selectors as approval_selectors
from l2c.contracts import selectors, services
from l2c.contracts.forms import AccessRequestForm, ArchiveForm, ChangeForm
from l2c.contracts.models import AccessKind, ContractAccessLog
from l2c.core.errors import BusinessRuleError, error_text, form_error


@login_required
def archive_list(request):
    rows = selectors.contracts_to_archive(
        viewer=request.user, overdue_only=request.GET.get("overdue") == "1"
    )
    borrowed = {
        entry.contract_id: entry
        for entry in ContractAccessLog.objects.filter(
            contract_id__in=[r.contract.pk for r in rows],
            kind__in=[AccessKind.BORROW, AccessKind.RETURN],
        )
        .select_related("user__person")
        .order_by("at", "id")
    }
    for row in rows:
        entry = borrowed.get(row.contract.pk)
        row.borrowed = entry if entry is not None and entry.kind == AccessKind.BORROW else None
    return render(
        request,
        "contracts/archive.html",
        {"rows": rows, "overdue": request.GET.get("overdue") == "1", "now": timezone.now()},
    )


@login_required
@require_POST
def contract_archive(request, pk: int):
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写归档位置。"))
        return redirect("contracts:archive")
    try:
        contract = services.contract_archive(
            actor=request.user, contract_id=pk, location=form.cleaned_data["location"]
        )
    except BusinessRuleError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("合同 %(n)s 原件已归档。") % {"n": contract.number})
    return redirect("contracts:archive")


@login_required
def access_requests(request):
    form = AccessRequestForm(request.POST or None, initial={"number": request.GET.get("number")})
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_access_request_create(actor=request.user, **form.cleaned_data)
        except BusinessRuleError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("申请已提交销售主管审批。"))
            return redirect("contracts:access_requests")
    page = Paginator(selectors.access_requests(viewer=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "contracts/access_requests.html", {"form": form, "page": page})


@login_required
def change_list(request):
    page = Paginator(selectors.change_list(viewer=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "contracts/change_list.html", {"page": page})


@login_required
def change_new(request):
    contract_id = request.GET.get("contract") or request.POST.get("contract")
    reservation_id = request.GET.get("reservation") or request.POST.get("reservation")
    contract = reservation = None
    if contract_id:
        contract = selectors.contract_get(viewer=request.user, id=contract_id, via_page="change")
    elif reservation_id:
        reservation = selectors.reservation_get(viewer=request.user, reservation_id=reservation_id)
    units = list(selectors.units_for_reservation(viewer=request.user)[:500])
    form = ChangeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            change = services.contract_change_request(
                actor=request.user,
                contract_id=contract.pk if contract else None,
                reservation_id=reservation.pk if reservation else None,
                **values,
            )
        except BusinessRuleError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("变更申请已提交审批。"))
            return redirect("contracts:change", pk=change.pk)
    return render(
        request,
        "contracts/change_new.html",
        {"form": form, "contract": contract, "reservation": reservation},
    )


@login_required
def change_detail(request, pk: int):
    change = selectors.change_get(viewer=request.user, change_id=pk)
    approval = approval_selectors.approval_for_object(change, kind="contract_change")
    return render(request, "contracts/change_detail.html", {"ch": change, "approval": approval})
