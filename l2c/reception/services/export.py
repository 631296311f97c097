"""Excel export of the visitor and call registers with the day's statistics (BR-RPT-01,
BR-RPT-04): scoped like the pages, phone numbers masked except the viewer's own (BR-CUS-10),
and audited."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from l2c.audit.services import audit_record
from l2c.core.sheets import append_safe
from l2c.reception.models import ReceptionKind
from l2c.reception.selectors.registers import reception_list, reception_stats, shown_mobile

HEADER = Font(bold=True, color="FFFFFF")
FILL = PatternFill("solid", fgColor="B8312F")


def _sheet(wb, title, headers, rows, widths):
    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font, cell.fill = HEADER, FILL
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        append_safe(ws, row)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(65 + i)].width = width
    ws.freeze_panes = "A2"
    return ws


def reception_register_export(*, actor, day: dt.date) -> bytes:
    """来人登记表, 来电登记表 and 来人来电统计表 of ``day`` as one workbook."""
    entries = list(reception_list(viewer=actor, day=day).order_by("received_at", "id"))
    stats = reception_stats(viewer=actor, day=day)
    wb = Workbook()
    wb.remove(wb.active)
    headers = [
        _("时间"),
        _("姓名"),
        _("电话"),
        _("渠道"),
        _("咨询内容"),
        _("接待人"),
        _("首次来访"),
        _("分配方式"),
        _("轮次说明"),
        _("已建档"),
        _("首次回访短信"),
    ]
    for kind, title in (
        (ReceptionKind.WALK_IN, _("来人登记表")),
        (ReceptionKind.CALL, _("来电登记表")),
    ):
        rows = [
            [
                timezone.localtime(e.received_at).strftime("%H:%M"),
                e.name,
                shown_mobile(actor, e),
                e.get_source_display(),
                e.inquiry,
                e.rep.person.name,
                _("是") if e.is_first_visit else _("否"),
                e.get_assignment_display(),
                e.turn_note,
                _("是") if e.customer_id else "",
                timezone.localtime(e.first_message_sent_at).strftime("%H:%M")
                if e.first_message_sent_at
                else "",
            ]
            for e in entries
            if e.kind == kind
        ]
        _sheet(
            wb,
            str(title),
            [str(h) for h in headers],
            rows,
            [8, 12, 14, 14, 30, 10, 9, 10, 36, 8, 12],
        )
    summary = [
        [str(_("合计")), stats.total],
        [str(_("来访")), stats.walk_ins],
        [str(_("来电")), stats.calls],
        [str(_("首次来访/来电")), stats.first_visits],
        [str(_("老客户")), stats.returning],
        [str(_("留电")), stats.with_mobile],
        [str(_("已发首次回访短信")), stats.messages_sent],
        [str(_("已建档")), stats.registered],
        [str(_("转为意向客户")), stats.intent],
        [],
        [str(_("渠道")), str(_("人数"))],
        *[[label, n] for _code, label, n in stats.by_source],
        [],
        [str(_("接待人")), str(_("来访")), str(_("来电")), str(_("意向"))],
        *[list(row) for row in stats.by_rep],
    ]
    _sheet(wb, str(_("来人来电统计表")), [f"{day:%Y-%m-%d}", ""], summary, [20, 10, 10, 10])
    buffer = io.BytesIO()
    wb.save(buffer)
    audit_record(
        actor=actor,
        action="reception.export",
        rule="BR-RPT-04",
        object_repr=f"来人来电登记 {day:%Y-%m-%d}",
        extra={"day": day, "rows": len(entries)},
    )
    return buffer.getvalue()
