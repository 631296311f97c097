"""The printed receipt (BR-FIN-01 printable; BR-FIN-02 amount in capitals)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from l2c.core.pdf import pdf_first_page_png, pdf_text
from l2c.finance.printing import receipt_pdf
from l2c.finance.tests.conftest import make_reservation

pytestmark = pytest.mark.django_db


def _text(record) -> str:
    return "".join(pdf_text(receipt_pdf(record)).split())  # PDF text may break lines anywhere


def test_br_fin_01_receipt_prints_with_number_and_capitals(deal, receive):
    record = receive("50000", bank_ref="ICBC20261123001", note="认购定金")
    pdf = receipt_pdf(record)
    assert pdf.startswith(b"%PDF")
    text = "".join(pdf_text(pdf).split())
    assert record.number in text
    assert "伍万元整" in text and "人民币伍万元整" in text
    assert "50,000.00" in text
    assert "收据" in text.replace("　", "")
    assert deal.customer.name in text
    assert deal.reservation.number in text
    assert "ICBC20261123001" in text
    assert deal.cashier.name in text and deal.rep.name in text  # cashier and handler
    assert "第一联" in text and "第二联" in text  # the copy lines
    shots = Path(settings.BASE_DIR) / "var" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    (shots / "receipt.png").write_bytes(pdf_first_page_png(pdf))


def test_br_fin_02_printed_receipt_shows_cents_in_capitals(company, clock, receive):
    reservation = make_reservation(company, price="200000.00", deposit="16409.02")
    record = receive("16409.02", reservation=reservation)
    text = _text(record)
    assert "人民币壹万陆仟肆佰零玖元零贰分" in text
    assert "16,409.02" in text


def test_refund_prints_as_refund_voucher(deal, receive):
    from l2c.finance import services

    receipt = receive("50000")
    out = services.money_refund(
        actor=deal.cashier.user,
        related_receipt_number=receipt.number,
        amount="50000",
        bank_ref="R-1",
        reason="签约前退订",
    )
    text = _text(out)
    assert "退款凭证" in text and receipt.number in text and "伍万元整" in text
