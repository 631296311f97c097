"""The daily work log (工作日志) and the assistant's daily summary (BR-ACT-03, 002 art. 7:
每天下班前进行工作日志汇总……发给总经理、销售经理)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c.activities.models import DailySummary, WorkLog
from l2c.activities.services._common import person_of, text
from l2c.audit.services import audit_record
from l2c.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import can_see
from l2c.org.models import Person

RULE = "BR-ACT-03"
LOG_FIELDS = {
    "work_done": (gettext_lazy("今日工作"), True),
    "customer_feedback": (gettext_lazy("客户意见"), False),
    "suggestions": (gettext_lazy("问题与建议"), False),
    "plan_next": (gettext_lazy("明日计划"), False),
}
SUMMARY_FIELDS = {
    "summary": (gettext_lazy("工作日志汇总"), True),
    "orders": (gettext_lazy("当日定单情况"), False),
    "rep_feedback": (gettext_lazy("销售代表意见"), False),
    "customer_feedback": (gettext_lazy("客户意见"), False),
}

#: who keeps a sales work log (BR-ACT-03): the sales department's staff and its leaders
WORK_LOG_ROLES = frozenset(
    {Role.REP, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM, Role.ASSISTANT}
)


def _clean(data: dict[str, Any], fields, *, partial: bool) -> dict[str, str]:
    return {
        key: text(data, key, rule=RULE, required=required, label=str(label))
        for key, (label, required) in fields.items()
        if key in data or not partial
    }


@transaction.atomic
def work_log_save(*, actor, data: dict[str, Any], expected_version: int | None = None) -> WorkLog:
    """Write or correct today's log (one per person and day, BR-ACT-03): the sales staff's
    log — not the administrator's or the warehouse's."""
    person = person_of(actor, rule=RULE, roles=WORK_LOG_ROLES)
    today = timezone.localdate()
    log = WorkLog.objects.select_for_update().filter(author=actor, day=today).first()
    if log is None:
        clean = _clean(data, LOG_FIELDS, partial=False)
        try:
            with transaction.atomic():
                log = WorkLog.objects.create(
                    author=actor,
                    team_id=person.team_id,
                    department_id=person.department_id,
                    day=today,
                    **clean,
                )
        except IntegrityError as exc:  # the same person saving twice at the same moment
            raise ConflictError(RULE, _("今天的工作日志已存在，请刷新后修改。")) from exc
        audit_record(actor=actor, action="work_log.create", obj=log, rule=RULE)
        return log
    return _update_log(actor, log, data, expected_version)


def _update_log(actor, log: WorkLog, data, expected_version) -> WorkLog:
    log.check_version(expected_version)
    clean = _clean(data, LOG_FIELDS, partial=True)
    before = {k: getattr(log, k) for k in clean}
    for key, value in clean.items():
        setattr(log, key, value)
    log.save_versioned(update_fields=list(clean))
    audit_record(
        actor=actor,
        action="work_log.update",
        obj=log,
        rule=RULE,
        changes={k: [before[k], v] for k, v in clean.items() if before[k] != v},
    )
    return log


@transaction.atomic
def work_log_update(
    *, actor, log_id: int, data: dict[str, Any], expected_version: int | None = None
) -> WorkLog:
    """Correct a log: only its author, and only on its day (BR-ACT-03)."""
    try:
        log = WorkLog.objects.select_for_update().get(pk=int(log_id))
    except (WorkLog.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(RULE, _("未找到该工作日志。")) from exc
    if log.author_id != actor.pk:
        if can_see(actor, log):
            raise PermissionDeniedError(RULE, _("只有填写人可以修改工作日志。"))
        raise NotFoundError(RULE, _("未找到该工作日志。"))
    if log.day != timezone.localdate():
        raise ConflictError(RULE, _("工作日志只能在当天修改。"), code="past_day")
    return _update_log(actor, log, data, expected_version)


def summary_recipients(department_id: int | None) -> list:
    """The GM and the department's sales manager(s) (BR-ACT-03)."""
    people = (
        Person.objects.filter(left_on__isnull=True, user__is_active=True)
        .filter(roles__role__in=[Role.GM, Role.MANAGER])
        .select_related("user")
        .prefetch_related("roles")
        .distinct()
    )
    out = []
    for person in people:
        codes = set(person.role_codes)
        if Role.GM in codes or (Role.MANAGER in codes and person.department_id == department_id):
            out.append(person.user)
    return out


@transaction.atomic
def daily_summary_save(
    *, actor, data: dict[str, Any], expected_version: int | None = None
) -> DailySummary:
    """The assistant writes or corrects today's summary of the department, until it is
    sent (BR-ACT-03)."""
    person = person_of(actor, rule=RULE, roles=frozenset({Role.ASSISTANT}))
    today = timezone.localdate()
    summary = (
        DailySummary.objects.select_for_update()
        .filter(department_id=person.department_id, day=today)
        .first()
    )
    if summary is None:
        clean = _clean(data, SUMMARY_FIELDS, partial=False)
        try:
            with transaction.atomic():
                summary = DailySummary.objects.create(
                    author=actor, department_id=person.department_id, day=today, **clean
                )
        except IntegrityError as exc:
            raise ConflictError(RULE, _("今天的部门日报已存在，请刷新后修改。")) from exc
        audit_record(actor=actor, action="daily_summary.create", obj=summary, rule=RULE)
        return summary
    if summary.sent_at is not None:
        raise ConflictError(RULE, _("今天的部门日报已发送，不能再修改。"), code="sent")
    summary.check_version(expected_version)
    clean = _clean(data, SUMMARY_FIELDS, partial=True)
    before = {k: getattr(summary, k) for k in clean}
    for key, value in clean.items():
        setattr(summary, key, value)
    summary.author = actor
    summary.save_versioned(update_fields=[*clean, "author"])
    audit_record(
        actor=actor,
        action="daily_summary.update",
        obj=summary,
        rule=RULE,
        changes={k: [before[k], v] for k, v in clean.items() if before[k] != v},
    )
    return summary


@transaction.atomic
def daily_summary_send(*, actor, summary_id: int) -> DailySummary:
    """Send the summary to the GM and the sales manager (BR-ACT-03); sent once."""
    from l2c.notifications.services import notify

    person = person_of(actor, rule=RULE, roles=frozenset({Role.ASSISTANT}))
    try:
        summary = DailySummary.objects.select_for_update().get(pk=int(summary_id))
    except (DailySummary.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(RULE, _("未找到该日报。")) from exc
    if summary.department_id != person.department_id:
        raise NotFoundError(RULE, _("未找到该日报。"))
    if summary.sent_at is not None:
        raise ConflictError(RULE, _("该日报已发送。"), code="sent")
    recipients = summary_recipients(summary.department_id)
    summary.sent_at = timezone.now()
    summary.save_versioned(update_fields=["sent_at"])
    notify(
        recipients=recipients,
        kind="activities.daily_summary",
        title=_("销售日报 %(day)s · %(dept)s")
        % {"day": summary.day.strftime("%m-%d"), "dept": person.department.name},
        body=summary.summary[:500],
        url=reverse("activities:summary", args=[summary.pk]),
        obj=summary,
        key=f"daily-summary-{summary.pk}",
    )
    audit_record(
        actor=actor,
        action="daily_summary.send",
        obj=summary,
        rule=RULE,
        extra={"recipients": [u.pk for u in recipients]},
    )
    return summary
