"""The settings of selling: customers, attribution splits, activities, the sales control
(catalog) and deals."""

from __future__ import annotations

from l2c.policy.defaults.definition import Definition as D
from l2c.policy.models import PolicyKind as K

#: 客户 customers
CUSTOMERS: tuple[D, ...] = (
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
)

#: 客户区分 attribution splits
ATTRIBUTION: tuple[D, ...] = (
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
)

#: 活动 activities
ACTIVITIES: tuple[D, ...] = (
    D("activities.visit_report_due_days", K.DAYS, 2, "拜访报告提交期限", "BR-ACT-02", "跟进与拜访"),
)

#: 销控 catalog
CATALOG: tuple[D, ...] = (
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
)

#: 商机与投标 deals
DEALS: tuple[D, ...] = (
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
)

#: 活动 activities: reminders
ACTIVITY_REMINDERS: tuple[D, ...] = (
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
)
