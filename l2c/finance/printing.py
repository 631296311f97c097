"""The printed receipt (收据, BR-FIN-01/02): two copies on one A4 sheet — 第一联 客户收执 and
第二联 财务记账 — with the amount in figures and in capitals (人民币伍万元整)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.money import rmb_upper
from l2c.core.pdf import render_pdf
from l2c.finance.models import Direction, MoneyRecord

TEMPLATE = "finance/receipt_pdf.html"
#: the company printed at the top; ``settings.L2C_COMPANY_NAME`` overrides it
DEFAULT_COMPANY = "L2C 示范置业有限公司"


def company_name() -> str:
    return getattr(settings, "L2C_COMPANY_NAME", "") or DEFAULT_COMPANY


def _name(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.name if person is not None else user.get_username()


def receipt_context(record: MoneyRecord) -> dict:
    reservation = record.reservation
    unit = getattr(reservation, "unit", None) if reservation is not None else None
    return {
        "record": record,
        "company": company_name(),
        "title": _("收　据") if record.direction == Direction.IN else _("退款凭证"),
        "amount_upper": rmb_upper(record.amount),
        "day": timezone.localtime(record.at),
        "unit_label": (
            f"{unit.project.name} {unit.code}" if unit is not None and unit.project_id else ""
        ),
        "reservation": reservation,
        "contract": record.contract,
        "cashier": _name(record.recorded_by),
        "handler": _name(record.owner),
        "printed_at": timezone.localtime(),
        "copies": (_("第一联　客户收执"), _("第二联　财务记账")),
    }


def receipt_pdf(record: MoneyRecord) -> bytes:
    """The receipt as PDF bytes (WeasyPrint with Noto CJK)."""
    return render_pdf(TEMPLATE, receipt_context(record))
