"""Printed reservation and contract (BR-CON-02, BR-FIN-02): WeasyPrint with Noto CJK, the
amounts in figures and in capitals (人民币伍万元整).

The reservation prints in four copies (002 art. 2 (九) 9: 一式四份，客人1份财务部1份销售部
2份); the contract in three (002 art. 7: 客户、公司财务、销售部各一份)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from l2c.contracts import policies
from l2c.contracts.models import Contract, Reservation
from l2c.core.money import percent_of, rmb_upper
from l2c.core.pdf import render_pdf

#: the company printed at the top; ``settings.L2C_COMPANY_NAME`` overrides it (as finance's)
DEFAULT_COMPANY = "L2C 示范置业有限公司"


def company_name() -> str:
    return getattr(settings, "L2C_COMPANY_NAME", "") or DEFAULT_COMPANY


def _name(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.name if person is not None else user.get_username()


def _unit_label(unit) -> str:
    if unit is None:
        return ""
    return f"{unit.project.name} {unit.code}" if unit.project_id else unit.code


def reservation_context(reservation: Reservation) -> dict:
    return {
        "r": reservation,
        "company": company_name(),
        "unit_label": _unit_label(reservation.unit),
        "unit": reservation.unit,
        "customer": reservation.customer,
        "agreed_upper": rmb_upper(reservation.agreed_price),
        "deposit_upper": rmb_upper(reservation.deposit_amount),
        "list_upper": rmb_upper(reservation.list_price),
        "balance": reservation.agreed_price - reservation.deposit_amount,
        "balance_upper": rmb_upper(reservation.agreed_price - reservation.deposit_amount),
        "handler": _name(reservation.owner),
        "copies": [str(c) for c in policies.RESERVATION_COPIES],
        "printed_at": timezone.localtime(),
        "signed_at": timezone.localtime(reservation.signed_at),
    }


def reservation_pdf(reservation: Reservation) -> bytes:
    return render_pdf("contracts/reservation_pdf.html", reservation_context(reservation))


def contract_context(contract: Contract) -> dict:
    terms = []
    for item in contract.payment_terms or []:
        amount = percent_of(contract.price, Decimal(str(item.get("percent", "0"))))
        terms.append({**item, "amount": amount, "amount_upper": rmb_upper(amount)})
    return {
        "c": contract,
        "company": company_name(),
        "unit_label": _unit_label(contract.unit),
        "unit": contract.unit,
        "customer": contract.customer,
        "price_upper": rmb_upper(contract.price),
        "list_upper": rmb_upper(contract.list_price),
        "terms": terms,
        "special_labels": [
            str(policies.SPECIAL_REASON_LABELS[r]) for r in contract.special_reasons
        ],
        "handler": _name(contract.owner),
        "copies": [str(c) for c in policies.CONTRACT_COPIES],
        "printed_at": timezone.localtime(),
        "signed_at": timezone.localtime(contract.signed_at) if contract.signed_at else None,
    }


def contract_pdf(contract: Contract) -> bytes:
    return render_pdf("contracts/contract_pdf.html", contract_context(contract))
