"""Pages of the catalog: the sales-control board (销控表), a unit with its history and the
hold / release buttons, the price list, price-change requests, stock. Thin: reads through
selectors, writes through services; a refused action comes back as a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c import policy
from l2c.approvals import selectors as approval_selectors
from l2c.catalog import selectors, services
from l2c.catalog.forms import HoldForm, PriceChangeForm, ReleaseForm
from l2c.catalog.models import RequestStatus, UnitState
from l2c.catalog.policies import HOLD_LEADERS, PRICE_REQUESTERS, SALES_ROLES, STATE_CSS, short_time
from l2c.core.errors import BusinessRuleError
from l2c.core.scope import viewer_of


def _error_text(exc: BusinessRuleError) -> str:
    return f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message)


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@login_required
def board(request):
    selectors.ensure_can_view(request.user)
    projects = list(selectors.project_list(viewer=request.user))
    project_id = _int(request.GET.get("project"))
    if project_id not in {p.pk for p in projects}:
        project_id = projects[0].pk if projects else None
    data = selectors.board(
        viewer=request.user, project_id=project_id, building=request.GET.get("building") or None
    )
    v = viewer_of(request.user)
    return render(
        request,
        "catalog/board.html",
        {
            "projects": projects,
            "b": data,
            "hold_hours": policy.value("catalog.hold_hours"),
            "can_hold": bool(v.roles & SALES_ROLES),
        },
    )


@login_required
def unit_list(request):
    filters = {
        "project": _int(request.GET.get("project")),
        "building": request.GET.get("building") or None,
        "state": request.GET.get("state") if request.GET.get("state") in UnitState.values else None,
        "q": request.GET.get("q", ""),
    }
    qs = selectors.unit_list(viewer=request.user, filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.UnitShown.for_viewer(request.user).decorate(page.object_list)
    return render(
        request,
        "catalog/unit_list.html",
        {
            "page": page,
            "projects": selectors.project_list(viewer=request.user),
            "states": UnitState.choices,
            "f": filters,
        },
    )


def _hold_form(request, data=None):
    from l2c.customers.selectors import customer_list

    customers = list(customer_list(viewer=request.user, scope="mine")[:300])
    leader = bool(viewer_of(request.user).roles & HOLD_LEADERS)
    return HoldForm(data, customers=customers, leader=leader)


@login_required
def unit_detail(request, pk: int, hold_form=None):
    unit = selectors.unit_get(viewer=request.user, unit_id=pk)
    selectors.UnitShown.for_viewer(request.user).decorate([unit])
    # the release button only for those who may give this hold back (BR-CAT-03)
    unit.can_release = unit.can_release and services.may_release(request.user, unit)
    v = viewer_of(request.user)
    can_hold = bool(v.roles & SALES_ROLES) and unit.eff_state == UnitState.AVAILABLE
    return render(
        request,
        "catalog/unit_detail.html",
        {
            "unit": unit,
            "events": list(selectors.unit_events(unit)[:100]),
            "can_hold": can_hold,
            "hold_form": hold_form or (_hold_form(request) if can_hold else None),
            "release_form": ReleaseForm(),
            "hold_hours": policy.value("catalog.hold_hours"),
            "can_request_price": bool(v.roles & PRICE_REQUESTERS),
            "states": [(s.value, s.label, STATE_CSS[s]) for s in UnitState],
        },
    )


def _back(request, unit_pk: int):
    nxt = request.POST.get("next", "")
    if nxt.startswith("/catalog/"):
        return redirect(nxt)
    return redirect("catalog:unit", pk=unit_pk)


@login_required
@require_POST
def unit_hold(request, pk: int):
    form = _hold_form(request, request.POST)
    if not form.is_valid():
        return unit_detail(request, pk, hold_form=form)
    try:
        unit = services.unit_hold(
            actor=request.user,
            unit_id=pk,
            customer_id=form.cleaned_data.get("customer_id"),
            hours=form.cleaned_data.get("hours"),
        )
    except BusinessRuleError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("已销控保留 %(code)s，保留至 %(until)s。")
            % {"code": unit.code, "until": short_time(unit.held_until)},
        )
    return _back(request, pk)


@login_required
@require_POST
def unit_release(request, pk: int):
    form = ReleaseForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        unit = services.unit_release(actor=request.user, unit_id=pk, reason=reason)
    except BusinessRuleError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("已释放 %(code)s，恢复可售。") % {"code": unit.code})
    return _back(request, pk)


@login_required
def price_list(request):
    project_id = _int(request.GET.get("project"))
    products = selectors.product_list(
        viewer=request.user, filters={"project": project_id, "q": request.GET.get("q", "")}
    )
    page = Paginator(products, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/price_list.html",
        {
            "page": page,
            "projects": selectors.project_list(viewer=request.user),
            "project_id": project_id,
            "q": request.GET.get("q", ""),
            "can_request_price": bool(viewer_of(request.user).roles & PRICE_REQUESTERS),
        },
    )


@login_required
def price_change_list(request):
    status = request.GET.get("status", "")
    qs = selectors.price_change_list(
        viewer=request.user, filters={"status": status if status in RequestStatus.values else None}
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/price_change_list.html",
        {
            "page": page,
            "statuses": RequestStatus.choices,
            "status": status,
            "can_request_price": bool(viewer_of(request.user).roles & PRICE_REQUESTERS),
        },
    )


@login_required
def price_change_new(request):
    initial = {}
    unit_id = _int(request.GET.get("unit"))
    product_id = _int(request.GET.get("product"))
    target = None
    if unit_id:
        target = selectors.unit_get(viewer=request.user, unit_id=unit_id)
    elif product_id:
        target = selectors.product_get(viewer=request.user, product_id=product_id)
    if target is not None:
        initial = {
            "target": target.code,
            "market_price": target.market_price,
            "dealer_floor_price": target.dealer_floor_price,
            "factory_floor_price": target.factory_floor_price,
        }
    form = PriceChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        p_id, u_id = selectors.price_target_by_code(form.cleaned_data["target"])
        if p_id is None and u_id is None:
            form.add_error(
                "target",
                _("未找到该产品编码或房号（房号在多个项目中重复时，请从单位页面申请调价）。"),
            )
        else:
            try:
                pc = services.price_change_create(
                    actor=request.user,
                    product_id=p_id,
                    unit_id=u_id,
                    data=form.cleaned_data,
                    submit="submit" in request.POST,
                )
            except BusinessRuleError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, _error_text(exc))
            else:
                messages.success(
                    request,
                    _("调价申请已提交审批。")
                    if pc.status != RequestStatus.DRAFT
                    else _("已保存草稿。"),
                )
                return redirect("catalog:price_change", pk=pc.pk)
    return render(request, "catalog/price_change_new.html", {"form": form, "target": target})


@login_required
def price_change_detail(request, pk: int):
    pc = selectors.price_change_get(viewer=request.user, change_id=pk)
    approval = approval_selectors.approval_for_object(pc, kind="price_change")
    return render(
        request,
        "catalog/price_change_detail.html",
        {
            "pc": pc,
            "target": pc.unit or pc.product,
            "approval": approval,
            "can_submit": pc.owner_id == request.user.pk and pc.status in services.prices.EDITABLE,
        },
    )


@login_required
@require_POST
def price_change_submit(request, pk: int):
    pc = selectors.price_change_get(viewer=request.user, change_id=pk)
    try:
        services.price_change_submit(actor=request.user, change=pc)
    except BusinessRuleError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("调价申请已提交审批。"))
    return redirect("catalog:price_change", pk=pk)


@login_required
def stock_list(request):
    project_id = _int(request.GET.get("project"))
    qs = selectors.stock_list(viewer=request.user, filters={"project": project_id})
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/stock_list.html",
        {
            "page": page,
            "projects": selectors.stock_projects(viewer=request.user),
            "project_id": project_id,
        },
    )
