"""The settings after the sale: contracts, fulfilment, finance, service and performance."""

from __future__ import annotations

from l2c.policy.defaults.definition import Definition as D
from l2c.policy.models import PolicyKind as K

#: the numbers of the order-to-cash documents (issue 12): 销售订单, 销售出库单 (a red one
#: too: a negative quantity, its own series), 催款通知单, 开票申请
ORDER_TO_CASH_FORMATS = {
    "order": {"prefix": "DD", "date": "YYYYMM", "department": True, "width": 5, "reset": "yearly"},
    "outbound": {
        "prefix": "CK",
        "date": "YYYYMM",
        "department": False,
        "width": 5,
        "reset": "yearly",
    },
    "red_outbound": {
        "prefix": "HCK",
        "date": "YYYYMM",
        "department": False,
        "width": 5,
        "reset": "yearly",
    },
    "dunning": {
        "prefix": "CS",
        "date": "YYYYMM",
        "department": False,
        "width": 5,
        "reset": "yearly",
    },
    "invoice_request": {
        "prefix": "KP",
        "date": "YYYYMM",
        "department": False,
        "width": 5,
        "reset": "yearly",
    },
}

#: 合同 contracts
CONTRACTS: tuple[D, ...] = (
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
            **ORDER_TO_CASH_FORMATS,
        },
        "单据编号规则（前缀、日期段、部门、流水号位数、重置周期）",
        "BR-CON-05",
        "合同",
    ),
)

#: 交付 fulfillment
FULFILLMENT: tuple[D, ...] = (
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
)

#: 财务 finance
FINANCE: tuple[D, ...] = (
    D("finance.default_overdue_days", K.DAYS, 60, "逾期超过多少天视为违约", "BR-FIN-05", "财务"),
)

#: added with order to cash (issue 12); at the end of DEFINITIONS, so seeding keeps the
#: order of the rows that exist
ORDER_TO_CASH: tuple[D, ...] = (
    D(
        "finance.retention_max_percent",
        K.PERCENT,
        "3",
        "质保金不得超过结算金额的比例",
        "BR-FIN-03",
        "财务",
        "建设工程质量保证金管理办法第七条：保证金总预留比例不得高于工程价款结算总额的3%。",
    ),
)

#: 售后 service
SERVICE: tuple[D, ...] = (
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
)

#: 绩效 performance
PERFORMANCE: tuple[D, ...] = (
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
)
