"""Pages of fulfillment: the orders, an order with its whole story (the notice and its
acknowledgements, demand requests, outbound orders, shipments, confirmations) and the
warehouse's list of what to ship today or is overdue. Thin: reads through selectors,
writes through services; a refused action comes back as a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.core.errors import BusinessRuleError, error_text, form_error
from l2c.core.scope import require_roles, viewer_of
from l2c.fulfillment import policies, selectors, services
from l2c.fulfillment.forms import AcknowledgeForm, ConfirmationForm, OrderForm, ShipForm

DUE_FILTERS = (
    ("today", _("今日及逾期待发货")),
    ("overdue", _("已逾期")),
    ("open", _("全部待发货")),
    ("shipped", _("已发货")),
    ("", _("全部")),
)


def _list(request, template: str, due: str):
    qs = selectors.order_list(
        viewer=request.user, filters={"due": due, "search": request.GET.get("q", "")}
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "page": page,
            "due": due,
            "filters": DUE_FILTERS,
            "today": timezone.localdate(),
            "q": request.GET.get("q", ""),
            "may_order": bool(viewer_of(request.user).roles & policies.ORDER_ROLES),
        },
    )


@login_required
def order_list(request):
    return _list(request, "fulfillment/order_list.html", request.GET.get("due", "open"))


@login_required
def order_new(request):
    """The order of a signed contract (the next step after signing, BR-FUL-01)."""
    require_roles(request.user, policies.ORDER_ROLES, rule=None, message=_("您没有下订单的权限。"))
    contracts = list(selectors.contracts_awaiting_order(viewer=request.user)[:200])
    form = OrderForm(request.POST or None, contracts=contracts, initial=request.GET)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(
                actor=request.user,
                contract_id=form.cleaned_data["contract"],
                ship_by=form.cleaned_data["ship_by"],
            )
        except BusinessRuleError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("订单已生成，通知单已发出。"))
            return redirect("fulfillment:order", pk=order.pk)
    return render(request, "fulfillment/order_new.html", {"form": form, "empty": not contracts})


@login_required
def to_ship(request):
    """The warehouse's list: to ship today, and overdue."""
    return _list(request, "fulfillment/to_ship.html", "today")


@login_required
def order_detail(request, pk: int):
    order = selectors.order_get(viewer=request.user, order_id=pk)
    roles = viewer_of(request.user).roles
    remaining = services.remaining_quantities(order)
    return render(
        request,
        "fulfillment/order_detail.html",
        {
            "order": order,
            "today": timezone.localdate(),
            "remaining": [(line, remaining[line.pk]) for line in order.lines.all()],
            "may_issue": bool(roles & policies.ISSUE_ROLES),
            "may_ship": bool(roles & policies.SHIP_ROLES),
            "may_confirm": bool(roles & policies.CONFIRM_ROLES),
            "may_request": bool(roles & policies.ORDER_ROLES) and any(remaining.values()),
            "ack_departments": [
                code for code, allowed in policies.ACK_ROLES.items() if roles & allowed
            ],
            "confirmation_form": ConfirmationForm(),
            "issued": {ob.demand_request_id for ob in order.outbounds.all()},
        },
    )


def _run(request, pk: int, action, success: str):
    try:
        action()
    except BusinessRuleError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return redirect("fulfillment:order", pk=pk)


@login_required
@require_POST
def order_acknowledge(request, pk: int):
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择部门。"))
        return redirect("fulfillment:order", pk=pk)
    return _run(
        request,
        pk,
        lambda: services.notice_acknowledge(
            actor=request.user, order_id=pk, department=form.cleaned_data["department"]
        ),
        _("已签收通知。"),
    )


@login_required
@require_POST
def demand_request_new(request, pk: int):
    order = selectors.order_get(viewer=request.user, order_id=pk)
    lines = [
        {"line_id": line.pk, "quantity": request.POST.get(f"qty-{line.pk}", "").strip()}
        for line in order.lines.all()
        if request.POST.get(f"qty-{line.pk}", "").strip() not in ("", "0")
    ]
    return _run(
        request,
        pk,
        lambda: services.demand_request_create(
            actor=request.user, order_id=pk, lines=lines, note=request.POST.get("note", "")
        ),
        _("需货申请已提交审批。"),
    )


@login_required
@require_POST
def outbound_issue(request, pk: int):
    demand = selectors.demand_request_get(viewer=request.user, request_id=pk)
    return _run(
        request,
        demand.order_id,
        lambda: services.outbound_issue(actor=request.user, demand_request_id=demand.pk),
        _("出库单已开具。"),
    )


@login_required
@require_POST
def outbound_ship(request, pk: int):
    outbound = selectors.outbound_get(viewer=request.user, outbound_id=pk)
    form = ShipForm(request.POST)
    warehouse = form.cleaned_data["warehouse"] if form.is_valid() else ""
    return _run(
        request,
        outbound.order_id,
        lambda: services.outbound_ship(
            actor=request.user, outbound_id=outbound.pk, warehouse=warehouse
        ),
        _("已发货。"),
    )


@login_required
@require_POST
def outbound_confirm(request, pk: int):
    outbound = selectors.outbound_get(viewer=request.user, outbound_id=pk)
    form = ConfirmationForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请填写签收人、签收时间并上传扫描件。"))
        return redirect("fulfillment:order", pk=outbound.order_id)
    return _run(
        request,
        outbound.order_id,
        lambda: services.confirmation_file(
            actor=request.user, outbound_id=outbound.pk, **form.cleaned_data
        ),
        _("客户确认单已归档。"),
    )


@login_required
def confirmation_scan(request, pk: int):
    """The scan, to whoever sees the order (never a public media URL)."""
    outbound = selectors.outbound_get(viewer=request.user, outbound_id=pk)
    confirmation = getattr(outbound, "confirmation", None)
    if confirmation is None:
        raise Http404
    return FileResponse(
        confirmation.scan.open("rb"), filename=confirmation.scan.name.rsplit("/", 1)[-1]
    )
