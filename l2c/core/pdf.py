"""Printed documents (receipt, reservation, contract): a Django template rendered to PDF by
WeasyPrint with the Noto CJK fonts the Makefile installs (Debian ``fonts-noto-cjk``), so
Chinese text prints without any network access. ``pdf_first_page_png`` renders a page to
PNG (pypdfium2) for screenshots and tests."""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

#: the base stylesheet of every printed document (A4, Chinese fonts)
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", serif;
       font-size: 11pt; color: #111; }
h1 { font-size: 18pt; text-align: center; letter-spacing: 4pt; margin: 0 0 8pt; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 0.6pt solid #333; padding: 4pt 6pt; vertical-align: top; }
th { background: #f2f2f2; font-weight: bold; text-align: left; width: 22%; }
.meta { display: flex; justify-content: space-between; font-size: 9.5pt; margin-bottom: 6pt; }
.amount-upper { font-weight: bold; letter-spacing: 1pt; }
.sign { margin-top: 24pt; display: flex; justify-content: space-between; }
.copy { font-size: 8.5pt; color: #555; text-align: right; }
"""


def render_pdf(template_name: str, context: dict) -> bytes:
    """The PDF bytes of ``template_name`` rendered with ``context`` (+ ``print_css``)."""
    from weasyprint import HTML  # imported lazily: heavy, and only printing needs it

    css = mark_safe(PRINT_CSS)  # our own constant, not user input
    html = render_to_string(template_name, {**context, "print_css": css})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_first_page_png(pdf: bytes, *, scale: float = 1.6) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=scale).to_pil()
    finally:
        doc.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def pdf_text(pdf: bytes) -> str:
    """All the text of a PDF (tests check what was printed, e.g. 伍万元整)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()
