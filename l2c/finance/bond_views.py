"""Bid bonds on the tender page (BR-DEAL-05): finance pays the bond (缴纳投标保证金) and
registers it coming back (退还保证金). The forms live on the deals tender page (deals is
earlier in the flow and never calls finance); they post here, and the answer goes back to
the tender (``next``) with the outcome as a message. Thin: the bond services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.finance import services
from l2c.finance.services.bonds import bid_bond_pay, bid_bond_refund


def _back(request, tender_id: int):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("deals:tender", args=[tender_id]))


def _error_text(exc: BusinessRuleError) -> str:
    return f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message)


def _record(request, tender_id: int, service, done: str, again: str):
    services.require_finance(request.user)  # a rep gets the 403 page (BR-FIN-01)
    try:
        record = service(
            actor=request.user,
            tender_id=tender_id,
            amount=request.POST.get("amount", ""),
            bank_ref=request.POST.get("bank_ref", ""),
        )
    except PermissionDeniedError:
        raise
    except BusinessRuleError as exc:
        messages.error(request, _error_text(exc))
    else:
        text = again if getattr(record, "duplicate", False) else done
        messages.success(request, text % {"n": record.number, "a": yuan(record.amount)})
    return _back(request, tender_id)


@login_required
@require_POST
def bond_pay(request, tender_id: int):
    """缴纳投标保证金: amount and bank reference; at most 2 % of the estimated price."""
    return _record(
        request,
        tender_id,
        bid_bond_pay,
        _("投标保证金 ¥%(a)s 已支付，收据 %(n)s。"),
        _("该银行流水号已登记为收据 %(n)s（¥%(a)s），未重复入账。"),
    )


@login_required
@require_POST
def bond_refund(request, tender_id: int):
    """退还保证金: in full when lost; when won, less the invoiced service fee."""
    return _record(
        request,
        tender_id,
        bid_bond_refund,
        _("投标保证金退还 ¥%(a)s 已登记，收据 %(n)s。"),
        _("该银行流水号已登记为收据 %(n)s（¥%(a)s），未重复入账。"),
    )
