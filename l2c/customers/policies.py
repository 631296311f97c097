"""The customer rules as pure functions (BR-CUS-03, 04, 05, 10): phone numbers, masking,
identity numbers, and when a card stops being valid. No database."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import phonenumbers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from l2c.core.errors import BusinessRuleError

#: what a typed mobile may contain: digits (also full-width), +, spaces and separators
_PHONE_CHARS = re.compile(r"[\d+\s\-().\u3000]+")
_MOBILE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def normalise_mobile(raw: str | None, *, field: str = "mobile") -> str:
    """A mainland mobile as its 11 digits ("+86 138-0013-8000" → "13800138000"); "" for
    nothing; a clear error for anything that is not a CN mobile (BR-CUS-03, 10)."""
    text = (raw or "").strip()
    if not text:
        return ""
    if len(text) > 30 or not _PHONE_CHARS.fullmatch(text):
        # letters would be read as a phone keypad ("1380013abcd" → 13800132223): refused
        raise BusinessRuleError("BR-CUS-10", _("手机号码无效。"), field=field, code="bad_mobile")
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException as exc:
        raise BusinessRuleError(
            "BR-CUS-10", _("手机号码无效。"), field=field, code="bad_mobile"
        ) from exc
    # +86 has one region, so a number whose type is mobile is a valid number of it
    # (``is_valid_number`` would match the same metadata a second time)
    if number.country_code != 86 or phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise BusinessRuleError(
            "BR-CUS-10", _("请输入有效的中国大陆手机号码。"), field=field, code="bad_mobile"
        )
    return str(number.national_number)


def mask_mobile(mobile: str) -> str:
    """138****8000 (BR-CUS-10)."""
    if len(mobile) < 7:
        return "*" * len(mobile)
    return f"{mobile[:3]}****{mobile[-4:]}"


def mask_id_number(value: str) -> str:
    """110105********002X (BR-CUS-10)."""
    if len(value) < 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def valid_id_number(raw: str, *, field: str = "id_number") -> str:
    text = (raw or "").strip().upper()
    if not text:
        return ""
    try:
        return ric.validate(text)
    except StdnumError as exc:
        raise BusinessRuleError(
            "BR-CUS-10", _("身份证号码无效。"), field=field, code="bad_id_number"
        ) from exc


def valid_credit_code(raw: str, *, field: str = "credit_code") -> str:
    text = (raw or "").strip().upper()
    if not text:
        return ""
    try:
        return uscc.validate(text)
    except StdnumError as exc:
        raise BusinessRuleError(
            "BR-CUS-10", _("统一社会信用代码无效。"), field=field, code="bad_credit_code"
        ) from exc


@dataclass(frozen=True)
class Terms:
    """The ownership terms in force (policy, BR-CUS-04/05)."""

    protection_days: int = 60
    first_follow_up_days: int = 3
    follow_up_interval_days: int = 7
    message_only_void_count: int = 3


@dataclass(frozen=True)
class Validity:
    protected_until: dt.datetime
    void_at: dt.datetime
    reason: str  # "protection" | "first_follow_up" | "follow_up" | "message_only"


def validity(
    owned_since: dt.datetime, last_contact_at: dt.datetime | None, terms: Terms
) -> Validity:
    """When a card owned since ``owned_since`` stops being valid (BR-CUS-04): at the end of
    the protection period, or at the follow-up deadline if that comes first."""
    protected_until = owned_since + dt.timedelta(days=terms.protection_days)
    if last_contact_at is None:
        follow_due, reason = (
            owned_since + dt.timedelta(days=terms.first_follow_up_days),
            "first_follow_up",
        )
    else:
        follow_due, reason = (
            last_contact_at + dt.timedelta(days=terms.follow_up_interval_days),
            "follow_up",
        )
    if protected_until <= follow_due:
        return Validity(protected_until, protected_until, "protection")
    return Validity(protected_until, follow_due, reason)


VOID_REASONS = {
    "protection": gettext_lazy("保护期已满"),
    "first_follow_up": gettext_lazy("建档后未按时首次回访"),
    "follow_up": gettext_lazy("未按时回访"),
    "message_only": gettext_lazy("连续短信回访视为无效回访"),
}
