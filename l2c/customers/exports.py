"""Excel export of the customer list the viewer is looking at (BR-RPT-04, BR-CUS-10): the
same scope and filters as the page, phones and ID numbers masked unless the viewer owns
the row, and every export audited with its filters and row count."""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError
from l2c.core.sheets import safe_row
from l2c.customers import selectors
from l2c.customers.display import Shown, owner_name
from l2c.customers.excel import HEADERS
from l2c.customers.models import CardState, Channel, Stage

#: more than this is a data dump, not a list: narrow the filters
EXPORT_MAX_ROWS = 50_000
EXTRA_HEADERS = ["负责人", "卡状态", "失效时间", "建档时间", "身份证号"]
FILTER_KEYS = ("klass", "stage", "owner_id", "state", "search")


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@transaction.atomic
def customers_export(*, actor, scope: str, filters: dict[str, Any]) -> tuple[bytes, int]:
    """The viewer's current list as .xlsx bytes, and how many rows it holds (audited)."""
    if scope not in selectors.SCOPES:
        raise BusinessRuleError("BR-RPT-05", _("无效的范围。"), field="scope")
    filters = {k: v for k, v in filters.items() if k in FILTER_KEYS and v not in (None, "")}
    shown = Shown.for_viewer(actor)
    qs = selectors.customer_list(viewer=actor, scope=scope, now=shown.now, **filters)
    count = qs.count()
    if count > EXPORT_MAX_ROWS:
        raise BusinessRuleError(
            "BR-RPT-04",
            _("共 %(n)s 行，超过单次导出上限 %(max)s 行，请先筛选。")
            % {"n": count, "max": EXPORT_MAX_ROWS},
            code="too_many_rows",
        )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("客户")
    widths = (10, 14, 26, 6, 10, 8, 12, 30, 30, 12, 10, 10, 17, 17, 20)
    for col, width in zip("ABCDEFGHIJKLMNO", widths, strict=True):
        ws.column_dimensions[col].width = width
    header = []
    for text in [*HEADERS, *EXTRA_HEADERS]:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B8312F")
        header.append(cell)
    ws.append(header)
    stage = dict(Stage.choices)
    channel = dict(Channel.choices)
    unmasked = 0
    for c in qs.iterator(chunk_size=2000):
        owned = shown.owns(c)
        unmasked += owned
        person = getattr(c.owner, "person", None) if c.owner_id else None
        ws.append(
            safe_row(
                ws,
                [
                    c.name,
                    shown.mobile(c),
                    c.company,
                    c.klass,
                    str(stage.get(c.stage, c.stage)),
                    str(channel.get(c.channel, c.channel)),
                    c.birthday,
                    c.address,
                    c.intent,
                    person.employee_no if person is not None else "",
                    owner_name(c),
                    str(CardState(shown.state(c)).label),
                    _local(c.void_at) if shown.state(c) != CardState.DEAL else "",
                    _local(c.registered_at),
                    shown.id_number(c),
                ],
            )
        )
    out = io.BytesIO()
    wb.save(out)
    audit_record(
        actor=actor,
        action="customer.export",
        rule="BR-CUS-10",
        object_repr=_("客户列表导出"),
        extra={"scope": scope, "filters": filters, "rows": count, "unmasked_rows": unmasked},
    )
    return out.getvalue(), count
