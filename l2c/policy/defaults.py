"""Every policy setting the product knows, with the default of ``rules.md`` (BR-POL-01).

Adding a setting: add a ``Definition`` here and a migration that calls
``seed_definitions`` (idempotent: it creates only what is missing, never touches a value an
administrator changed). Until its row exists, ``policy.value`` answers the default.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from l2c.policy.models import PolicyKind as K

#: The first version of every default is in force from this moment, so that reading a
#: setting "at" any past business date finds a value.
DEFAULTS_EFFECTIVE_FROM = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Definition:
    key: str
    kind: str
    default: Any
    label: str
    rule: str
    group: str
    description: str = ""
    minimum: int | None = None
    maximum: int | None = None


D = Definition
DEFINITIONS: tuple[Definition, ...] = (
    # 组织 organisation
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
    # 安全 security
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
    # 客户 customers
    D(
        "customers.classes",
        K.LIST,
        ["A", "B", "C"],
        "客户等级",
        "BR-CUS-02",
        "客户",
        "A 重点客户（购买意向强或金额大）、B 潜在客户、C 一般客户。",
    ),
    D(
        "customers.tracking_classes",
        K.LIST,
        ["A", "B"],
        "需建立客户追踪表的等级",
        "BR-CUS-02",
        "客户",
    ),
    D("customers.protection_days", K.DAYS, 60, "建档保护期", "BR-CUS-04", "客户"),
    D("customers.first_follow_up_days", K.DAYS, 3, "建档后首次回访期限", "BR-CUS-04", "客户"),
    D("customers.follow_up_interval_days", K.DAYS, 7, "两次回访最长间隔", "BR-CUS-04", "客户"),
    D(
        "customers.supervisor_confirmation",
        K.BOOLEAN,
        False,
        "新卡与回访需主管确认",
        "BR-CUS-04a",
        "客户",
    ),
    D("customers.supervisor_confirmation_hours", K.HOURS, 24, "主管确认时限", "BR-CUS-04a", "客户"),
    D(
        "customers.message_only_void_count",
        K.INTEGER,
        3,
        "连续几次短信回访视为废卡",
        "BR-CUS-05",
        "客户",
    ),
    D(
        "customers.pool_daily_claim_cap",
        K.INTEGER,
        10,
        "每人每天最多从公海领取",
        "BR-CUS-07",
        "客户",
    ),
    D("customers.max_owned", K.INTEGER, 300, "每人最多拥有未成交客户数", "BR-CUS-07", "客户"),
    D("customers.reclaim_block_days", K.DAYS, 7, "原负责人重新领取的冷却期", "BR-CUS-07", "客户"),
    D("customers.drop_reminder_days", K.DAYS, 1, "掉入公海前提前提醒", "BR-CUS-07", "客户"),
    D("customers.referral_reward", K.MONEY, "200.00", "老带新成交奖励", "BR-CUS-08", "客户"),
    # 客户区分 attribution splits
    D(
        "attribution.refused_split",
        K.SPLIT,
        {"A": "80", "B": "20"},
        "客户拒绝原接待人、指定新人（原卡有效）",
        "BR-ATT-02",
        "客户区分",
    ),
    D(
        "attribution.helper_split",
        K.SPLIT,
        {"B": "80", "C": "20"},
        "原接待人不在、他人协助",
        "BR-ATT-03",
        "客户区分",
    ),
    D(
        "attribution.forgot_split",
        K.SPLIT,
        {"A": "50", "B": "50"},
        "客户忘记原接待人、登记显示原卡有效",
        "BR-ATT-07",
        "客户区分",
    ),
    D(
        "attribution.nth_visit_split",
        K.SPLIT,
        {"A": "50", "earlier": "50"},
        "客户第 N 次来访指定某人",
        "BR-ATT-08",
        "客户区分",
    ),
    D(
        "attribution.same_day_service_split",
        K.SPLIT,
        {"A": "50", "B": "50"},
        "代接待当日成交",
        "BR-ATT-13",
        "客户区分",
    ),
    # 活动 activities
    D("activities.visit_report_due_days", K.DAYS, 2, "拜访报告提交期限", "BR-ACT-02", "跟进与拜访"),
    # 销控 catalog
    D("catalog.hold_hours", K.HOURS, 24, "销控保留时长", "BR-CAT-03", "销控"),
    D(
        "catalog.max_deposit_percent",
        K.PERCENT,
        "20",
        "定金不得超过价款的比例",
        "BR-CAT-03",
        "销控",
        "民法典第586条：定金数额不得超过主合同标的额的20%。",
    ),
    # 商机与投标 deals
    D(
        "deals.gm_bid_threshold",
        K.MONEY,
        "1000000.00",
        "超过此金额的投标需总经理决定",
        "BR-DEAL-02",
        "商机与投标",
    ),
    D(
        "deals.bid_documents_days_before",
        K.DAYS,
        2,
        "标书须在开标前几天完成",
        "BR-DEAL-04",
        "商机与投标",
    ),
    D(
        "deals.bid_price_days_before",
        K.DAYS,
        1,
        "报价须在开标前几天确定",
        "BR-DEAL-04",
        "商机与投标",
    ),
    D("deals.publicity_min_days", K.DAYS, 5, "中标公示最短天数", "BR-DEAL-06", "商机与投标"),
    D("deals.publicity_max_days", K.DAYS, 7, "中标公示最长天数", "BR-DEAL-06", "商机与投标"),
    D(
        "deals.award_contract_days",
        K.DAYS,
        30,
        "中标通知后签订合同期限",
        "BR-DEAL-06",
        "商机与投标",
    ),
    D(
        "deals.bid_bond_max_percent",
        K.PERCENT,
        "2",
        "投标保证金不得超过估算价的比例",
        "BR-DEAL-05",
        "商机与投标",
        "招标投标法实施条例第26条。",
    ),
    # 审批 approvals
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
    # 合同 contracts
    D("contracts.archive_by_day", K.INTEGER, 5, "次月几号前归档当月合同原件", "BR-CON-05", "合同"),
    D(
        "numbering.formats",
        K.JSON,
        {
            "contract": {
                "prefix": "HT",
                "date": "YYYY",
                "department": True,
                "width": 6,
                "reset": "yearly",
            },
            "reservation": {
                "prefix": "RG",
                "date": "YYYY",
                "department": True,
                "width": 6,
                "reset": "yearly",
            },
            "receipt": {
                "prefix": "SJ",
                "date": "YYYYMM",
                "department": False,
                "width": 6,
                "reset": "yearly",
            },
            "quote": {
                "prefix": "BJ",
                "date": "YYYY",
                "department": True,
                "width": 6,
                "reset": "yearly",
            },
            "tender": {
                "prefix": "TB",
                "date": "YYYY",
                "department": False,
                "width": 4,
                "reset": "yearly",
            },
        },
        "单据编号规则（前缀、日期段、部门、流水号位数、重置周期）",
        "BR-CON-05",
        "合同",
    ),
    # 交付 fulfillment
    D(
        "fulfillment.ship_within_working_days",
        K.INTEGER,
        1,
        "合同后几个工作日内发货",
        "BR-FUL-03",
        "交付",
    ),
    D(
        "fulfillment.dealer_stock_recall_days",
        K.DAYS,
        30,
        "二级经销商库存超期召回",
        "BR-FUL-06",
        "交付",
    ),
    # 财务 finance
    D("finance.default_overdue_days", K.DAYS, 60, "逾期超过多少天视为违约", "BR-FIN-05", "财务"),
    # 售后 service
    D(
        "service.complaint_response_working_days",
        K.INTEGER,
        1,
        "投诉首次响应（工作日）",
        "BR-SRV-02",
        "售后",
    ),
    D("service.first_revisit_days", K.DAYS, 30, "交付后首次回访", "BR-SRV-03", "售后"),
    D("service.revisit_interval_days", K.DAYS, 90, "之后回访间隔", "BR-SRV-03", "售后"),
    # 绩效 performance
    D(
        "performance.warning_months",
        K.INTEGER,
        3,
        "连续几个月未完成目标给予警告",
        "BR-PERF-03",
        "绩效",
    ),
    D(
        "performance.termination_review_months",
        K.INTEGER,
        6,
        "连续几个月未完成目标启动辞退评审",
        "BR-PERF-03",
        "绩效",
    ),
    D(
        "performance.fine_duplicate_card",
        K.MONEY,
        "20.00",
        "因回访不及时造成重卡的罚款",
        "BR-PERF-06",
        "绩效",
    ),
    # 通知 notifications
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

BY_KEY: dict[str, Definition] = {d.key: d for d in DEFINITIONS}


def seed_definitions(setting_model, version_model, definitions=None) -> int:
    """Create the settings that do not exist yet, each with its default as version 1.

    Works with the real models and with a migration's historical models. Returns how many
    settings were created; a second call creates none.
    """
    from l2c.policy.kinds import coerce, to_json

    definitions = DEFINITIONS if definitions is None else definitions
    existing = set(setting_model.objects.values_list("key", flat=True))
    created = 0
    for d in definitions:
        if d.key in existing:
            continue
        setting = setting_model.objects.create(
            key=d.key,
            kind=d.kind,
            group=d.group,
            label=d.label,
            description=d.description,
            rule=d.rule,
        )
        version_model.objects.create(
            setting=setting,
            number=1,
            value=to_json(d.kind, coerce(d.kind, d.default)),
            effective_from=DEFAULTS_EFFECTIVE_FROM,
            reason="系统默认值（rules.md）",
        )
        created += 1
    return created


def _chain_definitions() -> tuple[Definition, ...]:
    from l2c.policy.default_chains import DEFAULT_CHAINS

    return tuple(
        Definition(f"approvals.chain.{key}", K.CHAIN, chain, f"审批流程：{label}", rule, "审批流程")
        for key, (label, rule, chain) in DEFAULT_CHAINS.items()
    )


DEFINITIONS = (
    *DEFINITIONS,
    D(
        "activities.holiday_reminder_days",
        K.DAYS,
        3,
        "节日问候提前提醒天数",
        "BR-ACT-04",
        "跟进与拜访",
    ),
    D(
        "activities.birthday_reminder_days",
        K.DAYS,
        1,
        "客户生日提前提醒天数",
        "BR-ACT-04",
        "跟进与拜访",
    ),
    D("calendar.day_start_hour", K.INTEGER, 9, "上班时间（点）", "BR-APR-03", "日历", maximum=23),
    D("calendar.day_end_hour", K.INTEGER, 18, "下班时间（点）", "BR-APR-03", "日历", maximum=24),
    *_chain_definitions(),
)
BY_KEY = {d.key: d for d in DEFINITIONS}
