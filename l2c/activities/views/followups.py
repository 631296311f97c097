"""Follow-up pages (BR-CUS-04, 05) and the A/B tracking table (BR-CUS-02)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c import policy
from l2c.activities import selectors, services
from l2c.activities.forms import (
    FollowUpForm,
    FollowUpPickForm,
    TrackingReviewForm,
    now_local,
)
from l2c.activities.models import FollowUpKind
from l2c.activities.selectors.todo import customer_url
from l2c.activities.services._common import LEADER_ROLES
from l2c.activities.views._common import TABS, page_of
from l2c.core.errors import BusinessRuleError, flash_error, form_error
from l2c.core.scope import viewer_of
from l2c.customers import selectors as customer_selectors
from l2c.customers.models import CardState
from l2c.customers.policies import VOID_REASONS
from l2c.customers.selectors import my_customers


def _card(customer, now):
    state = customer_selectors.card_state(customer, now)
    return {
        "state": state,
        "label": CardState(state).label,
        "reason": VOID_REASONS.get(customer.void_reason, ""),
    }


@login_required
def follow_up_new(request, customer_id: int):
    customer = customer_selectors.customer_get(viewer=request.user, customer_id=customer_id)
    now = timezone.now()
    is_owner = customer.owner_id == request.user.pk
    is_leader = bool(viewer_of(request.user).roles & LEADER_ROLES) and not is_owner
    form = FollowUpForm(request.POST or None, initial={"at": now_local(), "kind": "call"})
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services.follow_up_record(
                actor=request.user, customer_id=customer.pk, **form.cleaned_data
            )
        except BusinessRuleError as exc:
            form_error(form, exc)
        else:
            state = customer_selectors.card_state(follow_up.customer, timezone.now())
            if state == "void" and follow_up.customer.void_reason == "message_only":
                messages.warning(
                    request, _("连续短信回访视为无效回访：该客户卡已作废（BR-CUS-05）。")
                )
            elif follow_up.counted and follow_up.real:
                messages.success(request, _("跟进已记录，回访期限已重新计算。"))
            else:
                messages.success(request, _("跟进已记录（不计入保护期）。"))
            return redirect("activities:follow_up_new", customer_id=customer.pk)
    return render(
        request,
        "activities/follow_up_new.html",
        {
            "tabs": TABS,
            "customer": customer,
            "card": _card(customer, now),
            "form": form,
            "is_owner": is_owner,
            "may_note": is_owner or is_leader,
            "history": selectors.customer_follow_ups(customer)[:20],
            "customer_url": customer_url(customer.pk),
        },
    )


@login_required
def follow_up_list(request):
    scope = selectors.clean_scope(request.user, request.GET.get("scope") or "mine")
    kind = request.GET.get("kind", "")
    qs = selectors.follow_up_list(
        viewer=request.user, scope=scope, kind=kind if kind in FollowUpKind.values else None
    )
    page = page_of(request, qs)
    return render(
        request,
        "activities/follow_up_list.html",
        {
            "tabs": TABS,
            "page": page,
            "scope": scope,
            "scopes": selectors.scopes_for(request.user),
            "kind": kind,
            "kinds": FollowUpKind.choices,
            "pick_form": FollowUpPickForm(customers=my_customers(request.user)),
        },
    )


@login_required
def follow_up_pick(request):
    """The customer picker of the follow-up list: go to that customer's form; without a
    customer chosen, back to the list with the reason (nothing is opened or recorded)."""
    form = FollowUpPickForm(request.GET, customers=my_customers(request.user))
    if form.is_valid():
        return redirect("activities:follow_up_new", customer_id=form.cleaned_data["customer"])
    messages.error(request, " ".join(form.errors["customer"]))
    return redirect("activities:follow_ups")


@login_required
def tracking(request):
    scope = selectors.clean_scope(request.user, request.GET.get("scope"))
    flag = request.GET.get("flag", "")
    now = timezone.now()
    qs = selectors.tracking_table(viewer=request.user, scope=scope, flag=flag, now=now)
    qs = qs.order_by("klass", F("last_follow_up_at").asc(nulls_first=True), "id")
    page = page_of(request, qs)
    return render(
        request,
        "activities/tracking.html",
        {
            "tabs": TABS,
            "page": page,
            "rows": selectors.tracking_rows(page.object_list, now=now),
            "scope": scope,
            "scopes": selectors.scopes_for(request.user),
            "flag": flag,
            "classes": policy.value("customers.tracking_classes"),
            "may_review": bool(viewer_of(request.user).roles & LEADER_ROLES),
            "today": timezone.localdate(now),
        },
    )


@login_required
def tracking_customer(request, customer_id: int):
    customer = customer_selectors.customer_get(viewer=request.user, customer_id=customer_id)
    now = timezone.now()
    may_review = (
        bool(viewer_of(request.user).roles & LEADER_ROLES)
        and customer.owner_id not in (None, request.user.pk)
        and customer.klass in policy.value("customers.tracking_classes")
    )
    return render(
        request,
        "activities/tracking_customer.html",
        {
            "tabs": TABS,
            "customer": customer,
            "card": _card(customer, now),
            "follow_ups": selectors.customer_follow_ups(customer)[:200],
            "reviews": selectors.customer_reviews(customer)[:50],
            "form": TrackingReviewForm() if may_review else None,
            "customer_url": customer_url(customer.pk),
            "today": timezone.localdate(now),
            "interval": policy.value("customers.follow_up_interval_days"),
        },
    )


@login_required
@require_POST
def tracking_review(request, customer_id: int):
    form = TrackingReviewForm(request.POST)
    if form.is_valid():
        try:
            services.tracking_review_create(
                actor=request.user,
                customer_id=customer_id,
                comment=form.cleaned_data["comment"],
            )
        except BusinessRuleError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("已审阅客户追踪表。"))
    return redirect("activities:tracking_customer", customer_id=customer_id)


@login_required
@require_POST
def follow_up_confirm(request, pk: int):
    """BR-CUS-04a: the supervisor confirms a follow-up (the switch is on)."""
    try:
        services.follow_up_confirm(actor=request.user, follow_up_id=pk)
    except BusinessRuleError as exc:
        messages.error(request, f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message))
    else:
        messages.success(request, _("跟进已确认。"))
    return redirect("activities:follow_ups")
