"""Typing and validation of policy values, one function per kind (pure; no database)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError
from l2c.core.money import yuan
from l2c.policy.models import PolicyKind

RULE = "BR-POL-01"


def _fail(message: str) -> BusinessRuleError:
    return BusinessRuleError(RULE, message, code="invalid_policy_value", field="value")


def _decimal(raw: Any, places: int) -> Decimal:
    try:
        number = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as exc:
        raise _fail(_("请输入数字。")) from exc
    if not number.is_finite():
        raise _fail(_("请输入数字。"))
    if abs(number) >= Decimal(10) ** 12:
        raise _fail(_("数值过大。"))
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise _fail(_("最多 %(places)s 位小数。") % {"places": places})
    return number.quantize(Decimal(1).scaleb(-places))


def _non_negative_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise _fail(_("请输入整数。"))
    try:
        number = int(str(raw).strip())
    except ValueError as exc:
        raise _fail(_("请输入整数。")) from exc
    if number < 0:
        raise _fail(_("不能为负数。"))
    if number > 10**6:
        raise _fail(_("数值过大。"))
    return number


def _percent(raw: Any) -> Decimal:
    number = _decimal(raw, 2)
    if not Decimal(0) <= number <= Decimal(100):
        raise _fail(_("百分比必须在 0 到 100 之间。"))
    return number


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"true", "1", "yes", "on", "是", "开"}:
        return True
    if text in {"false", "0", "no", "off", "否", "关"}:
        return False
    raise _fail(_("请选择开或关。"))


def _list(raw: Any) -> list[str]:
    if isinstance(raw, str):
        raw = [part for part in raw.replace("，", ",").split(",")]
    if not isinstance(raw, list):
        raise _fail(_("请输入以逗号分隔的列表。"))
    return [str(item).strip() for item in raw if str(item).strip()]


def _split(raw: Any) -> dict[str, Decimal]:
    if not isinstance(raw, dict) or not raw:
        raise _fail(_("分成比例应为“角色: 百分比”的组合。"))
    parts = {str(k): _percent(v) for k, v in raw.items()}
    if sum(parts.values()) != Decimal(100):
        raise _fail(_("分成比例合计必须等于 100%。"))
    return parts


def _structured(raw: Any) -> Any:
    if not isinstance(raw, dict | list):
        raise _fail(_("请输入结构化数据（JSON）。"))
    return raw


#: Checks for structured settings, by key prefix, registered by the app that reads them
#: (``approvals.chain.`` → the chain parser), so a bad chain is refused when it is entered.
_KEY_VALIDATORS: dict[str, Any] = {}


def register_validator(key_prefix: str, validator) -> None:
    """``validator(typed_value)`` raises BusinessRuleError when the value is unusable."""
    _KEY_VALIDATORS[key_prefix] = validator


def validate_for_key(key: str, typed: Any) -> None:
    for prefix, validator in _KEY_VALIDATORS.items():
        if key.startswith(prefix):
            validator(typed)


def coerce(kind: str, raw: Any) -> Any:
    """The typed value of ``raw`` for ``kind``; raises BusinessRuleError when invalid."""
    match kind:
        case PolicyKind.DAYS | PolicyKind.HOURS | PolicyKind.MINUTES | PolicyKind.INTEGER:
            return _non_negative_int(raw)
        case PolicyKind.PERCENT:
            return _percent(raw)
        case PolicyKind.MONEY:
            number = _decimal(raw, 2)
            if number < 0:
                raise _fail(_("金额不能为负数。"))
            return number
        case PolicyKind.BOOLEAN:
            return _boolean(raw)
        case PolicyKind.LIST:
            return _list(raw)
        case PolicyKind.SPLIT:
            return _split(raw)
        case PolicyKind.CHAIN | PolicyKind.JSON:
            return _structured(raw)
    raise _fail(_("未知的设置类型。"))


def to_json(kind: str, typed: Any) -> Any:
    """How a typed value is stored (Decimals as strings, so no float ever touches money)."""
    if isinstance(typed, Decimal):
        return str(typed)
    if isinstance(typed, dict):
        return {k: to_json(kind, v) for k, v in typed.items()}
    return typed


def display(kind: str, typed: Any, *, key: str = "") -> str:
    """A Chinese rendering for pages. A structured value comes out as one line per item
    (numbering formats, chain steps, webhooks), joined by newlines; ``key`` picks the reading
    of a particular setting (its role codes, parties, document types)."""
    from l2c.policy import display as readable

    match kind:
        case PolicyKind.DAYS:
            return _("%(n)s 天") % {"n": typed}
        case PolicyKind.HOURS:
            return _("%(n)s 小时") % {"n": typed}
        case PolicyKind.MINUTES:
            return _("%(n)s 分钟") % {"n": typed}
        case PolicyKind.INTEGER:
            return str(typed)
        case PolicyKind.PERCENT:
            return f"{typed.normalize():f}%"
        case PolicyKind.MONEY:
            return f"{yuan(typed)} 元"
        case PolicyKind.BOOLEAN:
            return _("开") if typed else _("关")
        case PolicyKind.LIST:
            return "、".join(typed) if typed else str(readable.NOT_SET)
        case PolicyKind.SPLIT:
            return "\n".join(readable.split(typed, key))
        case PolicyKind.CHAIN:
            return "\n".join(readable.chain(typed))
    renderer = readable.for_key(key) or readable.generic
    return "\n".join(renderer(typed))
