"""Changing policy (BR-POL-02): a new version with author, time and reason; audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.core.scope import require_roles
from l2c.policy.defaults import BY_KEY
from l2c.policy.kinds import coerce, to_json, validate_for_key
from l2c.policy.models import (
    CalendarDay,
    CalendarDayKind,
    CalendarYear,
    PolicySetting,
    PolicyVersion,
)
from l2c.policy.selectors import POLICY_EDITORS, clear_cache, policy_value

#: A change may be dated this much in the past (clock skew between a form and the server),
#: never more: past decisions keep the version they were taken under.
BACKDATE_TOLERANCE = dt.timedelta(minutes=5)


@transaction.atomic
def policy_change(
    *,
    actor,
    key: str,
    value: Any,
    reason: str,
    effective_from: dt.datetime | None = None,
    expected_version: int | None = None,
) -> PolicyVersion:
    require_roles(
        actor,
        POLICY_EDITORS,
        rule="BR-POL-02",
        message=_("只有系统管理员或总经理可以修改制度设置。"),
    )
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError("BR-POL-02", _("修改制度设置必须填写原因。"), field="reason")
    now = timezone.now()
    when = effective_from or now
    if when < now - BACKDATE_TOLERANCE:
        raise BusinessRuleError(
            "BR-POL-02",
            _("生效时间不能早于现在：已经做出的决定沿用当时的制度版本。"),
            field="effective_from",
        )
    try:
        setting = PolicySetting.objects.select_for_update().get(key=key)
    except PolicySetting.DoesNotExist as exc:
        raise NotFoundError(None, _("未找到该设置。")) from exc
    setting.check_version(expected_version)
    typed = coerce(setting.kind, value)
    validate_for_key(key, typed)
    definition = BY_KEY.get(key)
    if definition is not None:
        low, high = definition.minimum, definition.maximum
        if (low is not None and typed < low) or (high is not None and typed > high):
            raise BusinessRuleError(
                "BR-POL-01",
                _("取值范围为 %(low)s 至 %(high)s。") % {"low": low, "high": high},
                field="value",
            )
    before = policy_value(key, at=when)
    number = (setting.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PolicyVersion.objects.create(
        setting=setting,
        number=number,
        value=to_json(setting.kind, typed),
        effective_from=when,
        reason=reason,
        created_by=actor,
        created_at=now,
    )
    setting.save_versioned(update_fields=[])
    audit_record(
        actor=actor,
        action="policy.change",
        obj=setting,
        rule="BR-POL-02",
        changes={"value": [to_json(setting.kind, before), to_json(setting.kind, typed)]},
        extra={"version": number, "effective_from": when, "reason": reason},
    )
    clear_cache()
    transaction.on_commit(clear_cache)
    return version


@transaction.atomic
def calendar_day_set(*, actor, date: dt.date, kind: str, name: str = "") -> CalendarDay:
    """Enter or change one day of the working calendar (BR-POL-03); audited."""
    require_roles(
        actor,
        POLICY_EDITORS,
        rule="BR-POL-03",
        message=_("只有系统管理员或总经理可以维护工作日历。"),
    )
    if kind not in CalendarDayKind.values:
        raise BusinessRuleError("BR-POL-03", _("请选择日期类型。"), field="kind")
    if kind == CalendarDayKind.WORKDAY and date.weekday() < 5:
        raise BusinessRuleError("BR-POL-03", _("调休上班日应是周末。"), field="date")
    day = CalendarDay.objects.select_for_update().filter(date=date).first()
    before = {"kind": day.kind, "name": day.name} if day else {}
    if day is None:
        day = CalendarDay(date=date)
    day.kind, day.name, day.source, day.created_by = kind, name.strip(), "admin", actor
    day.save()
    audit_record(
        actor=actor,
        action="policy.calendar.set_day",
        obj=day,
        rule="BR-POL-03",
        changes={k: [before.get(k), getattr(day, k)] for k in ("kind", "name")},
    )
    return day


@transaction.atomic
def calendar_year_confirm(*, actor, year: int) -> CalendarYear:
    """Declare a year's arrangement entered: deadlines stop falling back to Monday–Friday
    and the warning disappears (BR-POL-03)."""
    require_roles(
        actor,
        POLICY_EDITORS,
        rule="BR-POL-03",
        message=_("只有系统管理员或总经理可以维护工作日历。"),
    )
    if not CalendarDay.objects.filter(date__year=year, kind=CalendarDayKind.HOLIDAY).exists():
        raise BusinessRuleError(
            "BR-POL-03",
            _("%(y)s 年还没有录入任何法定节假日，请先录入国务院公布的安排。") % {"y": year},
        )
    entry, created = CalendarYear.objects.get_or_create(
        year=year, defaults={"source": "admin", "confirmed_by": actor}
    )
    if created:
        audit_record(
            actor=actor, action="policy.calendar.confirm_year", obj=entry, rule="BR-POL-03"
        )
    return entry
