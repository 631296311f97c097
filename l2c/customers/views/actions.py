"""The actions on a customer page (POST only): edit, mark lost, reveal (BR-CUS-10), claim,
transfer, lock / unlock (BR-CUS-07), archive and the request to archive (BR-CUS-09) and
contacts. Each is one call
to a service; a refusal goes back to the page, in the form or as a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.customers import selectors, services
from l2c.customers.archive import customer_archive, customer_archive_request
from l2c.customers.display import Shown
from l2c.customers.forms import (
    ContactForm,
    CustomerEditForm,
    LostForm,
    ReasonForm,
    TransferForm,
    show_error,
)
from l2c.customers.views._common import owner_choices, permissions, refuse
from l2c.customers.views.pages import render_detail


def _back(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return default


@login_required
@require_POST
def customer_edit(request, pk: int):
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    owner = Shown.for_viewer(request.user).owns(customer)
    form = CustomerEditForm(request.POST, customer=customer, owner=owner)
    if form.is_valid():
        try:
            services.customer_update(
                actor=request.user,
                customer_id=customer.pk,
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
            )
        except BusinessRuleError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("客户资料已保存。"))
            return redirect("customers:detail", pk=pk)
    return render_detail(request, customer, edit_form=form, edit_open=True)


@login_required
@require_POST
def customer_mark_lost(request, pk: int):
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    form = LostForm(request.POST)
    if form.is_valid():
        try:
            services.customer_update(
                actor=request.user,
                customer_id=customer.pk,
                data={"stage": "lost", "lost_reason": form.cleaned_data["lost_reason"]},
                expected_version=form.cleaned_data["version"],
            )
        except BusinessRuleError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("已标记为流失客户。"))
            return redirect("customers:detail", pk=pk)
    return render_detail(request, customer, lost_form=form, lost_open=True)


@login_required
@require_POST
def customer_reveal(request, pk: int):
    """Show a masked field in full, audited (BR-CUS-10). Only for a viewer whose scope holds
    the customer: a pooled customer is revealed to whoever claims it, not before."""
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    field = request.POST.get("field", "")
    shown = Shown.for_viewer(request.user)
    if not permissions(request.user, customer, shown).reveal and not shown.owns(customer):
        raise PermissionDeniedError("BR-CUS-10", _("公海客户领取后才能查看完整联系方式。"))
    value = services.customer_reveal(actor=request.user, customer=customer, field=field)
    if request.htmx:
        return render(
            request,
            "customers/detail.html#revealed",
            {"field": field, "value": value, "customer": customer},
        )
    return render_detail(request, customer, revealed={field: value})


@login_required
@require_POST
def customer_claim(request, pk: int):
    try:
        services.customer_claim(actor=request.user, customer_id=pk)
    except BusinessRuleError as exc:
        refuse(request, exc)
        return _back(request, redirect("customers:pool"))
    days = services.terms().first_follow_up_days
    messages.success(request, _("已从公海领取，请在 %(d)s 天内完成首次回访。") % {"d": days})
    return _back(request, redirect("customers:detail", pk=pk))


@login_required
@require_POST
def customer_transfer(request, pk: int):
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    people = [(u, n) for u, n in owner_choices(request.user) if u != customer.owner_id]
    form = TransferForm(request.POST, people=people)
    if form.is_valid():
        try:
            services.customer_transfer(
                actor=request.user,
                customer_id=pk,
                to_user_id=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
            )
        except BusinessRuleError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("客户已转移。"))
            return redirect("customers:detail", pk=pk)
    return render_detail(request, customer, transfer_form=form, transfer_open=True)


def _lock(request, pk: int, locked: bool):
    selectors.customer_get(viewer=request.user, customer_id=pk)
    form = ReasonForm(request.POST, prefix="lock")
    if not form.is_valid():
        messages.error(request, _("请填写原因。"))
        return redirect("customers:detail", pk=pk)
    try:
        services.customer_set_lock(
            actor=request.user, customer_id=pk, locked=locked, reason=form.cleaned_data["reason"]
        )
    except BusinessRuleError as exc:
        refuse(request, exc)
    else:
        messages.success(
            request, _("客户已锁定，不会掉入公海。") if locked else _("已解锁，回访时限重新起算。")
        )
    return redirect("customers:detail", pk=pk)


@login_required
@require_POST
def customer_lock(request, pk: int):
    return _lock(request, pk, True)


@login_required
@require_POST
def customer_unlock(request, pk: int):
    return _lock(request, pk, False)


@login_required
@require_POST
def customer_archive_view(request, pk: int):
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    form = ReasonForm(request.POST, prefix="archive")
    if not form.is_valid():
        messages.error(request, _("请填写归档原因。"))
        return redirect("customers:detail", pk=pk)
    try:
        customer_archive(
            actor=request.user, customer_id=customer.pk, reason=form.cleaned_data["reason"]
        )
    except BusinessRuleError as exc:
        refuse(request, exc)
        return redirect("customers:detail", pk=pk)
    messages.success(request, _("客户档案“%(name)s”已归档。") % {"name": customer.name})
    return redirect("customers:list")


@login_required
@require_POST
def customer_archive_request_view(request, pk: int):
    """The owner or a leader asks the GM to archive the file, with a reason (BR-CUS-09)."""
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    form = ReasonForm(request.POST, prefix="archive_request")
    if not form.is_valid():
        messages.error(request, _("请填写归档原因。"))
        return redirect("customers:detail", pk=pk)
    try:
        customer_archive_request(
            actor=request.user, customer_id=customer.pk, reason=form.cleaned_data["reason"]
        )
    except BusinessRuleError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("归档申请已提交，等待总经理审批。"))
    return redirect("customers:detail", pk=pk)


@login_required
@require_POST
def customer_contact_add(request, pk: int):
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(actor=request.user, customer_id=pk, data=form.cleaned_data)
        except BusinessRuleError as exc:
            show_error(form, exc)
        else:
            messages.success(request, _("联系人已添加。"))
            return redirect("customers:detail", pk=pk)
    return render_detail(request, customer, contact_form=form, contact_open=True)


@login_required
@require_POST
def customer_contact_edit(request, pk: int, contact_id: int):
    """Correct a contact; a blank mobile keeps the number on file (BR-CUS-08, BR-CUS-10)."""
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    form = ContactForm(request.POST, mobile_optional=True)
    if form.is_valid():
        try:
            services.contact_update(
                actor=request.user,
                customer_id=customer.pk,
                contact_id=contact_id,
                data=form.cleaned_data,
            )
        except BusinessRuleError as exc:
            messages.error(
                request, f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message)
            )
        else:
            messages.success(request, _("联系人已修改。"))
    else:
        messages.error(request, _("请填写联系人姓名。"))
    return redirect(f"{reverse('customers:detail', args=[customer.pk])}#contacts")


@login_required
@require_POST
def customer_contact_remove(request, pk: int, contact_id: int):
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    try:
        services.contact_remove(actor=request.user, customer_id=customer.pk, contact_id=contact_id)
    except BusinessRuleError as exc:
        messages.error(request, f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message))
    else:
        messages.success(request, _("联系人已删除。"))
    return redirect(f"{reverse('customers:detail', args=[customer.pk])}#contacts")


@login_required
@require_POST
def customer_confirm(request, pk: int):
    """BR-CUS-04a: the supervisor confirms the owner's card."""
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    try:
        services.customer_confirm_registration(actor=request.user, customer_id=customer.pk)
    except BusinessRuleError as exc:
        messages.error(request, f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message))
    else:
        messages.success(request, _("客户卡已确认。"))
    return redirect("customers:detail", pk=pk)


@login_required
@require_POST
def duplicate_confirm(request, pk: int, duplicate_id: int):
    """BR-CUS-04a: the supervisor confirms a competing registration (it may win)."""
    customer = selectors.customer_get(viewer=request.user, customer_id=pk)
    if not customer.duplicates.filter(pk=duplicate_id).exists():
        raise Http404
    try:
        services.duplicate_confirm(actor=request.user, duplicate_id=duplicate_id)
    except BusinessRuleError as exc:
        messages.error(request, f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message))
    else:
        messages.success(request, _("该登记已确认；以确认在先的登记为准。"))
    return redirect("customers:detail", pk=pk)
