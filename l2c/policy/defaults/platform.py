"""The platform's settings: organisation, security, approvals, notifications and the
working-day calendar."""

from __future__ import annotations

from l2c.policy.defaults.definition import Definition as D
from l2c.policy.models import PolicyKind as K

#: 组织 organisation
ORGANISATION: tuple[D, ...] = (
    D(
        "org.absence_redistribute_days",
        K.DAYS,
        30,
        "请假超过多少天重新分配客户",
        "BR-ORG-03",
        "组织",
    ),
    D("org.probation_months", K.INTEGER, 2, "试用期（月）", "BR-ORG-04", "组织"),
    D(
        "org.probation_regularise_units",
        K.INTEGER,
        5,
        "试用期内售出多少套可申请转正",
        "BR-ORG-04",
        "组织",
    ),
    D(
        "org.skip_level_approval_allowed",
        K.BOOLEAN,
        False,
        "允许越级审批",
        "BR-ORG-01",
        "组织",
        "一个上级的原则：默认任何人不得越级审批。",
    ),
)

#: 安全 security
SECURITY: tuple[D, ...] = (
    D(
        "security.lockout_failures",
        K.INTEGER,
        5,
        "连续登录失败多少次锁定账号",
        "BR-SEC-02",
        "安全",
        minimum=1,
        maximum=100,
    ),
    D(
        "security.lockout_minutes",
        K.MINUTES,
        15,
        "账号锁定时长",
        "BR-SEC-02",
        "安全",
        minimum=1,
        maximum=1440,
    ),
)

#: added with the hardening of issue 16; at the end of DEFINITIONS
TOKENS: tuple[D, ...] = (
    D(
        "security.token_days",
        K.DAYS,
        7,
        "API 令牌有效天数（到期须重新登录）",
        "BR-SEC-02",
        "安全",
        minimum=1,
        maximum=365,
    ),
)

#: 审批 approvals
APPROVALS: tuple[D, ...] = (
    D(
        "approvals.discount_authority",
        K.JSON,
        {"rep": "0", "supervisor": "2", "manager": "5"},
        "各级折扣权限（%）",
        "BR-APR-02",
        "审批",
    ),
    D(
        "approvals.escalate_after_working_days",
        K.INTEGER,
        1,
        "审批超时后几个工作日升级",
        "BR-APR-03",
        "审批",
    ),
)

#: 通知 notifications
NOTIFICATIONS: tuple[D, ...] = (
    D(
        "notifications.webhooks",
        K.JSON,
        [],
        "企业微信 / 钉钉群机器人",
        "BR-RPT-07",
        "通知",
        "通知除进入站内信箱外，还推送到这些群。每项："
        '{"channel": "wecom" 或 "dingtalk", "url": "机器人 Webhook 地址", '
        '"kinds": ["approval.task", …]（可省略，省略即全部类型）, "name": "群名称"}。'
        "格式不正确的项会被忽略，不影响业务操作。",
    ),
    D(
        "notifications.webhook_max_attempts",
        K.INTEGER,
        6,
        "群推送失败时最多尝试次数",
        "BR-RPT-07",
        "通知",
        minimum=1,
        maximum=20,
    ),
    D(
        "notifications.webhook_retry_base_minutes",
        K.MINUTES,
        1,
        "群推送重试的起始间隔",
        "BR-RPT-07",
        "通知",
        "第 n 次失败后等待 起始间隔 × 2^(n−1)，最长 60 分钟。",
        minimum=1,
        maximum=60,
    ),
)

#: 日历 calendar
CALENDAR: tuple[D, ...] = (
    D("calendar.day_start_hour", K.INTEGER, 9, "上班时间（点）", "BR-APR-03", "日历", maximum=23),
    D("calendar.day_end_hour", K.INTEGER, 18, "下班时间（点）", "BR-APR-03", "日历", maximum=24),
)
