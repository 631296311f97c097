"""Quote pages (BR-DEAL-03, BR-CAT-02, BR-APR-02): the list, a new quote with its lines,
the quote with its review and discount status, and its actions — submit for review,
request the discount, send, the customer's answer, revise."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import formset_factory
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.approvals import selectors as approval_selectors
from l2c.catalog.models import Product, Unit
from l2c.core.errors import BusinessRuleError, error_text, flash_error
from l2c.deals import selectors, services
from l2c.deals.forms import QuoteLineForm, QuoteTermsForm, ReviseForm
from l2c.deals.models import DiscountStatus, QuoteStatus
from l2c.deals.services.quotes import EDITABLE, REVISABLE, TERMS
from l2c.deals.views._common import PAGE_SIZE, TABS

LINE_ROWS = 5
LineFormSet = formset_factory(QuoteLineForm, extra=0, max_num=50)


def _products():
    return list(Product.objects.filter(active=True).only("id", "name", "code").order_by("code"))


def _line_formset(data=None, initial=None):
    products = _products()
    rows = initial or []
    return LineFormSet(
        data,
        prefix="lines",
        initial=rows + [{} for _i in range(max(LINE_ROWS - len(rows), 1))]
        if data is None
        else None,
        form_kwargs={"products": products},
    )


def _lines_from(formset) -> list[dict]:
    """The filled rows as service input (the unit found by its code within the product)."""
    lines = []
    for i, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data.get("product"):
            continue
        row = {
            "product": data["product"],
            "quantity": data.get("quantity") or 1,
            "unit_price": data.get("unit_price"),
        }
        code = (data.get("unit_code") or "").strip()
        if code:
            unit = Unit.objects.filter(product_id=data["product"], code=code).first()
            if unit is None:
                raise BusinessRuleError(
                    "BR-DEAL-03",
                    _("第 %(n)s 行：该产品下没有编号为 %(c)s 的单位。") % {"n": i + 1, "c": code},
                )
            row["unit"] = unit.pk
        lines.append(row)
    return lines


@login_required
def quote_list(request):
    status = request.GET.get("status", "")
    qs = selectors.quote_list(
        viewer=request.user, status=status if status in QuoteStatus.values else None
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "deals/quote_list.html",
        {"tabs": TABS, "page": page, "statuses": QuoteStatus.choices, "status": status},
    )


@login_required
def quote_new(request):
    opp = selectors.opportunity_get(
        viewer=request.user, opportunity_id=request.GET.get("opportunity") or 0
    )
    terms = QuoteTermsForm(request.POST or None)
    lines = _line_formset(request.POST or None)
    error = ""
    if request.method == "POST" and terms.is_valid() and lines.is_valid():
        try:
            quote = services.quote_create(
                actor=request.user,
                opportunity_id=opp.pk,
                lines=_lines_from(lines),
                data=terms.cleaned_data,
            )
        except BusinessRuleError as exc:
            error = error_text(exc)
        else:
            messages.success(request, _("报价单已保存，请提交审核。"))
            return redirect("deals:quote", pk=quote.pk)
    return render(
        request,
        "deals/quote_new.html",
        {"tabs": TABS, "opp": opp, "terms": terms, "lines": lines, "error": error},
    )


@login_required
def quote_detail(request, pk: int):
    quote = selectors.quote_get(viewer=request.user, quote_id=pk)
    mine = quote.owner_id == request.user.pk
    approval = approval_selectors.approval_for_object(quote, kind="quote")
    discounts = list(selectors.quote_discount_requests(quote))
    covered = services.discount_covered(quote)
    in_approval = any(d.status == DiscountStatus.IN_APPROVAL for d in discounts)
    revise_lines = None
    if mine and quote.status in REVISABLE:
        revise_lines = _line_formset(
            initial=[
                {
                    "product": ln.product_id,
                    "unit_code": ln.unit.code if ln.unit_id else "",
                    "quantity": ln.quantity,
                    "unit_price": ln.unit_price,
                }
                for ln in selectors.quote_lines(quote)
            ]
        )
    return render(
        request,
        "deals/quote_detail.html",
        {
            "tabs": TABS,
            "quote": quote,
            "lines": selectors.quote_lines(quote),
            "approval": approval,
            "discounts": discounts,
            "covered": covered,
            "revisions": selectors.quote_revisions(quote),
            "mine": mine,
            "can_submit": mine and quote.status in EDITABLE,
            "can_request_discount": mine
            and quote.discount_needed
            and not covered
            and not in_approval
            and quote.status in EDITABLE | {QuoteStatus.IN_REVIEW, QuoteStatus.REVIEWED},
            "can_send": mine and quote.status == QuoteStatus.REVIEWED,
            "can_answer": quote.status == QuoteStatus.SENT,
            "revise_form": ReviseForm() if revise_lines is not None else None,
            "revise_terms": QuoteTermsForm(initial={k: getattr(quote, k) for k in TERMS})
            if revise_lines is not None
            else None,
            "revise_lines": revise_lines,
        },
    )


ACTIONS = {
    "submit": (lambda r, pk: services.quote_submit(actor=r.user, quote_id=pk), _("已提交审核。")),
    "request_discount": (
        lambda r, pk: services.quote_request_discount(
            actor=r.user, quote_id=pk, reason=r.POST.get("reason", "")
        ),
        _("优惠申请已提交审批。"),
    ),
    "send": (lambda r, pk: services.quote_send(actor=r.user, quote_id=pk), _("报价单已发出。")),
    "accept": (
        lambda r, pk: services.quote_accept(actor=r.user, quote_id=pk, note=r.POST.get("note", "")),
        _("已登记：客户接受报价。"),
    ),
    "decline": (
        lambda r, pk: services.quote_decline(
            actor=r.user, quote_id=pk, reason=r.POST.get("reason", "")
        ),
        _("已登记：客户未接受报价。"),
    ),
}


@login_required
@require_POST
def quote_action(request, pk: int, action: str):
    quote = selectors.quote_get(viewer=request.user, quote_id=pk)
    if action not in ACTIONS:
        return redirect("deals:quote", pk=quote.pk)
    run, done = ACTIONS[action]
    try:
        run(request, quote.pk)
    except BusinessRuleError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, done)
    return redirect("deals:quote", pk=quote.pk)


@login_required
@require_POST
def quote_revise(request, pk: int):
    quote = selectors.quote_get(viewer=request.user, quote_id=pk)
    form = ReviseForm(request.POST)
    terms = QuoteTermsForm(request.POST)
    lines = _line_formset(request.POST)
    if not (form.is_valid() and terms.is_valid() and lines.is_valid()):
        messages.error(request, _("请填写变更原因并检查各项。"))
        return redirect("deals:quote", pk=quote.pk)
    try:
        new = services.quote_revise(
            actor=request.user,
            quote_id=quote.pk,
            changes={**terms.cleaned_data, "lines": _lines_from(lines)},
            reason=form.cleaned_data["reason"],
        )
    except BusinessRuleError as exc:
        flash_error(request, exc)
        return redirect("deals:quote", pk=quote.pk)
    messages.success(request, _("已生成修订版，请重新提交审核。"))
    return redirect("deals:quote", pk=new.pk)
