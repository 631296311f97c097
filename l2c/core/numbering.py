"""Document numbers built from policy segments (BR-CON-05).

The format of each kind is the policy setting ``numbering.formats`` (a JSON object per
kind); ``policy`` hands the setting to this module at start-up (:func:`read_formats_from`,
called from ``PolicyConfig.ready``), so the kernel reads no app::

    {"contract": {"prefix": "HT", "date": "YYYY", "department": true, "width": 6,
                  "reset": "yearly", "separator": "-"}}

gives ``HT-2026-S2-000123``. ``date`` is ``YYYY``, ``YYYYMM``, ``YYYYMMDD`` or empty;
``reset`` is ``yearly``, ``monthly``, ``daily`` or ``never``; ``department`` puts the
department's code in the number and keeps one sequence per department.

:func:`next_number` must be called inside the transaction that creates the document. The
sequence row is locked (``SELECT … FOR UPDATE``) until that transaction ends, so two
documents never get the same number, and a document that is rolled back gives its number
back, so there are no gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError
from l2c.core.models import DocumentSequence

RULE = "BR-CON-05"
DATE_PARTS = {"": "", "YYYY": "%Y", "YYYYMM": "%Y%m", "YYYYMMDD": "%Y%m%d"}
RESETS = {"yearly": "%Y", "monthly": "%Y%m", "daily": "%Y%m%d", "never": ""}


def validate_formats(value: Any) -> dict[str, dict[str, Any]]:
    """Policy validator for ``numbering.formats``: every kind's segments are checked, with
    the kind and the field named in the message."""
    if not isinstance(value, dict) or not value:
        raise BusinessRuleError(RULE, _("编号规则应为“单据类型 → 规则”的对象。"))
    for kind, fmt in value.items():
        if not isinstance(fmt, dict):
            raise BusinessRuleError(RULE, _("%(k)s：规则应为对象。") % {"k": kind})
        prefix = fmt.get("prefix", "")
        if not isinstance(prefix, str) or len(prefix) > 10:
            raise BusinessRuleError(RULE, _("%(k)s：前缀最多 10 个字符。") % {"k": kind})
        if fmt.get("date", "YYYY") not in DATE_PARTS:
            raise BusinessRuleError(
                RULE, _("%(k)s：日期段只能是 YYYY、YYYYMM、YYYYMMDD 或空。") % {"k": kind}
            )
        if fmt.get("reset", "yearly") not in RESETS:
            raise BusinessRuleError(
                RULE, _("%(k)s：重置周期只能是 yearly、monthly、daily 或 never。") % {"k": kind}
            )
        width = fmt.get("width", 6)
        if not isinstance(width, int) or not 3 <= width <= 10:
            raise BusinessRuleError(RULE, _("%(k)s：流水号位数应在 3 到 10 之间。") % {"k": kind})
    return value


#: The formats of every kind in force at a time (``None``: now) — the setting
#: ``numbering.formats``, registered by ``policy``.
FormatsSource = Callable[[dt.datetime | None], dict[str, dict[str, Any]]]
_formats_source: FormatsSource | None = None


def read_formats_from(source: FormatsSource) -> None:
    """Where :func:`format_for` reads the formats (``policy`` registers its setting)."""
    global _formats_source
    _formats_source = source


def format_for(kind: str, at: dt.datetime | None = None) -> dict[str, Any]:
    if _formats_source is None:
        raise RuntimeError("no numbering formats registered (l2c.policy registers them)")
    formats = _formats_source(at)
    fmt = formats.get(kind)
    if fmt is None:
        raise BusinessRuleError(RULE, _("未配置“%(k)s”的编号规则。") % {"k": kind})
    return fmt


def next_number(kind: str, *, department_code: str = "", at: dt.datetime | None = None) -> str:
    """The next number of ``kind``; call inside the document's own transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the document's transaction")
    at = at or timezone.now()
    local = timezone.localtime(at)
    fmt = format_for(kind, at)
    period = (
        local.strftime(RESETS[fmt.get("reset", "yearly")]) if fmt.get("reset") != "never" else ""
    )
    dept = department_code if fmt.get("department") else ""
    key = {"kind": kind, "period": period, "department": dept}
    seq = DocumentSequence.objects.select_for_update().filter(**key).first()
    if seq is None:
        try:
            with transaction.atomic():  # savepoint: another transaction may create it first
                DocumentSequence.objects.create(**key)
        except IntegrityError:
            pass
        seq = DocumentSequence.objects.select_for_update().get(**key)
    DocumentSequence.objects.filter(pk=seq.pk).update(last_value=F("last_value") + 1)
    return compose(fmt, local=local, department_code=dept, value=seq.last_value + 1)


def compose(fmt: dict[str, Any], *, local: dt.datetime, department_code: str, value: int) -> str:
    """The text of number ``value`` in format ``fmt`` at local time ``local`` (pure: the
    policy page shows an example built by the same code)."""
    sep = fmt.get("separator", "-")
    parts = [fmt.get("prefix", "")]
    date_part = DATE_PARTS[fmt.get("date", "YYYY")]
    if date_part:
        parts.append(local.strftime(date_part))
    if fmt.get("department") and department_code:
        parts.append(department_code)
    parts.append(str(value).zfill(fmt.get("width", 6)))
    return sep.join(p for p in parts if p)
