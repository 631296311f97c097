"""The customer sheet's layout, shared by the import template, the import and the export
(BR-RPT-06, BR-RPT-04): the columns, the template workbook, and reading a cell."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from l2c.core.errors import BusinessRuleError
from l2c.customers.models import Channel, Stage

#: the template's columns, in order, and the customer field each fills
COLUMNS = (
    ("姓名", "name"),
    ("手机", "mobile"),
    ("单位", "company"),
    ("等级", "klass"),
    ("阶段", "stage"),
    ("来源", "channel"),
    ("生日", "birthday"),
    ("地址", "address"),
    ("需求", "intent"),
    ("负责人工号", "owner"),
)
HEADERS = [h for h, _f in COLUMNS]
MAX_ROWS = 200_000
IMPORT_STAGES = (Stage.PROSPECT, Stage.INTENT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_workbook() -> bytes:
    """The import template: the columns, one example row, drop-downs and a help sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(HEADERS)
    ws.append(
        [
            "赵先生",
            "13900139000",
            "杭州某某科技有限公司",
            "A",
            "意向客户",
            "来访",
            "1980-05-03",
            "杭州市西湖区文三路 100 号",
            "三居室，预算 300 万",
            "",
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B8312F")
    for col, width in zip("ABCDEFGHIJ", (10, 14, 26, 6, 10, 8, 12, 30, 30, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    for col, options in (
        ("D", "A,B,C"),
        ("E", ",".join(str(Stage(s).label) for s in IMPORT_STAGES)),
        ("F", ",".join(str(label) for _v, label in Channel.choices)),
    ):
        dv = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        dv.add(f"{col}2:{col}{MAX_ROWS + 1}")
        ws.add_data_validation(dv)
    help_ws = wb.create_sheet("说明")
    for line in (
        "姓名、手机必填；手机为中国大陆手机号，查重以手机号为准（BR-CUS-03）。",
        "等级：A / B / C，留空为 C。阶段：准客户 / 意向客户，留空为准客户（成交由签约产生）。",
        "来源：来访、来电、老带新、活动、网络、导入、其他，留空为“导入”。",
        "生日格式 YYYY-MM-DD。负责人工号留空则为导入人；为他人建档须有前台/内勤或主管以上权限。",
        "手机号已存在的行：勾选“更新已有客户”时更新资料（不改变负责人），否则报告为重复。",
        "每行独立导入：失败的行不留下任何数据，报告中列出每行失败原因。",
    ):
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading cells ----------------------------------------------------------------------


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def choice_lookup(choices) -> dict[str, str]:
    """What a cell may say for each code — the code (any case) or its label in the active
    language — built once an import, not once a row."""
    lookup: dict[str, str] = {}
    for code, label in choices:
        lookup[str(label)] = code
        lookup[code.upper()] = code
    return lookup


def cell_choice(value: str, lookup: dict[str, str], *, rule: str, message: str, field: str):
    text = value.strip()
    code = lookup.get(text) or lookup.get(text.upper())
    if code is None:
        raise BusinessRuleError(rule, message, field=field)
    return code


def cell_klass(value: str) -> str:
    text = value.strip()[:1].upper()
    if text not in {"A", "B", "C"}:
        raise BusinessRuleError("BR-CUS-02", _("等级应为 A、B 或 C。"), field="klass")
    return text


def cell_birthday(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)  # the template's format, parsed in C
    except ValueError:
        pass
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise BusinessRuleError("BR-CUS-01", _("生日格式应为 YYYY-MM-DD。"), field="birthday")
