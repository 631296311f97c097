"""Discount request pages (BR-APR-02): list, new, detail with its approval (and, for a
request made from a quote, the customer, the unit and the quote it is for)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c import policy
from l2c.approvals import selectors as approval_selectors
from l2c.core.errors import BusinessRuleError
from l2c.core.money import yuan
from l2c.deals import selectors, services
from l2c.deals.forms import DiscountRequestForm
from l2c.deals.models import DiscountStatus


@login_required
def discount_list(request):
    status = request.GET.get("status", "")
    qs = selectors.discount_request_list(
        viewer=request.user, status=status if status in DiscountStatus.values else None
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "deals/discount_list.html",
        {"page": page, "statuses": DiscountStatus.choices, "status": status},
    )


def _discount_choices(user) -> dict:
    """The viewer's customers (their widest list scope) and the units not yet sold, as
    (id, label) pairs."""
    from l2c.catalog import selectors as catalog
    from l2c.customers import selectors as customers
    from l2c.customers.views._common import scopes_for

    scopes = [s for s in scopes_for(user) if s != "pool"]
    customer_rows = (
        customers.customer_list(viewer=user, scope=scopes[-1]).values_list("pk", "name", "mobile")
        if scopes
        else []
    )
    units = catalog.units_unsold(viewer=user).values_list(
        "pk", "project__name", "code", "market_price"
    )
    return {
        "customers": [
            (pk, _("%(n)s（尾号 %(m)s）") % {"n": name, "m": mobile[-4:]} if mobile else name)
            for pk, name, mobile in customer_rows[:1000]
        ],
        "units": [
            (pk, f"{project} {code} · ¥{yuan(price)}") for pk, project, code, price in units[:1000]
        ],
    }


@login_required
def discount_new(request):
    form = DiscountRequestForm(request.POST or None, **_discount_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            dr = services.discount_request_create(
                actor=request.user, data=form.cleaned_data, submit="submit" in request.POST
            )
        except BusinessRuleError as exc:
            form.add_error(
                exc.field if exc.field in form.fields else None,
                f"{exc.message}（{exc.rule}）" if exc.rule else exc.message,
            )
        else:
            messages.success(
                request,
                _("优惠申请已提交审批。")
                if dr.status != DiscountStatus.DRAFT
                else _("已保存草稿。"),
            )
            return redirect("deals:discount", pk=dr.pk)
    return render(
        request,
        "deals/discount_new.html",
        {"form": form, "authority": policy.value("approvals.discount_authority")},
    )


@login_required
def discount_detail(request, pk: int):
    dr = selectors.discount_request_get(viewer=request.user, discount_id=pk)
    approval = approval_selectors.approval_for_object(dr, kind="discount")
    return render(
        request,
        "deals/discount_detail.html",
        {
            "dr": dr,
            "approval": approval,
            "can_submit": dr.owner_id == request.user.pk and dr.status in services.EDITABLE,
        },
    )


@login_required
@require_POST
def discount_submit(request, pk: int):
    dr = selectors.discount_request_get(viewer=request.user, discount_id=pk)
    try:
        services.discount_request_submit(actor=request.user, discount=dr)
    except BusinessRuleError as exc:
        messages.error(request, f"{exc.message}（{exc.rule}）" if exc.rule else exc.message)
    else:
        messages.success(request, _("已提交审批。"))
    return redirect("deals:discount", pk=pk)
