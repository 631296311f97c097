"""Finance pages: money records with daily totals, 收款登记, the receipt with 打印 (PDF),
定金转房款 (BR-FIN-08), refunds (BR-CON-07) and voiding. Thin: services write, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.core.errors import BusinessRuleError
from l2c.core.money import yuan
from l2c.core.paging import CappedPaginator
from l2c.core.scope import viewer_of
from l2c.finance import selectors, services
from l2c.finance.forms import ConvertForm, MoneyFilterForm, ReceiveForm, RefundForm, VoidForm
from l2c.finance.models import Direction, MoneyKind, ReceiptStatus
from l2c.finance.printing import receipt_pdf


def _is_finance(user) -> bool:
    viewer = viewer_of(user)
    return bool(viewer.roles & services.FINANCE_ROLES or viewer.is_superuser)


def _error_text(exc: BusinessRuleError) -> str:
    return f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message)


def _form_error(form, exc: BusinessRuleError, fields: dict[str, str] | None = None) -> None:
    field = (fields or {}).get(exc.field or "", exc.field)
    form.add_error(field if field in form.fields else None, _error_text(exc))


@login_required
def money_list(request):
    form = MoneyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.money_list(viewer=request.user, filters=filters)
    page = CappedPaginator(qs, 30).get_page(request.GET.get("page"))
    totals = selectors.daily_totals(viewer=request.user, filters=filters)[:14]
    return render(
        request,
        "finance/money_list.html",
        {
            "page": page,
            "form": form,
            "totals": totals,
            "is_finance": _is_finance(request.user),
        },
    )


def _prefill(reservation) -> dict:
    received = selectors.deposits_received([reservation.pk]).get(reservation.pk)
    outstanding = reservation.deposit_amount - (received or 0)
    return {
        "reservation_number": reservation.number,
        "kind": reservation.kind,
        "amount": f"{max(outstanding, 0):.2f}",
        "payer": reservation.customer.name,
    }


def _fee_prefill(number: str) -> dict | None:
    """收款登记 for a transfer fee (BR-CON-07): the contract, the approved fee, the new
    buyer as the payer."""
    from l2c.contracts import selectors as contracts

    contract = selectors.contract_by_number(number) if number else None
    change = contracts.name_change_fee_due(contract.pk) if contract else None
    if change is None:
        return None
    return {
        "contract_number": contract.number,
        "kind": MoneyKind.NAME_CHANGE_FEE,
        "amount": f"{change.fee:.2f}",
        "payer": change.new_buyer_name,
        "method": "bank",
    }


@login_required
def receive(request):
    services.require_finance(request.user)
    chosen = None
    if request.method == "POST":
        form = ReceiveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = _receive(request, data)
            except BusinessRuleError as exc:
                _form_error(
                    form,
                    exc,
                    {"reservation": "reservation_number", "contract": "contract_number"},
                )
            else:
                if record.duplicate:
                    messages.info(
                        request,
                        _("流水号 %(ref)s 已登记为收据 %(n)s，本次未重复入账（BR-FIN-06）。")
                        % {"ref": record.bank_ref, "n": record.number},
                    )
                else:
                    messages.success(
                        request, _("已登记收款，收据号 %(n)s。") % {"n": record.number}
                    )
                return redirect("finance:receipt", number=record.number)
    else:
        number = request.GET.get("reservation", "")
        chosen = selectors.reservation_by_number(number) if number else None
        initial = _prefill(chosen) if chosen else {"method": "bank"}
        fee = _fee_prefill(request.GET.get("contract", "")) if not chosen else None
        form = ReceiveForm(initial=fee or initial)
    q = request.GET.get("q", "")
    awaiting = selectors.reservations_awaiting_money(viewer=request.user, q=q)
    return render(
        request,
        "finance/receive.html",
        {"form": form, "awaiting": awaiting, "q": q, "chosen": chosen},
    )


def _receive(request, data: dict):
    reservation_id = contract_id = None
    if data.get("reservation_number"):
        reservation = selectors.reservation_by_number(data["reservation_number"])
        if reservation is None:
            raise BusinessRuleError(
                "BR-CON-01", _("认购书编号不存在。"), field="reservation_number"
            )
        reservation_id = reservation.pk
    if data.get("contract_number"):
        contract = selectors.contract_by_number(data["contract_number"])
        if contract is None:
            raise BusinessRuleError("BR-CON-03", _("合同编号不存在。"), field="contract_number")
        contract_id = contract.pk
    return services.money_receive(
        actor=request.user,
        kind=data["kind"],
        amount=data["amount"],
        payer=data["payer"],
        method=data["method"],
        bank_ref=data.get("bank_ref") or "",
        at=data.get("at"),
        reservation_id=reservation_id,
        contract_id=contract_id,
        note=data.get("note") or "",
    )


@login_required
def receipt_detail(request, number: str):
    record = selectors.receipt_by_number(viewer=request.user, number=number)
    finance = _is_finance(request.user)
    valid_in = record.status == ReceiptStatus.VALID and record.direction == Direction.IN
    followers = list(selectors.money_list(viewer=request.user, filters={}).filter(related=record))
    return render(
        request,
        "finance/receipt_detail.html",
        {
            "record": record,
            "followers": followers,
            "can_void": finance and services.may_void(record),
            "can_refund": finance and valid_in,
            "can_convert": finance and valid_in and record.kind in services.DEPOSIT_KINDS,
            "refund_form": RefundForm(
                initial={"amount": f"{record.amount:.2f}", "method": record.method}
            ),
            "void_form": VoidForm(),
            "convert_form": ConvertForm(initial={"receipt_number": record.number}),
        },
    )


@login_required
def receipt_pdf_view(request, number: str):
    record = selectors.receipt_by_number(viewer=request.user, number=number)
    response = HttpResponse(receipt_pdf(record), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{record.number}.pdf"'
    return response


@login_required
@require_POST
def receipt_void(request, number: str):
    selectors.receipt_by_number(viewer=request.user, number=number)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写作废原因。"))
        return redirect("finance:receipt", number=number)
    try:
        services.money_void(actor=request.user, number=number, reason=form.cleaned_data["reason"])
    except BusinessRuleError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("收据 %(n)s 已作废。") % {"n": number})
    return redirect("finance:receipt", number=number)


@login_required
@require_POST
def receipt_refund(request, number: str):
    selectors.receipt_by_number(viewer=request.user, number=number)
    form = RefundForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写退款金额和原因。"))
        return redirect("finance:receipt", number=number)
    try:
        refund = services.money_refund(
            actor=request.user, related_receipt_number=number, **form.cleaned_data
        )
    except BusinessRuleError as exc:
        messages.error(request, _error_text(exc))
        return redirect("finance:receipt", number=number)
    messages.success(request, _("已登记退款，凭证号 %(n)s。") % {"n": refund.number})
    return redirect("finance:receipt", number=refund.number)


@login_required
def convert(request):
    """定金转房款: the customer hands the deposit receipt back (BR-FIN-08)."""
    services.require_finance(request.user, _("只有财务可以办理定金转房款。"))
    receipt = request.GET.get("receipt", "").strip()[:40]
    initial = (
        selectors.conversion_prefill(viewer=request.user, receipt_number=receipt) if receipt else {}
    )
    form = ConvertForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contract = selectors.contract_by_number(data["contract_number"])
        try:
            if contract is None:
                raise BusinessRuleError("BR-FIN-08", _("合同编号不存在。"), field="contract_number")
            records = services.deposits_convert(
                actor=request.user,
                contract_id=contract.pk,
                receipt_numbers=data["receipt_number"],
            )
        except BusinessRuleError as exc:
            _form_error(
                form, exc, {"contract": "contract_number", "receipt_number": "receipt_number"}
            )
        else:
            messages.success(
                request,
                _("收据 %(n)s 的定金 ¥%(a)s 已转入合同 %(c)s 的房款。")
                % {
                    "n": "、".join(r.number for r in records),
                    "a": yuan(sum(r.amount for r in records)),
                    "c": contract.number,
                },
            )
            return redirect("finance:receipt", number=records[0].number)
    return render(request, "finance/convert.html", {"form": form})
