"""Reservation pages (BR-CON-01/02/07): list, new (customer and unit pickers), detail with
versions, revise, cancel, PDF."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c import policy
from l2c.contracts import printing, selectors, services
from l2c.contracts.forms import CancelForm, ReservationForm, ReviseForm
from l2c.contracts.models import ContractStatus, ReservationKind, ReservationStatus
from l2c.contracts.services._common import may_sign
from l2c.core.errors import BusinessRuleError, error_text, form_error
from l2c.core.scope import visible_to
from l2c.customers import selectors as customer_selectors
from l2c.deals.models import DiscountRequest, DiscountStatus


@login_required
def reservation_list(request):
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    qs = selectors.reservation_list(
        viewer=request.user,
        status=status if status in ReservationStatus.values else None,
        kind=kind if kind in ReservationKind.values else None,
        q=request.GET.get("q", ""),
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/reservation_list.html",
        {
            "page": page,
            "statuses": ReservationStatus.choices,
            "kinds": ReservationKind.choices,
            "status": status,
            "kind": kind,
            "q": request.GET.get("q", ""),
            # only salespeople sign (finance and the others never can: no dead button)
            "can_reserve": may_sign(request.user),
        },
    )


def _pickers(request):
    customers = list(customer_selectors.customer_list(viewer=request.user, scope="mine")[:300])
    wanted = request.GET.get("customer") or request.POST.get("customer_id")
    if wanted and all(str(c.pk) != str(wanted) for c in customers):
        with contextlib.suppress(BusinessRuleError):
            customers.insert(
                0, customer_selectors.customer_get(viewer=request.user, customer_id=wanted)
            )
    units = list(selectors.units_for_reservation(viewer=request.user)[:500])
    return {"customers": customers, "units": units, "discounts": _discounts(request, customers)}


def _discounts(request, customers) -> list[DiscountRequest]:
    """The approved discounts a reservation may be signed with (BR-APR-02): the linked ones
    in the viewer's scope, and every one approved for one of the viewer's customers — the
    supervisor proposes the discount (000 D9), so it is seldom the rep's own document. A
    request made on the free-form page names the customer instead of linking it."""
    approved = DiscountRequest.objects.filter(status=DiscountStatus.APPROVED)
    linked = approved.filter(customer__isnull=False, unit__isnull=False)
    for_mine = Q(customer_id__in=[c.pk for c in customers]) | Q(
        customer__isnull=True, unit__isnull=True, customer_name__in={c.name for c in customers}
    )
    wanted = Q(pk__in=visible_to(request.user, linked).values("pk")) | for_mine
    return list(approved.filter(wanted).order_by("-created_at", "-id")[:100])


@login_required
def reservation_new(request):
    pickers = _pickers(request)
    initial = {
        "customer_id": request.GET.get("customer"),
        "unit_id": request.GET.get("unit"),
        "kind": "deposit",
    }
    form = ReservationForm(request.POST or None, initial=initial, **pickers)
    if request.method == "POST" and form.is_valid():
        try:
            reservation = services.reservation_create(actor=request.user, **form.cleaned_data)
        except BusinessRuleError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("认购书 %(n)s 已签署，房号已锁定。请带客户到财务部交定金。")
                % {"n": reservation.number},
            )
            return redirect("contracts:reservation", pk=reservation.pk)
    return render(
        request,
        "contracts/reservation_new.html",
        {"form": form, "max_deposit": policy.value("catalog.max_deposit_percent")},
    )


@login_required
def reservation_detail(request, pk: int):
    reservation = selectors.reservation_get(viewer=request.user, reservation_id=pk)
    contracts = list(reservation.contracts.exclude(status=ContractStatus.CANCELLED))
    return render(
        request,
        "contracts/reservation_detail.html",
        {
            "r": reservation,
            "versions": list(selectors.reservation_versions(reservation)),
            "contracts": contracts,
            "open": reservation.status in (ReservationStatus.SIGNED, ReservationStatus.PAID),
            "revise_form": ReviseForm(),
            "cancel_form": CancelForm(),
        },
    )


@login_required
@require_POST
def reservation_revise(request, pk: int):
    selectors.reservation_get(viewer=request.user, reservation_id=pk)
    form = ReviseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写变更原因并检查金额。"))
        return redirect("contracts:reservation", pk=pk)
    try:
        new = services.reservation_revise(
            actor=request.user,
            reservation_id=pk,
            changes=form.changes(),
            reason=form.cleaned_data["reason"],
        )
    except BusinessRuleError as exc:
        messages.error(request, error_text(exc))
        return redirect("contracts:reservation", pk=pk)
    messages.success(request, _("已生成第 %(v)s 版认购书。") % {"v": new.version_no})
    return redirect("contracts:reservation", pk=new.pk)


@login_required
@require_POST
def reservation_cancel(request, pk: int):
    selectors.reservation_get(viewer=request.user, reservation_id=pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("签订合同前退订须填写原因和挽留情况（BR-CON-07）。"))
        return redirect("contracts:reservation", pk=pk)
    try:
        services.reservation_cancel(actor=request.user, reservation_id=pk, **form.cleaned_data)
    except BusinessRuleError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已退订，房号恢复可售。"))
    return redirect("contracts:reservation", pk=pk)


@login_required
def reservation_pdf(request, pk: int):
    reservation = selectors.reservation_get(viewer=request.user, reservation_id=pk)
    response = HttpResponse(printing.reservation_pdf(reservation), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{reservation.number}-v{reservation.version_no}.pdf"'
    )
    return response
