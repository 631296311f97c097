"""The customer list with its scope tabs, the public pool, the customer page and the new
customer form (BR-CUS-01…10, BR-RPT-05). Thin: selectors to read, services to act."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError
from l2c.core.paging import CappedPaginator
from l2c.core.scope import can_see, viewer_of
from l2c.customers import selectors, services, timeline
from l2c.customers.archive import approval_request_of, may_request_archive
from l2c.customers.display import Shown, already_owned_message, duplicate_message, owner_name
from l2c.customers.forms import (
    ContactForm,
    CustomerEditForm,
    CustomerFilterForm,
    CustomerRegisterForm,
    LostForm,
    ReasonForm,
    TransferForm,
    show_error,
)
from l2c.customers.models import OPEN_ARCHIVE_STATUSES
from l2c.customers.policies import VOID_REASONS, mask_mobile
from l2c.customers.views._common import (
    PAGE_SIZE,
    claim_allowance,
    follow_up_url,
    owner_choices,
    permissions,
    register,
    scopes_for,
    tabs_for,
)


def _list_context(request, scope: str) -> dict:
    shown = Shown.for_viewer(request.user)
    owners = (
        owner_choices(request.user, scope=scope) if scope in ("team", "department", "all") else []
    )
    form = CustomerFilterForm(request.GET or None, owners=owners)
    filters = form.filters() if request.GET else {}
    qs = selectors.customer_list(viewer=request.user, scope=scope, now=shown.now, **filters)
    paginator = CappedPaginator(selectors.list_rows(qs), PAGE_SIZE, count_from=qs)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = shown.rows(page.object_list)
    return {
        "scope": scope,
        "tabs": tabs_for(request.user),
        "form": form,
        "page": page,
        "shown": shown,
        "query": request.GET.urlencode(),
        "filtered": any(filters.values()) if filters else False,
    }


@login_required
def customer_list(request):
    scopes = scopes_for(request.user)
    scope = request.GET.get("scope") or (scopes[0] if scopes else "")
    if scope == "pool":
        return redirect(f"{reverse('customers:pool')}?{request.GET.urlencode()}")
    if scope not in scopes:
        scope = scopes[0] if scopes else ""
    if not scope:
        return render(request, "customers/list.html", {"tabs": [], "scope": ""})
    return render(request, "customers/list.html", _list_context(request, scope))


@login_required
def customer_pool(request):
    if "pool" not in scopes_for(request.user):
        return render(request, "customers/list.html", {"tabs": tabs_for(request.user), "scope": ""})
    ctx = _list_context(request, "pool")
    if viewer_of(request.user).roles & services.OWNER_ROLES:
        ctx["allowance"] = claim_allowance(request.user, ctx["shown"].now)
    return render(request, "customers/pool.html", ctx)


def _confirmation(user, customer) -> dict:
    from l2c.core.roles import LEADER_ROLES
    from l2c.core.scope import viewer_of

    if not services.confirmation_required():
        return {"on": False}
    leader = bool(viewer_of(user).roles & LEADER_ROLES) and customer.owner_id != user.pk
    return {
        "on": True,
        "pending": customer.owner_id is not None and customer.confirmed_at is None,
        "may_confirm": leader,
    }


def _detail_context(request, customer, **extra) -> dict:
    shown = Shown.for_viewer(request.user)
    (customer,) = shown.decorate([customer])
    can = permissions(request.user, customer, shown)
    terms = services.terms(shown.now)
    follow_due = None
    if customer.owner_id and customer.deal_at is None and not customer.locked:
        start = customer.owned_since or customer.registered_at
        follow_due = (
            customer.last_contact_at + dt.timedelta(days=terms.follow_up_interval_days)
            if customer.last_contact_at
            else start + dt.timedelta(days=terms.first_follow_up_days)
        )
    contacts = list(customer.contacts.all().order_by("id"))
    for c in contacts:
        c.shown_mobile = c.mobile if shown.owns(customer) else mask_mobile(c.mobile)
    owner = shown.owns(customer)
    ctx = {
        "customer": customer,
        "shown": shown,
        "can": can,
        "owner": owner,
        "shown_id_number": shown.id_number(customer),
        "follow_due": follow_due,
        "void_reason": VOID_REASONS.get(customer.void_reason, ""),
        "contacts": contacts,
        "ownership": list(selectors.ownership_history(customer)),
        "duplicates": list(selectors.duplicate_cards(customer)),
        "timeline": timeline.entries_for(customer),
        "follow_up_url": follow_up_url(customer.pk) if can.edit else "",
        "edit_form": CustomerEditForm(customer=customer, owner=owner) if can.edit else None,
        "lost_form": LostForm(initial={"version": customer.version}) if can.lost else None,
        "transfer_form": TransferForm(people=_transfer_people(request.user, customer))
        if can.transfer
        else None,
        "lock_form": ReasonForm(prefix="lock"),
        "archive_form": ReasonForm(prefix="archive"),
        **_archive_request_context(request.user, customer),
        "contact_form": ContactForm() if can.contacts else None,
        "revealed": {},
        # BR-CUS-04a: the switch is on and a leader may confirm the card / a registration
        "confirmation": _confirmation(request.user, customer),
    }
    ctx.update(extra)
    return ctx


def _archive_request_context(user, customer) -> dict:
    """BR-CUS-09: the latest request to archive the file (its status and the approval it is
    in), and the form to ask when the viewer may and none is open."""
    latest = customer.archive_requests.select_related("owner__person").order_by("-id").first()
    approval = approval_request_of(latest) if latest is not None else None
    open_ = latest is not None and latest.status in OPEN_ARCHIVE_STATUSES
    may_request = not open_ and may_request_archive(user, customer)
    return {
        "archive_request": latest,
        "archive_request_open": open_,
        "archive_approval_url": reverse("approvals:request", args=[approval.pk])
        if approval
        else "",
        "archive_request_form": ReasonForm(prefix="archive_request") if may_request else None,
    }


def _transfer_people(user, customer):
    return [(uid, label) for uid, label in owner_choices(user) if uid != customer.owner_id]


@login_required
def customer_detail(request, pk: int):
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    return render(request, "customers/detail.html", _detail_context(request, customer))


def render_detail(request, customer, *, status: int = 200, **extra):
    """The customer page with a form that failed (or a revealed value) in place."""
    return render(
        request, "customers/detail.html", _detail_context(request, customer, **extra), status=status
    )


@login_required
def customer_new(request):
    v = viewer_of(request.user)
    desk = bool(v.roles & services.DESK_ROLES) or v.is_superuser
    owners = owner_choices(request.user) if desk else None
    form = CustomerRegisterForm(request.POST or None, owners=owners)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            registration = register(
                actor=request.user,
                data=form.service_data(),
                owner_id=form.cleaned_data.get("owner") or None,
                channel=form.chosen_channel(),
            )
        except BusinessRuleError as exc:
            show_error(form, exc)
        else:
            if registration.already_owned:
                customer = registration.customer
                messages.info(request, already_owned_message(customer))
                return redirect("customers:detail", pk=customer.pk)
            if registration.duplicate is None:
                t = services.terms()
                messages.success(
                    request,
                    (_("客户已建档。") if registration.created else _("原卡已失效，已重新建档。"))
                    + _("保护期 %(p)s 天，请在 %(f)s 天内完成首次回访。")
                    % {"p": t.protection_days, "f": t.first_follow_up_days},
                )
                customer = registration.customer
                if customer.owner_id == request.user.pk or can_see(request.user, customer):
                    return redirect("customers:detail", pk=customer.pk)
                return redirect("customers:list")
            result = _duplicate_result(registration)
            form = CustomerRegisterForm(owners=owners)  # recorded as a duplicate card: done
    return render(
        request,
        "customers/new.html",
        {"form": form, "result": result, "terms": services.terms()},
    )


def _duplicate_result(registration) -> dict:
    """What the registering rep may learn of a duplicate (BR-CUS-03, 10): who, not what."""
    dup = registration.duplicate
    customer = registration.customer
    shown = Shown.for_viewer(dup.registered_by)
    message = duplicate_message(owner_name(customer), shown.state(customer))
    return {
        "message": message,
        "note": dup.note,
        "similar": [owner_name(c) or _("公海") for c in registration.similar],
    }
