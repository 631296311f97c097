"""Contract pages (BR-CON-03…06): list, new from a reservation, detail (classification,
approval, checklist, signing, access log), PDF, borrowing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.approvals import selectors as approval_selectors
from l2c.contracts import policies, printing, selectors, services
from l2c.contracts.forms import ChecklistForm, ContractForm, format_payment_terms
from l2c.contracts.models import (
    AccessKind,
    Contract,
    ContractClass,
    ContractReview,
    ContractStatus,
)
from l2c.contracts.services._common import is_superior_of, may_handle, person_of
from l2c.contracts.services.access import basis
from l2c.core.errors import BusinessRuleError, error_text, flash_error, form_error
from l2c.core.scope import visible_to
from l2c.deals.models import DiscountRequest

KIND = "special_contract"


@login_required
def contract_list(request):
    status = request.GET.get("status", "")
    klass = request.GET.get("classification", "")
    qs = selectors.contract_list(
        viewer=request.user,
        status=status if status in ContractStatus.values else None,
        classification=klass if klass in ContractClass.values else None,
        q=request.GET.get("q", ""),
    )
    qs = approval_selectors.with_approval_request_id(qs, KIND)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/contract_list.html",
        {
            "page": page,
            "statuses": ContractStatus.choices,
            "classes": ContractClass.choices,
            "status": status,
            "classification": klass,
            "q": request.GET.get("q", ""),
            "reason_labels": policies.SPECIAL_REASON_LABELS,
        },
    )


@login_required
def contract_new(request):
    reservation_id = request.GET.get("reservation") or request.POST.get("reservation")
    reservation = (
        selectors.reservation_get(viewer=request.user, reservation_id=reservation_id)
        if reservation_id
        else None
    )
    initial = {}
    if reservation is not None:
        initial = {
            "buyer_name": reservation.customer.name,
            "price": reservation.agreed_price,
            "standard_payment_terms": True,
        }
    form = ContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            contract = services.contract_create(
                actor=request.user,
                reservation_id=reservation.pk if reservation else None,
                quote_id=request.POST.get("quote") or None,
                tender_id=request.POST.get("tender") or None,
                **values,
            )
        except BusinessRuleError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request,
                _("合同已准备（%(c)s）。") % {"c": contract.get_classification_display()},
            )
            return redirect("contracts:contract", pk=contract.pk)
    return render(
        request,
        "contracts/contract_new.html",
        {
            "form": form,
            "reservation": reservation,
            "quote": request.GET.get("quote", ""),
            "tender": request.GET.get("tender", ""),
        },
    )


@login_required
def contract_detail(request, pk: int):
    contract = selectors.contract_get(viewer=request.user, id=pk, via_page="page")
    approval = approval_selectors.approval_for_object(contract, kind=KIND)
    review_steps = []
    if approval is not None:
        rounds, _events = approval_selectors.approval_timeline(approval)
        review_steps = rounds[0].steps if rounds else []
    log = selectors.access_log(contract)
    for entry in log:
        entry.via_label = policies.access_basis_label(entry.via)
        entry.channel_label = policies.ACCESS_CHANNELS.get(entry.note, entry.note)
    discount = contract.list_price - contract.price if contract.price < contract.list_price else 0
    discount_id = contract.reservation.discount_id if contract.reservation_id else None
    discount_visible = bool(discount_id) and (
        visible_to(request.user, DiscountRequest.objects.filter(pk=discount_id)).exists()
    )
    try:
        review = contract.review
    except ContractReview.DoesNotExist:
        review = None
    person = person_of(request.user)
    is_reviewer = contract.owner_id != request.user.pk and is_superior_of(
        person, department_id=contract.department_id, team_id=contract.team_id
    )
    handler = may_handle(request.user, contract)
    editable = handler and contract.status in (ContractStatus.DRAFT, ContractStatus.REVIEW_REJECTED)
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "c": contract,
            "approval": approval,
            "review": review,
            "review_complete": services.review_complete(contract, review),
            "reason_labels": [
                str(policies.SPECIAL_REASON_LABELS[r]) for r in contract.special_reasons
            ],
            "log": log,
            "review_steps": review_steps,
            "discount_amount": discount,
            "discount_percent": policies.discount_percent_of(contract.list_price, contract.price),
            "discount_id": discount_id,
            "discount_visible": discount_visible,
            "can_edit": editable,
            "can_submit": editable,
            "can_review": is_reviewer and contract.status == ContractStatus.READY,
            "can_sign": handler and contract.status == ContractStatus.READY,
            "can_change": handler and contract.status == ContractStatus.SIGNED,
            "edit_form": ContractForm(
                initial={
                    "buyer_name": contract.buyer_name,
                    "price": contract.price,
                    "standard_payment_terms": contract.standard_payment_terms,
                    "payment_terms": format_payment_terms(contract.payment_terms),
                    "clause_changes": contract.clause_changes,
                }
            ),
            "checklist_form": ChecklistForm(
                initial={
                    f: getattr(review, f)
                    for f in (
                        "clauses_and_figures",
                        "signatures_and_seals",
                        "attachments",
                        "special_review_record",
                        "note",
                    )
                }
                if review
                else None
            ),
        },
    )


def _guarded(request, pk: int):
    return selectors.contract_get(viewer=request.user, id=pk, log=None)


@login_required
@require_POST
def contract_update(request, pk: int):
    contract = _guarded(request, pk)
    form = ContractForm(request.POST)
    if form.is_valid():
        try:
            services.contract_update(
                actor=request.user,
                contract_id=pk,
                expected_version=request.POST.get("version") or contract.version,
                **form.values(),
            )
        except BusinessRuleError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("合同已保存。"))
    else:
        messages.error(request, _("请检查输入。"))
    return redirect("contracts:contract", pk=pk)


@login_required
@require_POST
def contract_submit(request, pk: int):
    _guarded(request, pk)
    try:
        contract = services.contract_submit_review(actor=request.user, contract_id=pk)
    except BusinessRuleError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request,
            _("标准合同，可签约。")
            if contract.status == ContractStatus.READY
            else _("特殊合同已提交评审。"),
        )
    return redirect("contracts:contract", pk=pk)


@login_required
@require_POST
def contract_checklist(request, pk: int):
    _guarded(request, pk)
    form = ChecklistForm(request.POST)
    form.is_valid()
    try:
        services.contract_review_checklist(actor=request.user, contract_id=pk, **form.cleaned_data)
    except BusinessRuleError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("复核记录已保存。"))
    return redirect("contracts:contract", pk=pk)


@login_required
@require_POST
def contract_sign(request, pk: int):
    _guarded(request, pk)
    try:
        contract = services.contract_sign(actor=request.user, contract_id=pk)
    except BusinessRuleError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("合同已签约，编号 %(n)s。") % {"n": contract.number})
    return redirect("contracts:contract", pk=pk)


@login_required
@require_POST
def contract_borrow(request, pk: int):
    try:
        services.contract_borrow(
            actor=request.user, contract_id=pk, note=request.POST.get("note", "")
        )
    except BusinessRuleError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已登记借阅原件。"))
    return redirect("contracts:contract", pk=pk)


@login_required
@require_POST
def contract_return(request, pk: int):
    try:
        services.contract_return(
            actor=request.user, contract_id=pk, note=request.POST.get("note", "")
        )
    except BusinessRuleError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已登记归还原件。"))
    contract = Contract.objects.filter(pk=pk).first()
    if contract is not None and basis(request.user, contract):
        return redirect("contracts:contract", pk=pk)
    return redirect("contracts:archive")


@login_required
def contract_pdf(request, pk: int):
    contract = selectors.contract_get(
        viewer=request.user, id=pk, log=AccessKind.PRINT, via_page="page"
    )
    response = HttpResponse(printing.contract_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{contract.number or contract.pk}.pdf"'
    return response
