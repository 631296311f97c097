"""Readable Chinese renderings of the structured policy values, for the pages: role maps,
document numbering formats, attribution splits, approval chains, webhooks (pure: no
database). ``kinds.display`` calls these; each returns lines, drawn one under another.

A renderer never fails on a value it does not understand: it falls back to a plain
"名称：值" reading, never to Python's ``repr``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c.core.roles import Role

NOT_SET = gettext_lazy("未配置")
#: the department code shown in example document numbers
EXAMPLE_DEPARTMENT = "S1"


def _text(value: Any) -> str:
    """A scalar as people write it; anything nested as compact JSON (never a repr)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _percent(value: Any) -> str:
    try:
        return f"{Decimal(str(value)).normalize():f}%"
    except ArithmeticError:
        return _text(value)


def role_label(code: Any) -> str:
    return str(Role(code).label) if isinstance(code, str) and code in Role.values else str(code)


#: role maps read up the sales ladder (then the other roles); PostgreSQL's jsonb does not
#: keep the order the keys were written in
LADDER = [Role.REP, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM]
LADDER += [r for r in Role if r not in LADDER]


def _ordered(mapping: dict, order: list) -> list[tuple[Any, Any]]:
    """The items of ``mapping`` in ``order`` (keys not in it last, as stored)."""
    position = {str(k): i for i, k in enumerate(order)}
    return sorted(mapping.items(), key=lambda kv: position.get(str(kv[0]), len(position)))


def generic(value: Any) -> list[str]:
    """Any JSON value: a list item per line, a mapping as "名称：值" (role codes named)."""
    if value in (None, [], {}, ""):
        return [str(NOT_SET)]
    if isinstance(value, dict):
        return [f"{role_label(k)}：{_text(v)}" for k, v in _ordered(value, LADDER)]
    if isinstance(value, list):
        return [_text(v) for v in value]
    return [_text(value)]


# ---------------------------------------------------------------------------------------------
# 各级折扣权限 — a percent per role


def role_percents(value: Any) -> list[str]:
    if not isinstance(value, dict) or not value:
        return generic(value)
    return [" · ".join(f"{role_label(k)} {_percent(v)}" for k, v in _ordered(value, LADDER))]


# ---------------------------------------------------------------------------------------------
# 单据编号规则 (BR-CON-05) — an example built by ``core.numbering.compose`` and its parts

DOCUMENTS = {
    "contract": gettext_lazy("合同"),
    "reservation": gettext_lazy("认购书"),
    "receipt": gettext_lazy("收据"),
    "quote": gettext_lazy("报价单"),
    "tender": gettext_lazy("投标"),
    "order": gettext_lazy("销售订单"),
    "outbound": gettext_lazy("销售出库单"),
    "red_outbound": gettext_lazy("红字出库单"),
    "dunning": gettext_lazy("催款通知单"),
    "invoice_request": gettext_lazy("开票申请"),
}
DATE_SEGMENTS = {
    "YYYY": gettext_lazy("年份"),
    "YYYYMM": gettext_lazy("年月"),
    "YYYYMMDD": gettext_lazy("年月日"),
}
RESETS = {
    "yearly": gettext_lazy("每年重新编号"),
    "monthly": gettext_lazy("每月重新编号"),
    "daily": gettext_lazy("每天重新编号"),
    "never": gettext_lazy("连续编号不重置"),
}


def numbering_format(document: str, fmt: dict[str, Any]) -> str:
    """``合同：HT-2026-S1-000001（前缀 HT · 年份 · 部门代码 · 6 位流水，每年重新编号）``."""
    from l2c.core.numbering import compose

    name = str(DOCUMENTS.get(document, document))
    example = compose(
        fmt,
        local=timezone.localtime(timezone.now()),
        department_code=EXAMPLE_DEPARTMENT,
        value=1,
    )
    parts = []
    if fmt.get("prefix"):
        parts.append(_("前缀 %(p)s") % {"p": fmt["prefix"]})
    date = fmt.get("date", "YYYY")
    if date:
        parts.append(str(DATE_SEGMENTS.get(date, date)))
    if fmt.get("department"):
        parts.append(_("部门代码"))
    parts.append(_("%(n)s 位流水") % {"n": fmt.get("width", 6)})
    reset = fmt.get("reset", "yearly")
    detail = " · ".join(parts) + "，" + str(RESETS.get(reset, reset))
    return f"{name}：{example}（{detail}）"


def numbering_formats(value: Any) -> list[str]:
    if not isinstance(value, dict) or not value:
        return generic(value)
    lines = []
    for document, fmt in _ordered(value, list(DOCUMENTS)):
        try:
            if not isinstance(fmt, dict):
                raise TypeError(fmt)
            lines.append(numbering_format(document, fmt))
        except (KeyError, TypeError, ValueError, AttributeError):
            lines.append(f"{DOCUMENTS.get(document, document)}：{_text(fmt)}")
    return lines


# ---------------------------------------------------------------------------------------------
# 客户区分 splits (BR-ATT) — the rulebook's letters as the people they stand for
# (l2c.reception.attribution: A the rep receiving now or asked for now, B the earlier rep,
# C the rep helping while B is away, "earlier" the reps who received before, shared evenly)

PARTIES = {
    "A": gettext_lazy("现接待人"),
    "B": gettext_lazy("原接待人"),
    "C": gettext_lazy("协助接待人"),
    "earlier": gettext_lazy("此前各接待人平分"),
    "dept": gettext_lazy("本部门"),
}
#: where a setting's letter means someone more particular than the general reading
PARTIES_BY_KEY = {
    "attribution.refused_split": {"A": gettext_lazy("客户新指定的接待人")},
    "attribution.forgot_split": {"A": gettext_lazy("本次接待人")},
    "attribution.nth_visit_split": {"A": gettext_lazy("客户本次指定的接待人")},
    "attribution.same_day_service_split": {"A": gettext_lazy("代接待人")},
}


def split(value: Any, key: str = "") -> list[str]:
    if not isinstance(value, dict) or not value:
        return generic(value)
    names = {**PARTIES, **PARTIES_BY_KEY.get(key, {})}
    parts = _ordered(value, list(PARTIES))
    return [" · ".join(f"{names.get(k, role_label(k))} {_percent(v)}" for k, v in parts)]


# ---------------------------------------------------------------------------------------------
# 审批流程 (BR-APR-01) — read by the engine that parses chains (``approvals.chains``), which
# registers its reader in its ``ready``: one wording for this page and the approval pages
# (a skipped step's note, "no approval needed"), without policy importing the engine above it

_chain_reader: Callable[[Any], list[str] | None] | None = None


def register_chain_reader(reader: Callable[[Any], list[str] | None]) -> None:
    global _chain_reader
    _chain_reader = reader


def chain(value: Any) -> list[str]:
    """The chain's steps, approvers, deadlines and conditions; a value the engine cannot
    read is shown plainly."""
    lines = _chain_reader(value) if _chain_reader is not None else None
    return lines if lines is not None else generic(value)


# ---------------------------------------------------------------------------------------------
# 企业微信 / 钉钉群机器人 (BR-RPT-07) — the group, the robot's host (not its secret key),
# what it receives

CHANNELS = {"wecom": gettext_lazy("企业微信"), "dingtalk": gettext_lazy("钉钉")}


def webhooks(value: Any) -> list[str]:
    if not isinstance(value, list):
        return generic(value)
    if not value:
        return [str(NOT_SET)]
    lines = []
    for index, entry in enumerate(value, start=1):
        if not isinstance(entry, dict) or entry.get("channel") not in CHANNELS:
            lines.append(_("第 %(n)s 项格式不正确，推送时忽略") % {"n": index})
            continue
        channel = str(CHANNELS[entry["channel"]])
        name = str(entry.get("name") or "").strip()
        try:
            host = urlsplit(str(entry.get("url") or "")).hostname or "?"
        except ValueError:
            host = "?"
        kinds = entry.get("kinds") or []
        receives = (
            _("仅 %(n)s 类通知") % {"n": len(kinds)}
            if isinstance(kinds, list) and kinds
            else _("全部通知")
        )
        group = f"{channel}「{name}」" if name else _("%(c)s群") % {"c": channel}
        lines.append(f"{group}：{host}（{receives}）")
    return lines


#: renderers of particular settings (by key; a key ending in "." is a prefix)
BY_KEY: dict[str, Callable[[Any], list[str]]] = {
    "approvals.discount_authority": role_percents,
    "numbering.formats": numbering_formats,
    "notifications.webhooks": webhooks,
}


def for_key(key: str) -> Callable[[Any], list[str]] | None:
    if key in BY_KEY:
        return BY_KEY[key]
    for prefix, renderer in BY_KEY.items():
        if prefix.endswith(".") and key.startswith(prefix):
            return renderer
    return None
