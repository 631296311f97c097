"""BR-RPT-07: notifications go to the inbox and, where configured, to a 企业微信 or 钉钉 group
webhook; a failed delivery is retried and never blocks the business action.

The webhooks are a real HTTP server on 127.0.0.1 (fixture ``robot``)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection, connections, transaction
from django.utils import timezone

from l2c.core import ticks
from l2c.core.errors import NotFoundError
from l2c.notifications import selectors, services
from l2c.notifications.models import DeliveryState, Notification, WebhookDelivery
from l2c.notifications.policies import SIGNATURE
from l2c.notifications.services import notify, webhook_deliver_due
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
ZERO = {"sent": 0, "retry": 0, "failed": 0}


def configure(company, key: str, value) -> None:
    policy_change(actor=company.admin.user, key=key, value=value, reason="配置群机器人")


def wecom(url: str, **extra) -> dict:
    return {"channel": "wecom", "url": f"{url}/cgi-bin/webhook/send?key=k1", **extra}


def dingtalk(url: str, **extra) -> dict:
    return {"channel": "dingtalk", "url": f"{url}/robot/send?access_token=t1", **extra}


def approval_task(company, *, key: str = "approval:12:task", recipients=None):
    return notify(
        recipients=recipients
        if recipients is not None
        else [company.supervisor1.user, company.rep.user],
        kind="approval.task",
        title="待审批：折扣申请 #12",
        body="顾问1a 申请 3% 折扣",
        url="/approvals/12/",
        obj=company.rep,
        key=key,
    )


# --- the inbox --------------------------------------------------------------------------


def test_br_rpt_07_notify_creates_inbox_rows_idempotently(company):
    rows = approval_task(company)
    assert [n.recipient_id for n in rows] == [company.supervisor1.user.pk, company.rep.user.pk]
    assert all(n.pk for n in rows)
    first = rows[0]
    assert (first.kind, first.title, first.body, first.url) == (
        "approval.task",
        "待审批：折扣申请 #12",
        "顾问1a 申请 3% 折扣",
        "/approvals/12/",
    )
    assert (first.object_type, first.object_id) == ("org.person", str(company.rep.pk))
    assert first.read_at is None
    # the same event again creates nothing new
    assert approval_task(company) == []
    assert Notification.objects.count() == 2
    # a recipient who did not have it yet gets it; the others are not notified twice
    again = approval_task(company, recipients=[company.rep.user, company.manager1.user])
    assert [n.recipient_id for n in again] == [company.manager1.user.pk]
    assert Notification.objects.count() == 3


def test_br_rpt_07_notify_without_key_creates_a_row_each_time(company):
    notify(recipients=[company.rep.user], kind="approval.reminder", title="请尽快审批")
    notify(recipients=[company.rep.user], kind="approval.reminder", title="请尽快审批")
    assert company.rep.user.notifications.count() == 2


def test_br_rpt_07_notify_skips_none_duplicates_and_inactive_users(company):
    gone = company.reps2[1].user
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    rows = notify(
        recipients=[company.rep.user, None, company.rep.user, gone],
        kind="approval.copy",
        title="抄送",
    )
    assert [n.recipient_id for n in rows] == [company.rep.user.pk]
    assert notify(recipients=[None, gone], kind="approval.copy", title="抄送") == []


def test_br_rpt_07_inbox_is_the_recipients_own_even_for_company_wide_roles(company):
    approval_task(company, recipients=[company.rep.user])
    notify(recipients=[company.gm.user], kind="approval.outcome", title="已批准")
    notify(recipients=[company.gm.user], kind="approval.outcome", title="已驳回")
    gm_inbox = selectors.notification_list(user=company.gm.user)
    assert [n.title for n in gm_inbox] == ["已驳回", "已批准"]  # newest first
    assert [n.title for n in selectors.notification_list(user=company.rep.user)] == [
        "待审批：折扣申请 #12"
    ]
    assert selectors.unread_count(user=company.gm.user) == 2
    assert selectors.notification_list(user=company.supervisor1.user).count() == 0


def test_br_rpt_07_mark_read_only_own_notifications(company):
    (mine,) = approval_task(company, recipients=[company.rep.user])
    (theirs,) = approval_task(company, recipients=[company.reps1[1].user])
    with pytest.raises(NotFoundError):
        services.notification_mark_read(user=company.rep.user, notification_id=theirs.pk)
    with pytest.raises(NotFoundError):
        services.notification_mark_read(user=company.gm.user, notification_id=mine.pk)
    with pytest.raises(NotFoundError):
        services.notification_mark_read(user=company.rep.user, notification_id=2**70)
    read = services.notification_mark_read(user=company.rep.user, notification_id=mine.pk)
    assert read.read_at is not None
    first_read_at = read.read_at
    again = services.notification_mark_read(user=company.rep.user, notification_id=mine.pk)
    assert again.read_at == first_read_at
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert selectors.unread_count(user=company.rep.user) == 0
    assert selectors.notification_list(user=company.rep.user, unread_only=True).count() == 0


def test_br_rpt_07_mark_all_read_touches_only_own_unread(company):
    for i in range(3):
        notify(recipients=[company.rep.user, company.reps1[1].user], kind="x", title=f"第{i}条")
    assert services.notification_mark_all_read(user=company.rep.user) == 3
    assert services.notification_mark_all_read(user=company.rep.user) == 0
    assert selectors.unread_count(user=company.rep.user) == 0
    assert selectors.unread_count(user=company.reps1[1].user) == 3


def test_notifications_are_not_audited(company):
    from l2c.audit.models import AuditLog

    before = AuditLog.objects.count()
    (n,) = approval_task(company, recipients=[company.rep.user])
    services.notification_mark_read(user=company.rep.user, notification_id=n.pk)
    assert AuditLog.objects.count() == before


# --- group webhooks ---------------------------------------------------------------------


def test_br_rpt_07_webhook_delivered_to_real_http_server(company, robot, settings):
    settings.L2C_BASE_URL = "https://l2c.example.com"
    with time_machine.travel(T0, tick=False):
        configure(
            company,
            "notifications.webhooks",
            [wecom(robot.url, name="销售一组群"), dingtalk(robot.url)],
        )
        approval_task(company)
        # one delivery per event and webhook, not per recipient
        assert WebhookDelivery.objects.count() == 2
        assert robot.received == []  # nothing is sent by notify itself
        assert webhook_deliver_due(timezone.now()) == {"sent": 2, "retry": 0, "failed": 0}
    by_path = {r["path"]: r for r in robot.received}
    assert set(by_path) == {"/cgi-bin/webhook/send?key=k1", "/robot/send?access_token=t1"}
    assert all(r["content_type"] == "application/json; charset=utf-8" for r in robot.received)
    assert by_path["/cgi-bin/webhook/send?key=k1"]["json"] == {
        "msgtype": "markdown",
        "markdown": {
            "content": "**待审批：折扣申请 #12**\n"
            "顾问1a 申请 3% 折扣\n"
            "> 接收人：@主管1 @顾问1a\n"
            "> [查看详情](https://l2c.example.com/approvals/12/)\n"
            f'<font color="comment">{SIGNATURE}</font>'
        },
    }
    assert by_path["/robot/send?access_token=t1"]["json"] == {
        "msgtype": "markdown",
        "markdown": {
            "title": "待审批：折扣申请 #12",
            "text": "#### 待审批：折扣申请 #12\n\n"
            "顾问1a 申请 3% 折扣\n\n"
            "> 接收人：@主管1 @顾问1a\n\n"
            "> [查看详情](https://l2c.example.com/approvals/12/)\n\n"
            f"###### {SIGNATURE}",
        },
    }
    for delivery in WebhookDelivery.objects.all():
        assert delivery.state == DeliveryState.SENT
        assert (delivery.attempts, delivery.sent_at, delivery.last_error) == (1, T0, "")
        assert delivery.notification_key == "approval:12:task"
    assert WebhookDelivery.objects.get(channel="wecom").name == "销售一组群"
    # sent is sent: the next run has nothing to do
    assert webhook_deliver_due(T0 + dt.timedelta(hours=2)) == ZERO
    assert len(robot.received) == 2


def test_br_rpt_07_same_event_is_queued_once_per_webhook(company, robot):
    configure(company, "notifications.webhooks", [wecom(robot.url)])
    approval_task(company)
    approval_task(company)
    approval_task(company, recipients=[company.manager1.user])
    assert WebhookDelivery.objects.count() == 1
    # without a key every call is its own event
    notify(recipients=[company.rep.user], kind="approval.reminder", title="催办")
    notify(recipients=[company.rep.user], kind="approval.reminder", title="催办")
    assert WebhookDelivery.objects.count() == 3
    assert webhook_deliver_due()["sent"] == 3
    assert len(robot.received) == 3


def test_br_rpt_07_webhook_kinds_choose_which_notifications_a_group_gets(company, robot):
    configure(
        company,
        "notifications.webhooks",
        [wecom(robot.url, kinds=["approval.escalation"]), dingtalk(robot.url)],
    )
    approval_task(company)
    notify(recipients=[company.manager1.user], kind="approval.escalation", title="审批超时升级")
    assert sorted(WebhookDelivery.objects.values_list("channel", "kind")) == [
        ("dingtalk", "approval.escalation"),
        ("dingtalk", "approval.task"),
        ("wecom", "approval.escalation"),
    ]


def test_br_rpt_07_no_network_io_inside_the_callers_transaction(company, robot):
    configure(company, "notifications.webhooks", [wecom(robot.url)])
    with transaction.atomic():
        approval_task(company)
        assert robot.received == []
    assert robot.received == []
    assert webhook_deliver_due()["sent"] == 1
    assert len(robot.received) == 1


def test_br_rpt_07_failed_delivery_retries_with_backoff_and_succeeds(company, robot):
    robot.answers = [
        (500, {"message": "server error"}),
        (200, {"errcode": 93000, "errmsg": "invalid webhook url"}),
    ]
    minute = dt.timedelta(minutes=1)
    with time_machine.travel(T0, tick=False) as clock:
        configure(company, "notifications.webhooks", [wecom(robot.url)])
        approval_task(company)
        assert webhook_deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
        delivery = WebhookDelivery.objects.get()
        assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 1)
        assert delivery.next_attempt_at == T0 + minute  # base 1 minute
        assert delivery.last_error.startswith("HTTP 500")

        clock.move_to(T0 + dt.timedelta(seconds=59))
        assert webhook_deliver_due() == ZERO  # not due yet
        clock.move_to(T0 + minute)
        assert webhook_deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
        delivery.refresh_from_db()
        assert delivery.attempts == 2
        assert delivery.next_attempt_at == T0 + minute + 2 * minute  # doubled
        assert delivery.last_error == "errcode 93000: invalid webhook url"

        clock.move_to(T0 + 3 * minute)
        assert webhook_deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.sent_at) == (
        DeliveryState.SENT,
        3,
        T0 + 3 * minute,
    )
    assert delivery.last_error == ""
    assert len(robot.received) == 3
    assert robot.received[0]["json"] == robot.received[2]["json"]


def test_br_rpt_07_failed_delivery_retries_with_backoff_and_gives_up(company, robot):
    robot.answers = [(500, {"message": "down"})] * 10
    with time_machine.travel(T0, tick=False) as clock:
        configure(company, "notifications.webhooks", [dingtalk(robot.url)])
        configure(company, "notifications.webhook_max_attempts", 3)
        configure(company, "notifications.webhook_retry_base_minutes", 2)
        approval_task(company)
        waits = []
        outcomes = []
        for _ in range(3):
            outcomes.append(webhook_deliver_due())
            delivery = WebhookDelivery.objects.get()
            waits.append(delivery.next_attempt_at - timezone.now())
            clock.move_to(delivery.next_attempt_at)
        assert outcomes == [
            {"sent": 0, "retry": 1, "failed": 0},
            {"sent": 0, "retry": 1, "failed": 0},
            {"sent": 0, "retry": 0, "failed": 1},
        ]
        assert waits[:2] == [dt.timedelta(minutes=2), dt.timedelta(minutes=4)]
        clock.move_to(T0 + dt.timedelta(days=1))
        assert webhook_deliver_due() == ZERO  # given up: never tried again
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.sent_at) == (DeliveryState.FAILED, 3, None)
    assert delivery.last_error.startswith("HTTP 500")
    assert len(robot.received) == 3


def test_br_rpt_07_webhook_failure_never_blocks_notify(company, robot, dead_url):
    configure(
        company,
        "notifications.webhooks",
        [{"channel": "wecom", "url": dead_url}, wecom(robot.url)],
    )
    with transaction.atomic():  # the caller's business action
        rows = approval_task(company)
    assert len(rows) == 2
    assert Notification.objects.count() == 2
    # the unreachable group is retried later; the reachable one is not held up
    assert webhook_deliver_due() == {"sent": 1, "retry": 1, "failed": 0}
    dead = WebhookDelivery.objects.get(url=dead_url)
    assert dead.state == DeliveryState.PENDING and dead.attempts == 1
    assert "URLError" in dead.last_error or "Connection" in dead.last_error
    assert len(robot.received) == 1


def test_br_rpt_07_one_failing_webhook_is_tried_once_per_run(company, dead_url):
    configure(company, "notifications.webhooks", [{"channel": "wecom", "url": dead_url}])
    for i in range(3):
        notify(recipients=[company.rep.user], kind="approval.reminder", title=f"催办{i}")
    assert webhook_deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
    assert sorted(WebhookDelivery.objects.values_list("attempts", flat=True)) == [0, 0, 1]


def _store_unchecked(key: str, value) -> None:
    """A value saved before the setting was checked on save (or edited in the database):
    reading must still tolerate it."""
    from django.utils import timezone

    from l2c.policy.models import PolicySetting, PolicyVersion

    setting = PolicySetting.objects.get(key=key)
    PolicyVersion.objects.create(
        setting=setting,
        number=setting.versions.count() + 1,
        value=value,
        effective_from=timezone.now(),
        reason="未经校验的旧值",
    )
    from l2c.policy.selectors import clear_cache

    clear_cache()


def test_br_rpt_07_invalid_webhook_config_is_ignored(company, robot):
    _store_unchecked(
        "notifications.webhooks",
        [
            "not an object",
            {"channel": "slack", "url": robot.url},
            {"channel": "wecom", "url": "file:///etc/passwd"},
            {"channel": "dingtalk"},
            {"channel": "wecom", "url": robot.url + "/a", "kinds": "approval.task"},
            dingtalk(robot.url),
        ],
    )
    rows = approval_task(company)
    assert len(rows) == 2
    assert list(WebhookDelivery.objects.values_list("channel", flat=True)) == ["dingtalk"]
    assert webhook_deliver_due()["sent"] == 1
    # a setting that is not even a list is ignored too
    _store_unchecked("notifications.webhooks", {"channel": "wecom", "url": robot.url})
    assert len(approval_task(company, key="approval:13:task")) == 2
    assert WebhookDelivery.objects.count() == 1


def test_br_rpt_07_broken_webhook_queueing_never_blocks_notify(company, monkeypatch):
    def broken():
        raise RuntimeError("policy store unavailable")

    monkeypatch.setattr(services, "configured_webhooks", broken)
    with transaction.atomic():
        rows = approval_task(company)
        # the caller's transaction is still usable
        assert Notification.objects.filter(key="approval:12:task").count() == 2
    assert len(rows) == 2
    assert WebhookDelivery.objects.count() == 0


def test_br_rpt_07_group_message_has_no_link_without_a_base_address(company, robot, settings):
    settings.L2C_BASE_URL = ""
    configure(company, "notifications.webhooks", [wecom(robot.url)])
    approval_task(company)
    content = WebhookDelivery.objects.get().payload["markdown"]["content"]
    assert "查看详情" not in content and "@主管1 @顾问1a" in content


def test_br_rpt_07_tick_sends_the_due_webhooks(company, robot):
    assert "notifications.webhooks" in ticks.registered()
    configure(company, "notifications.webhooks", [wecom(robot.url)])
    approval_task(company)
    results = ticks.run_all(now=timezone.now())
    assert results["notifications.webhooks"] == {"sent": 1, "retry": 0, "failed": 0}
    assert len(robot.received) == 1


def test_default_base_url_setting_exists():
    assert django_settings.L2C_BASE_URL.startswith("http")


# --- PostgreSQL: two workers never send the same delivery ---------------------------------


@pytest.mark.django_db(transaction=True)
def test_br_rpt_07_a_locked_delivery_is_skipped_by_another_worker():
    if connection.vendor != "postgresql":
        pytest.skip("row locks between real connections need PostgreSQL")
    now = timezone.now()
    first, second = (
        WebhookDelivery.objects.create(
            channel="wecom",
            url=f"http://127.0.0.1:9/{i}",
            payload={},
            notification_key=f"k{i}",
            next_attempt_at=now - dt.timedelta(minutes=10 - i),
        )
        for i in (1, 2)
    )
    locked = threading.Event()
    release = threading.Event()

    def other_worker() -> None:
        try:
            with transaction.atomic():
                WebhookDelivery.objects.select_for_update().get(pk=first.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        claimed = services._claim_next(now, skip_urls=set())
        assert claimed is not None and claimed.pk == second.pk
        assert services._claim_next(now, skip_urls=set()) is None  # first is locked
    finally:
        release.set()
        thread.join(timeout=10)
    claimed.refresh_from_db()
    assert claimed.attempts == 1 and claimed.next_attempt_at == now + services.CLAIM_LEASE
