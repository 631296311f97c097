"""BR-ACT-03: the daily work log per person (one a day, editable that day only) and the
assistant's daily summary, sent to the GM and the manager."""

from __future__ import annotations

import pytest

from l2c.activities import selectors, services
from l2c.activities.models import WorkLog
from l2c.core.errors import ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.testing import at
from l2c.notifications.models import Notification

pytestmark = pytest.mark.django_db


def log(person, text="接待来访客户 3 组，电话回访 5 位", **data):
    return services.work_log_save(actor=person.user, data={"work_done": text, **data})


def test_br_act_03_one_log_a_day_saved_again_is_updated(company, clock):
    first = log(company.rep)
    again = services.work_log_save(
        actor=company.rep.user,
        data={"work_done": "改：接待来访客户 4 组", "plan_next": "拜访华润"},
        expected_version=first.version,
    )
    assert again.pk == first.pk and WorkLog.objects.count() == 1
    assert again.plan_next == "拜访华润"


def test_br_act_03_editable_that_day_only(company, clock):
    first = log(company.rep)
    clock.move_to(at(2026, 11, 24, 9))
    with pytest.raises(ConflictError) as exc:
        services.work_log_update(
            actor=company.rep.user, log_id=first.pk, data={"work_done": "补记"}
        )
    assert exc.value.code == "past_day"
    # saving "today's" log on the next day writes a new one; yesterday's stays as it was
    second = log(company.rep, "新的一天")
    assert second.pk != first.pk and second.day.isoformat() == "2026-11-24"
    first.refresh_from_db()
    assert first.work_done.startswith("接待")


def test_br_act_03_only_the_author_edits(company, clock):
    first = log(company.rep)
    with pytest.raises(PermissionDeniedError):
        services.work_log_update(
            actor=company.supervisor1.user, log_id=first.pk, data={"work_done": "x"}
        )
    with pytest.raises(NotFoundError):
        services.work_log_update(
            actor=company.reps2[0].user, log_id=first.pk, data={"work_done": "x"}
        )


def test_br_act_03_a_stale_version_is_refused(company, clock):
    first = log(company.rep)
    log(company.rep, "第二次保存")
    with pytest.raises(ConflictError) as exc:
        services.work_log_save(
            actor=company.rep.user, data={"work_done": "旧"}, expected_version=first.version
        )
    assert exc.value.code == "stale_version"


def test_br_act_03_logs_are_scoped(company, clock):
    log(company.rep)
    log(company.reps1[1])
    log(company.reps2[0])
    assert selectors.work_log_list(viewer=company.rep.user).count() == 1
    assert selectors.work_log_list(viewer=company.supervisor1.user, scope="team").count() == 2
    assert selectors.work_log_list(viewer=company.assistant1.user, scope="department").count() == 2
    assert selectors.work_log_list(viewer=company.gm.user, scope="all").count() == 3


def test_br_act_03_the_assistant_sends_the_summary_to_the_gm_and_the_manager(company, clock):
    log(company.rep)
    assert [
        entry.author
        for entry in selectors.department_logs(
            viewer=company.assistant1.user, department_id=company.dept1.pk, day=clock_day()
        )
    ] == [company.rep.user]
    summary = services.daily_summary_save(
        actor=company.assistant1.user,
        data={"summary": "今日来访 12 组，成交 1 套", "orders": "3-1502 小定 5 万"},
    )
    summary = services.daily_summary_send(actor=company.assistant1.user, summary_id=summary.pk)
    assert summary.sent_at == at(2026, 11, 23, 10)
    recipients = set(
        Notification.objects.filter(kind="activities.daily_summary").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {company.gm.user.username, company.manager1.user.username}
    with pytest.raises(ConflictError):
        services.daily_summary_send(actor=company.assistant1.user, summary_id=summary.pk)
    with pytest.raises(ConflictError) as exc:
        services.daily_summary_save(actor=company.assistant1.user, data={"summary": "改"})
    assert exc.value.code == "sent"
    assert selectors.daily_summary_get(viewer=company.gm.user, summary_id=summary.pk)
    assert selectors.daily_summary_get(viewer=company.manager1.user, summary_id=summary.pk)
    with pytest.raises(NotFoundError):
        selectors.daily_summary_get(viewer=company.manager2.user, summary_id=summary.pk)


def test_br_act_03_only_an_assistant_writes_the_summary(company, clock):
    with pytest.raises(PermissionDeniedError):
        services.daily_summary_save(actor=company.rep.user, data={"summary": "x"})
    summary = services.daily_summary_save(actor=company.assistant1.user, data={"summary": "x"})
    with pytest.raises(NotFoundError):
        services.daily_summary_send(actor=company.assistant2.user, summary_id=summary.pk)


def clock_day():
    from django.utils import timezone

    return timezone.localdate()


def test_br_act_03_only_sales_staff_keep_a_work_log(company, clock):
    """The administrator and the warehouse keep no sales work log (issue 16)."""
    for outsider in (company.admin, company.warehouse):
        with pytest.raises(PermissionDeniedError):
            log(outsider)
    assert not WorkLog.objects.exists()
    for insider in (company.rep, company.supervisor1, company.assistant1):
        assert log(insider).author == insider.user
