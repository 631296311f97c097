"""Opportunity pages (BR-DEAL-01): the pipeline by stage with a funnel count, one
opportunity with its history, quotes and tenders, and the stage move."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.core.errors import BusinessRuleError, flash_error, form_error
from l2c.customers.selectors import my_customers
from l2c.deals import selectors, services
from l2c.deals.forms import MoveForm, OpportunityForm
from l2c.deals.models import OpportunityStage
from l2c.deals.services._common import is_leader_over
from l2c.deals.services.opportunities import CLOSED_STAGES
from l2c.deals.views._common import PAGE_SIZE, TABS

#: a manual move may go anywhere but to 赢单 (won needs a reservation or a contract)
MOVABLE = [(s.value, s.label) for s in OpportunityStage if s != OpportunityStage.WON]


@login_required
def opportunity_list(request):
    stage = request.GET.get("stage", "")
    search = request.GET.get("q", "").strip()[:50]
    qs = selectors.opportunity_list(
        viewer=request.user,
        stage=stage if stage in OpportunityStage.values else None,
        search=search or None,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    funnel = selectors.opportunity_funnel(viewer=request.user)
    top = max((f.count for f in funnel), default=0) or 1
    return render(
        request,
        "deals/opportunity_list.html",
        {
            "tabs": TABS,
            "page": page,
            "funnel": [(f, round(f.count * 100 / top)) for f in funnel],
            "stage": stage,
            "q": search,
        },
    )


@login_required
def opportunity_new(request):
    customers = my_customers(request.user)
    form = OpportunityForm(
        request.POST or None,
        customers=customers,
        initial={"customer": request.GET.get("customer")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        customer_id = data.pop("customer")
        try:
            opp = services.opportunity_create(
                actor=request.user, customer_id=customer_id, data=data
            )
        except BusinessRuleError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("商机已建立。"))
            return redirect("deals:opportunity", pk=opp.pk)
    return render(request, "deals/opportunity_new.html", {"tabs": TABS, "form": form})


@login_required
def opportunity_detail(request, pk: int):
    opp = selectors.opportunity_get(viewer=request.user, opportunity_id=pk)
    quotes = selectors.quote_list(viewer=request.user, opportunity_id=opp.pk)
    tenders = opp.tenders.all().order_by("-opening_at")
    can_edit = opp.stage not in CLOSED_STAGES and (
        opp.owner_id == request.user.pk or is_leader_over(request.user, opp)
    )
    return render(
        request,
        "deals/opportunity_detail.html",
        {
            "tabs": TABS,
            "opp": opp,
            "changes": selectors.stage_changes(opp),
            "quotes": quotes,
            "tenders": tenders,
            "move_form": MoveForm(stages=[s for s in MOVABLE if s[0] != opp.stage])
            if can_edit
            else None,
            "can_quote": can_edit and opp.owner_id == request.user.pk,
            "stages": list(OpportunityStage),
        },
    )


@login_required
@require_POST
def opportunity_move(request, pk: int):
    opp = selectors.opportunity_get(viewer=request.user, opportunity_id=pk)
    try:
        services.opportunity_move(
            actor=request.user,
            opportunity_id=opp.pk,
            stage=request.POST.get("stage", ""),
            reason=request.POST.get("reason", ""),
            expected_version=request.POST.get("version") or None,
        )
    except BusinessRuleError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("阶段已变更。"))
    return redirect("deals:opportunity", pk=opp.pk)
