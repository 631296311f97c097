"""The inbox page and the bell in the header (BR-RPT-07)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from l2c.notifications.models import Notification
from l2c.notifications.services import notify
from l2c.notifications.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


def _client(p) -> Client:
    client = Client()
    client.force_login(p.user)
    return client


def _send(user, n: int, *, start: int = 0, url: str = "") -> list:
    rows = []
    for i in range(start, start + n):
        rows += notify(
            recipients=[user],
            kind="approval.reminder",
            title=f"催办 {i}",
            body=f"第 {i} 条",
            url=url or f"/approvals/{i}/",
        )
    return rows


def _badge(html: str) -> str | None:
    m = re.search(r'id="notification-badge">([^<]+)<', html)
    return m.group(1) if m else None


def test_br_rpt_07_inbox_shows_own_notifications_newest_first_unread_highlighted(company):
    rows = _send(company.rep.user, 3)
    _send(company.reps1[1].user, 1, start=50)
    Notification.objects.filter(pk=rows[0].pk).update(read_at=rows[0].created_at)
    html = _client(company.rep).get(reverse("notifications:inbox")).content.decode()
    assert html.index("催办 2") < html.index("催办 1") < html.index("催办 0")
    assert "催办 50" not in html
    assert "催办提醒" in html  # the kind's label
    unread = re.findall(r'class="[^"]*l2c-unread[^"]*" data-notification="(\d+)"', html)
    assert sorted(int(pk) for pk in unread) == sorted(n.pk for n in rows[1:])
    assert "全部标为已读" in html and 'name="csrfmiddlewaretoken"' in html
    only_unread = _client(company.rep).get(reverse("notifications:inbox") + "?unread=1")
    assert "催办 0" not in only_unread.content.decode()
    assert "催办 2" in only_unread.content.decode()


def test_br_rpt_07_inbox_is_paginated(company):
    _send(company.rep.user, PAGE_SIZE + 5)
    client = _client(company.rep)
    first = client.get(reverse("notifications:inbox")).content.decode()
    assert f"催办 {PAGE_SIZE + 4}" in first and "催办 0<" not in first
    assert f"共 {PAGE_SIZE + 5} 条" in first
    second = client.get(reverse("notifications:inbox") + "?page=2").content.decode()
    assert "催办 0<" in second


def test_br_rpt_07_opening_a_notification_marks_it_read_and_follows_its_link(company):
    (n,) = _send(company.rep.user, 1, url="/approvals/7/?tab=history")
    client = _client(company.rep)
    response = client.post(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/approvals/7/?tab=history"
    n.refresh_from_db()
    assert n.read_at is not None
    assert client.get(reverse("notifications:open", args=[n.pk])).status_code == 405


@pytest.mark.parametrize(
    "url", ["https://evil.example/phish", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_br_rpt_07_opening_never_redirects_off_site(company, url):
    (n,) = _send(company.rep.user, 1, url=url)
    response = _client(company.rep).post(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:inbox")


def test_br_rpt_07_opening_someone_elses_notification_is_404(company):
    (theirs,) = _send(company.reps1[1].user, 1)
    response = _client(company.gm).post(reverse("notifications:open", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_br_rpt_07_mark_all_read_button(company):
    _send(company.rep.user, 3)
    _send(company.reps1[1].user, 2, start=10)
    client = _client(company.rep)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "已将 3 条通知标为已读" in response.content.decode()
    assert company.rep.user.notifications.filter(read_at__isnull=True).count() == 0
    assert company.reps1[1].user.notifications.filter(read_at__isnull=True).count() == 2


def test_br_rpt_07_bell_badge_shows_the_unread_count(company):
    client = _client(company.rep)
    home = client.get(reverse("web:home")).content.decode()
    assert 'id="notification-bell"' in home
    assert reverse("notifications:inbox") in home
    assert _badge(home) is None  # nothing unread, no badge
    rows = _send(company.rep.user, 3)
    assert _badge(client.get(reverse("web:home")).content.decode()) == "3"
    client.post(reverse("notifications:open", args=[rows[0].pk]))
    assert _badge(client.get(reverse("org:people")).content.decode()) == "2"
    _send(company.rep.user, 100, start=10)
    assert _badge(client.get(reverse("web:home")).content.decode()) == "99+"


def test_br_rpt_07_inbox_needs_login(company):
    response = Client().get(reverse("notifications:inbox"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_inbox_page_runs_a_fixed_number_of_queries(company):
    client = _client(company.rep)
    url = reverse("notifications:inbox")
    _send(company.rep.user, 3)
    few = _count(client, url)
    _send(company.rep.user, 27, start=3)
    many = _count(client, url)
    assert many == few, f"{few} queries with 3 notifications, {many} with 30"


def test_br_rpt_07_admin_configures_a_group_webhook_on_the_policy_page(company):
    """The way the user guide (05-通知) tells the administrator to do it."""
    import json

    from l2c.notifications.services import configured_webhooks
    from l2c.policy.models import PolicySetting

    setting = PolicySetting.objects.get(key="notifications.webhooks")
    assert setting.group == "通知" and setting.rule == "BR-RPT-07"
    hooks = [
        {
            "channel": "wecom",
            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=xxxx",
            "name": "销售一部群",
            "kinds": ["approval.task", "approval.escalation"],
        }
    ]
    client = _client(company.admin)
    url = reverse("policy:setting", args=[setting.key])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"value": json.dumps(hooks, ensure_ascii=False), "reason": "接入销售一部群", "version": 1},
    )
    assert response.status_code == 302, response.content.decode()
    (hook,) = configured_webhooks()
    assert (hook.channel, hook.name) == ("wecom", "销售一部群")
    assert hook.wants("approval.task") and not hook.wants("approval.copy")
