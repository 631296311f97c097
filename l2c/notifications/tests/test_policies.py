"""BR-RPT-07 as pure functions: webhook configuration, back-off, message formats (no DB)."""

from __future__ import annotations

import datetime as dt

import pytest

from l2c.notifications.policies import (
    CONTENT_MAX_BYTES,
    SIGNATURE,
    Webhook,
    absolute_link,
    parse_webhooks,
    retry_delay,
    webhook_payload,
)


def test_br_rpt_07_parse_webhooks_keeps_valid_entries_and_notes_the_rest():
    hooks, problems = parse_webhooks(
        [
            {"channel": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"},
            {
                "channel": "dingtalk",
                "url": "https://oapi.dingtalk.com/robot/send?access_token=t",
                "kinds": ["approval.escalation"],
                "name": " 销售一组群 ",
            },
            "not an object",
            {"channel": "slack", "url": "https://hooks.slack.com/x"},
            {"channel": "wecom", "url": "ftp://example.com/x"},
            {"channel": "wecom", "url": "javascript:alert(1)"},
            {"channel": "wecom"},
            {"channel": "wecom", "url": "https://a.example/x", "kinds": "approval.task"},
            {"channel": "wecom", "url": "https://b.example/x", "name": 5},
            {"channel": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"},
            {"channel": "wecom", "url": "https://c.example/" + "x" * 600},
        ]
    )
    assert hooks == [
        Webhook("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"),
        Webhook(
            "dingtalk",
            "https://oapi.dingtalk.com/robot/send?access_token=t",
            frozenset({"approval.escalation"}),
            "销售一组群",
        ),
    ]
    assert len(problems) == 9
    assert problems[0].startswith("第 3 项")


def test_br_rpt_07_parse_webhooks_never_raises_on_any_shape():
    for raw in (None, {}, "x", 3, [None], [[]], {"channel": "wecom"}):
        hooks, _ = parse_webhooks(raw)
        assert hooks == []
    assert parse_webhooks([]) == ([], [])
    assert parse_webhooks(None) == ([], [])


def test_br_rpt_07_webhook_kinds_empty_means_every_kind():
    every = Webhook("wecom", "https://x.example/")
    only = Webhook("wecom", "https://x.example/", frozenset({"approval.escalation"}))
    assert every.wants("approval.task") and every.wants("anything")
    assert only.wants("approval.escalation") and not only.wants("approval.task")


def test_br_rpt_07_back_off_doubles_from_the_base_and_is_capped_at_an_hour():
    minutes = [retry_delay(n, 1) / dt.timedelta(minutes=1) for n in range(1, 9)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60]
    assert retry_delay(2, 5) == dt.timedelta(minutes=10)
    assert retry_delay(500, 1) == dt.timedelta(minutes=60)
    assert retry_delay(0, 1) == dt.timedelta(0)


def test_br_rpt_07_links_are_absolute_only_with_a_base_address():
    assert absolute_link("/approvals/3/", "https://l2c.example.com/") == (
        "https://l2c.example.com/approvals/3/"
    )
    assert absolute_link("/approvals/3/", "") == ""
    assert absolute_link("", "https://l2c.example.com") == ""
    assert absolute_link("//evil.example/x", "https://l2c.example.com") == ""
    assert absolute_link("https://other.example/x", "") == "https://other.example/x"


def test_br_rpt_07_wecom_and_dingtalk_message_formats():
    args = {
        "title": "待审批：折扣申请",
        "body": "顾问甲 申请 3% 折扣",
        "names": ["王芳", "李明"],
        "link": "https://l2c.example.com/approvals/3/",
    }
    assert webhook_payload(channel="wecom", **args) == {
        "msgtype": "markdown",
        "markdown": {
            "content": "**待审批：折扣申请**\n顾问甲 申请 3% 折扣\n> 接收人：@王芳 @李明\n"
            "> [查看详情](https://l2c.example.com/approvals/3/)\n"
            f'<font color="comment">{SIGNATURE}</font>'
        },
    }
    assert webhook_payload(channel="dingtalk", **args) == {
        "msgtype": "markdown",
        "markdown": {
            "title": "待审批：折扣申请",
            "text": "#### 待审批：折扣申请\n\n顾问甲 申请 3% 折扣\n\n> 接收人：@王芳 @李明\n\n"
            "> [查看详情](https://l2c.example.com/approvals/3/)\n\n"
            f"###### {SIGNATURE}",
        },
    }
    bare = webhook_payload(channel="wecom", title="提醒", body="", names=[], link="")
    assert bare["markdown"]["content"] == f'**提醒**\n<font color="comment">{SIGNATURE}</font>'


def test_br_rpt_07_long_messages_are_shortened_but_keep_names_link_and_signature():
    names = [f"员工{i}" for i in range(30)]
    for channel in ("wecom", "dingtalk"):
        payload = webhook_payload(
            channel=channel,
            title="标题",
            body="很长" * 5000,
            names=names,
            link="https://x.example/",
        )
        text = payload["markdown"]["content" if channel == "wecom" else "text"]
        assert len(text.encode("utf-8")) <= CONTENT_MAX_BYTES
        assert "…" in text
        assert "@员工19 等 30 人" in text and "@员工20" not in text
        assert "https://x.example/" in text and text.endswith(
            f'<font color="comment">{SIGNATURE}</font>' if channel == "wecom" else SIGNATURE
        )


@pytest.mark.django_db
def test_br_rpt_07_a_bad_webhook_entry_is_refused_when_saved(company):
    from l2c.core.errors import BusinessRuleError
    from l2c.policy.services import policy_change

    with pytest.raises(BusinessRuleError) as err:
        policy_change(
            actor=company.admin.user,
            key="notifications.webhooks",
            value=[{"channel": "fax", "url": "http://127.0.0.1:1/"}],
            reason="配置群机器人",
        )
    assert err.value.rule == "BR-RPT-07" and "channel" in str(err.value.message)
