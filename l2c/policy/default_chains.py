"""The approval chains the product ships with (BR-APR-02, BR-APR-04), as policy data.

Each chain is the value of the setting ``approvals.chain.<kind>`` (kind ``chain``): editable,
versioned, and checked by ``l2c.approvals.chains.parse_chain`` when an administrator
changes it. The format:

``steps``
    ordered (依次审批). Each step has a ``name``, ``approvers`` (a list of selectors, below),
    a ``mode`` — ``all`` (会签) or ``any`` (或签) — an optional ``deadline`` and optional
    ``when`` conditions (all must hold, else the step is skipped and the reason recorded).
approver selectors
    ``{"type": "person", "username": "…"}``; ``{"type": "role", "role": "manager",
    "within": "department" | "team" | "company", "department_kind": "sales"}``;
    ``{"type": "superior"}`` (the requester's superior); ``{"type": "superiors_up_to",
    "role": "manager"}`` (连续多级主管: one step per level, up to the first holder of the role).
``deadline``
    ``{"type": "same_day"}`` (end of the working day the step starts, or of the next one if
    it starts after hours), ``{"type": "working_hours", "value": 4}``,
    ``{"type": "working_days", "value": 1}``; absent: no deadline.
``required_when``
    conditions on the request's facts; if they do not hold, no approval is needed (the
    request is approved at once and the reason recorded).
``resubmit_from``
    ``start`` or ``rejecting_step`` (BR-APR-06).

A condition is ``{"fact": "discount_percent", "op": "gt", "value": 2}``; ``value`` may be
``{"fact": "other_fact"}`` to compare two facts. Operators: eq ne gt gte lt lte in not_in.
"""

from __future__ import annotations

SAME_DAY = {"type": "same_day"}
ONE_DAY = {"type": "working_days", "value": 1}
TWO_DAYS = {"type": "working_days", "value": 2}

SUPERIOR = {"type": "superior"}
DEPARTMENT_MANAGER = {"type": "role", "role": "manager", "within": "department"}
SALES_MANAGER = {"type": "role", "role": "manager", "within": "company", "department_kind": "sales"}
VP = {"type": "role", "role": "vp", "within": "company"}
GM = {"type": "role", "role": "gm", "within": "company"}
FINANCE = {"type": "role", "role": "finance", "within": "company"}
ALL_MANAGERS = {"type": "role", "role": "manager", "within": "company"}


def _step(name, approvers, *, mode="any", deadline=ONE_DAY, when=None):
    step = {"name": name, "approvers": approvers, "mode": mode}
    if deadline:
        step["deadline"] = deadline
    if when:
        step["when"] = when
    return step


ABOVE_SUPERVISOR = [
    {"fact": "discount_percent", "op": "gt", "value": {"fact": "supervisor_authority"}}
]

DEFAULT_CHAINS: dict[str, tuple[str, str, dict]] = {
    # key: (label, rule, chain)
    "discount": (
        "折扣审批",
        "BR-APR-02",
        {
            "resubmit_from": "start",
            # Within the requester's own authority (rep 0%, supervisor 2%, manager 5%):
            # no approval at all.
            "required_when": [
                {"fact": "discount_percent", "op": "gt", "value": {"fact": "requester_authority"}}
            ],
            "steps": [
                _step(
                    "销售主管提议",
                    [SUPERIOR],
                    deadline=SAME_DAY,
                    when=[{"fact": "requester_role", "op": "eq", "value": "rep"}],
                ),
                _step(
                    "销售经理、营销副总审核（会签）",
                    [DEPARTMENT_MANAGER, VP],
                    mode="all",
                    deadline=SAME_DAY,
                    when=ABOVE_SUPERVISOR,
                ),
                _step("总经理审批", [GM], deadline=SAME_DAY, when=ABOVE_SUPERVISOR),
            ],
        },
    ),
    "annual_plan": (
        "年度销售计划",
        "BR-APR-04",
        {
            "steps": [
                _step("销售主管审核", [SUPERIOR], deadline=TWO_DAYS),
                _step("总经理审批", [GM], deadline=TWO_DAYS),
            ]
        },
    ),
    "quote": (
        "报价审核（发出前）",
        "BR-DEAL-03",
        {
            "resubmit_from": "rejecting_step",
            # BR-APR-04: the supervisor reviews a rep's quote before it is sent (000: 报价前
            # 需经过销售部门主管审批); BR-DEAL-03: the manager reviews the final quote (003:
            # 销售部经理对最终报价进行审核). A supervisor's or manager's own quote starts at
            # the manager (a manager's own step is decided by submitting, BR-APR-05).
            "steps": [
                _step(
                    "销售主管审核",
                    [SUPERIOR],
                    deadline=SAME_DAY,
                    when=[{"fact": "requester_role", "op": "eq", "value": "rep"}],
                ),
                _step("销售经理审核（最终报价）", [DEPARTMENT_MANAGER], deadline=SAME_DAY),
            ],
        },
    ),
    "special_contract": (
        "特殊合同评审",
        "BR-APR-04",
        {
            "resubmit_from": "rejecting_step",
            "steps": [_step("销售经理评审", [DEPARTMENT_MANAGER]), _step("总经理审批", [GM])],
        },
    ),
    "sales_report": (
        "销售报告",
        "BR-APR-04",
        {
            "steps": [
                _step("销售主管审核", [SUPERIOR]),
                _step("总经理审阅", [GM], deadline=TWO_DAYS),
            ]
        },
    ),
    "complaint": (
        "客户投诉处理",
        "BR-APR-04",
        {"steps": [_step("销售主管处理意见", [SUPERIOR], deadline=SAME_DAY)]},
    ),
    "monthly_assessment": (
        "月度考核",
        "BR-APR-04",
        {
            "steps": [
                _step("销售主管评定", [SUPERIOR], deadline=TWO_DAYS),
                _step("总经理审批", [GM], deadline=TWO_DAYS),
            ]
        },
    ),
    "process_change": (
        "流程变更",
        "BR-APR-04",
        {
            "steps": [
                _step("相关部门会签意见", [ALL_MANAGERS], mode="all", deadline=TWO_DAYS),
                _step("总经理审批", [GM], deadline=TWO_DAYS),
            ]
        },
    ),
    "expense_claim": (
        "费用报销",
        "BR-APR-04",
        {
            "steps": [
                _step("部门经理审批", [DEPARTMENT_MANAGER]),
                _step("财务审核", [FINANCE], deadline=TWO_DAYS),
            ]
        },
    ),
    "price_change": (
        "价格表变更",
        "BR-APR-04",
        {"steps": [_step("销售经理审核", [DEPARTMENT_MANAGER]), _step("总经理审批", [GM])]},
    ),
    "return_exchange": (
        "退换货审批",
        "BR-APR-04",
        {
            "steps": [
                _step("分公司经理审批", [DEPARTMENT_MANAGER]),
                _step("销售部经理审批", [SALES_MANAGER]),
            ]
        },
    ),
    "bid_decision": (
        "投标决策",
        "BR-DEAL-02",
        {
            "steps": [
                _step("销售经理决定是否投标", [DEPARTMENT_MANAGER], deadline=SAME_DAY),
                _step(
                    "总经理决定（大额投标）",
                    [GM],
                    deadline=SAME_DAY,
                    when=[{"fact": "amount", "op": "gt", "value": {"fact": "gm_threshold"}}],
                ),
            ]
        },
    ),
    "contract_access": (
        "合同查阅/借阅",
        "BR-CON-06",
        {"steps": [_step("销售主管批准", [SUPERIOR], deadline=SAME_DAY)]},
    ),
    "contract_change": (
        "合同变更（换房、换名、退订）",
        "BR-CON-07",
        {
            "steps": [
                _step("销售经理审核", [DEPARTMENT_MANAGER], deadline=ONE_DAY),
                _step(
                    "总经理审批（签约后退款）",
                    [GM],
                    deadline=ONE_DAY,
                    when=[{"fact": "refund_after_contract", "op": "eq", "value": True}],
                ),
            ]
        },
    ),
    "customer_archive": (
        "客户档案归档（删除）",
        "BR-CUS-09",
        {"steps": [_step("总经理审批", [GM], deadline=ONE_DAY)]},
    ),
    "visit_plan": (
        "月度拜访计划",
        "BR-ACT-01",
        {
            "resubmit_from": "rejecting_step",
            "steps": [_step("销售主管审批", [SUPERIOR], deadline=TWO_DAYS)],
        },
    ),
    "demand_request": (
        "需货申请",
        "BR-FUL-02",
        {
            "steps": [
                _step("分公司经理审批", [DEPARTMENT_MANAGER]),
                _step("销售经理核对合同", [SALES_MANAGER]),
            ]
        },
    ),
    "invoice_request": (
        "开票申请",
        "BR-FIN-07",
        {"steps": [_step("销售审核", [SUPERIOR], deadline=SAME_DAY)]},
    ),
}
