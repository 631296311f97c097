"""Approval chains as data (BR-APR-01): parsing, conditions and deadlines — pure functions.

The format is documented in ``l2c.policy.default_chains``. ``parse_chain`` is the one
gate: the policy page refuses a chain it cannot parse, and the engine only ever works with
the parsed :class:`Chain`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c.core.errors import BusinessRuleError
from l2c.core.roles import Role
from l2c.core.workdays import WorkingCalendar

RULE = "BR-APR-01"

MODES = {"all": gettext_lazy("会签"), "any": gettext_lazy("或签")}
APPROVER_TYPES = {"person", "role", "superior", "superiors_up_to"}
WITHIN = {"company", "department", "team"}
OPERATORS = {"eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in"}
DEADLINE_TYPES = {"same_day", "working_hours", "working_days"}
RESUBMIT_FROM = {"start", "rejecting_step"}


#: How the facts the services pass to ``approval_submit(facts=…)`` are named on pages
#: (conditions, skipped steps). An unknown fact shows its key; every fact a shipped chain
#: reads has a label (tested).
FACT_LABELS = {
    # amounts and discounts (deals, contracts, catalog)
    "amount": gettext_lazy("金额"),
    "list_price": gettext_lazy("标价"),
    "old_amount": gettext_lazy("原金额"),
    "change_percent": gettext_lazy("调价幅度(%)"),
    "discount_percent": gettext_lazy("优惠比例(%)"),
    "discount_needed": gettext_lazy("需优惠审批"),
    "requester_role": gettext_lazy("申请人角色"),
    "requester_authority": gettext_lazy("申请人权限(%)"),
    "supervisor_authority": gettext_lazy("主管权限(%)"),
    "manager_authority": gettext_lazy("经理权限(%)"),
    "revision": gettext_lazy("报价版本"),
    "gm_threshold": gettext_lazy("总经理审批金额线"),
    # contracts
    "special_reasons": gettext_lazy("特殊合同原因"),
    "change_kind": gettext_lazy("变更类型"),
    "refund_amount": gettext_lazy("退款金额"),
    "refund_after_contract": gettext_lazy("合同签订后退款"),
    "fee": gettext_lazy("手续费"),
    "contract": gettext_lazy("合同"),
    "access_kind": gettext_lazy("查阅方式"),
    # customers, activities
    "customer_id": gettext_lazy("客户"),
    "month": gettext_lazy("月份"),
    "items": gettext_lazy("计划拜访次数"),
    "due_on": gettext_lazy("提交期限"),
    "late": gettext_lazy("逾期提交"),
    # fulfillment
    "order": gettext_lazy("销售订单"),
}

#: Code values a fact holds, shown by their label. The owning apps' choices are repeated
#: here with the same source strings, because the engine imports no domain app; role codes
#: are read from ``core.roles`` for any fact.
VALUE_LABELS: dict[str, dict[str, Any]] = {
    "change_kind": {
        "unit_exchange": gettext_lazy("换房"),
        "name_change": gettext_lazy("换名"),
        "cancellation": gettext_lazy("退订/解除"),
    },
    "access_kind": {
        "view": gettext_lazy("查阅"),
        "borrow": gettext_lazy("借阅原件"),
    },
    "special_reasons": {
        "discount": gettext_lazy("价格优惠"),
        "payment_extension": gettext_lazy("付款时间延长"),
        "clause_change": gettext_lazy("条款修改或增加"),
    },
}


def _fact_label(name: str) -> str:
    return str(FACT_LABELS.get(name, name))


def _value_label(value: Any, fact: str = "") -> str:
    """A condition's value as a person reads it: 是/否, a role or code by its label, another
    fact by its name."""
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, dict):
        return _fact_label(value["fact"])
    if isinstance(value, list):
        return "、".join(_value_label(v, fact) for v in value)
    if isinstance(value, str):
        known = VALUE_LABELS.get(fact, {})
        if value in known:
            return str(known[value])
        if value in Role.values:
            return str(Role(value).label)
    return str(value)


def _fail(message: str) -> BusinessRuleError:
    return BusinessRuleError(RULE, message, code="invalid_chain", field="value")


@dataclass(frozen=True)
class ApproverSpec:
    type: str
    role: str = ""
    within: str = "company"
    username: str = ""
    department_kind: str = ""

    def describe(self) -> str:
        match self.type:
            case "person":
                return _("指定人员 %(u)s") % {"u": self.username}
            case "superior":
                return _("申请人的直接上级")
            case "superiors_up_to":
                return _("逐级上级直至%(role)s") % {"role": Role(self.role).label}
        scope = {"company": _("全公司"), "department": _("本部门"), "team": _("本组")}[self.within]
        return f"{scope}{Role(self.role).label}"


@dataclass(frozen=True)
class Condition:
    fact: str
    op: str
    value: Any

    def holds(self, facts: dict[str, Any]) -> bool:
        left = facts.get(self.fact)
        right = self.value
        if isinstance(right, dict):
            right = facts.get(right["fact"])
        if left is None or right is None:
            return False
        if self.op in {"in", "not_in"}:
            inside = str(left) in {str(v) for v in right}
            return inside if self.op == "in" else not inside
        a, b = _comparable(left), _comparable(right)
        try:
            match self.op:
                case "eq":
                    return a == b
                case "ne":
                    return a != b
                case "gt":
                    return a > b
                case "gte":
                    return a >= b
                case "lt":
                    return a < b
                case "lte":
                    return a <= b
        except TypeError:
            return False
        return False

    def describe(self) -> str:
        symbol = {
            "eq": "=",
            "ne": "≠",
            "gt": ">",
            "gte": "≥",
            "lt": "<",
            "lte": "≤",
            "in": "∈",
            "not_in": "∉",
        }[self.op]
        return f"{_fact_label(self.fact)} {symbol} {_value_label(self.value, self.fact)}"


def _comparable(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)


@dataclass(frozen=True)
class DeadlineSpec:
    type: str
    value: int = 0

    def due(
        self,
        started: dt.datetime,
        calendar: WorkingCalendar,
        *,
        day_start: dt.time,
        day_end: dt.time,
    ) -> dt.datetime:
        """The deadline of a step started at ``started`` (aware, local time)."""
        match self.type:
            case "same_day":
                return calendar.end_of_working_day(started, day_end=day_end)
            case "working_hours":
                return calendar.add_working_hours(
                    started, self.value, day_start=day_start, day_end=day_end
                )
        # working_days: the same time of day n working days later; a step started on a
        # day off counts from the next working morning.
        if not calendar.is_working_day(started.date()):
            started = dt.datetime.combine(
                calendar.next_working_day(started.date()), day_start, tzinfo=started.tzinfo
            )
        return calendar.add_working_days_at(started, self.value)

    def describe(self) -> str:
        match self.type:
            case "same_day":
                return _("当日")
            case "working_hours":
                return _("%(n)s 个工作小时内") % {"n": self.value}
        return _("%(n)s 个工作日内") % {"n": self.value}


@dataclass(frozen=True)
class StepSpec:
    name: str
    approvers: tuple[ApproverSpec, ...]
    mode: str = "any"
    deadline: DeadlineSpec | None = None
    when: tuple[Condition, ...] = ()

    def applies(self, facts: dict[str, Any]) -> bool:
        return all(c.holds(facts) for c in self.when)

    def describe(self, number: int) -> str:
        """ "2. 销售经理、营销副总审核（会签）：本部门销售部经理、全公司营销副总（当日）"."""
        who = "、".join(a.describe() for a in self.approvers)
        notes = []
        mode = str(MODE_LABELS[self.mode])
        if len(self.approvers) > 1 and mode not in self.name:
            notes.append(mode)
        if self.deadline is not None:
            notes.append(self.deadline.describe())
        if self.when:
            notes.append(_("仅当 %(c)s") % {"c": describe_conditions(self.when)})
        tail = "（" + " · ".join(notes) + "）" if notes else ""
        return f"{number}. {self.name}：{who}{tail}"


@dataclass(frozen=True)
class Chain:
    steps: tuple[StepSpec, ...]
    required_when: tuple[Condition, ...] = ()
    resubmit_from: str = "start"
    raw: dict = field(default_factory=dict, compare=False)

    def required(self, facts: dict[str, Any]) -> bool:
        return all(c.holds(facts) for c in self.required_when)


def describe_conditions(conditions: tuple[Condition, ...]) -> str:
    return _("且").join(c.describe() for c in conditions)


MODE_LABELS = {"all": gettext_lazy("会签"), "any": gettext_lazy("或签")}
RESUBMIT_LABELS = {
    "start": gettext_lazy("驳回后重新提交：从第一步重新审批"),
    "rejecting_step": gettext_lazy("驳回后重新提交：从驳回的那一步继续"),
}


def describe_chain(data: Any) -> list[str] | None:
    """A chain as the policy page reads it: when approval is needed, each step with its
    approvers, deadline and conditions, and where a resubmission starts; ``None`` for a
    value that is not a usable chain."""
    try:
        chain = parse_chain(data)
    except BusinessRuleError:
        return None
    lines = []
    if chain.required_when:
        lines.append(_("需要审批的条件：%(c)s") % {"c": describe_conditions(chain.required_when)})
    lines.extend(step.describe(n) for n, step in enumerate(chain.steps, start=1))
    if "resubmit_from" in data:
        lines.append(str(RESUBMIT_LABELS[chain.resubmit_from]))
    return lines


def _conditions(raw: Any, where: str) -> tuple[Condition, ...]:
    if raw in (None, []):
        return ()
    if not isinstance(raw, list):
        raise _fail(_("%(where)s的条件应为列表。") % {"where": where})
    out = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("fact"), str):
            raise _fail(_("%(where)s的条件缺少 fact。") % {"where": where})
        if item.get("op") not in OPERATORS:
            raise _fail(_("%(where)s的条件运算符无效。") % {"where": where})
        value = item.get("value")
        if isinstance(value, dict) and not isinstance(value.get("fact"), str):
            raise _fail(_("%(where)s的条件取值无效。") % {"where": where})
        if item["op"] in {"in", "not_in"} and not isinstance(value, list):
            raise _fail(_("%(where)s的 in 条件取值应为列表。") % {"where": where})
        if value is None:
            raise _fail(_("%(where)s的条件缺少取值。") % {"where": where})
        out.append(Condition(item["fact"], item["op"], value))
    return tuple(out)


def _approver(raw: Any, where: str) -> ApproverSpec:
    if not isinstance(raw, dict) or raw.get("type") not in APPROVER_TYPES:
        raise _fail(_("%(where)s的审批人类型无效。") % {"where": where})
    kind = raw["type"]
    role = str(raw.get("role", ""))
    if kind in {"role", "superiors_up_to"} and role not in Role.values:
        raise _fail(_("%(where)s的角色无效：%(role)s") % {"where": where, "role": role})
    within = str(raw.get("within", "company"))
    if within not in WITHIN:
        raise _fail(_("%(where)s的范围应为 company、department 或 team。") % {"where": where})
    username = str(raw.get("username", ""))
    if kind == "person" and not username:
        raise _fail(_("%(where)s指定人员时须填写 username。") % {"where": where})
    return ApproverSpec(
        type=kind,
        role=role,
        within=within,
        username=username,
        department_kind=str(raw.get("department_kind", "")),
    )


def _deadline(raw: Any, where: str) -> DeadlineSpec | None:
    if raw in (None, {}):
        return None
    if not isinstance(raw, dict) or raw.get("type") not in DEADLINE_TYPES:
        raise _fail(_("%(where)s的时限类型无效。") % {"where": where})
    value = raw.get("value", 0)
    bad = isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1000
    if raw["type"] != "same_day" and bad:
        raise _fail(_("%(where)s的时限应为 1 到 1000 的整数。") % {"where": where})
    return DeadlineSpec(raw["type"], int(value or 0))


def parse_chain(data: Any) -> Chain:
    """The :class:`Chain` for policy data; a clear Chinese error for anything unusable."""
    if not isinstance(data, dict):
        raise _fail(_("审批流程应为 JSON 对象。"))
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise _fail(_("审批流程至少要有一个步骤。"))
    if len(raw_steps) > 20:
        raise _fail(_("审批流程最多 20 个步骤。"))
    steps = []
    for number, raw in enumerate(raw_steps, start=1):
        where = _("第 %(n)s 步") % {"n": number}
        if not isinstance(raw, dict):
            raise _fail(_("%(where)s应为 JSON 对象。") % {"where": where})
        name = str(raw.get("name", "")).strip()
        if not name or len(name) > 60:
            raise _fail(_("%(where)s须有名称（不超过 60 字）。") % {"where": where})
        approvers = raw.get("approvers")
        if not isinstance(approvers, list) or not approvers:
            raise _fail(_("%(where)s至少要有一个审批人。") % {"where": where})
        mode = raw.get("mode", "any")
        if mode not in MODES:
            raise _fail(_("%(where)s的方式应为 all（会签）或 any（或签）。") % {"where": where})
        specs = tuple(_approver(a, where) for a in approvers)
        if any(s.type == "superiors_up_to" for s in specs) and len(specs) > 1:
            raise _fail(_("%(where)s：逐级上级不能与其他审批人同列一步。") % {"where": where})
        steps.append(
            StepSpec(
                name=name,
                approvers=specs,
                mode=mode,
                deadline=_deadline(raw.get("deadline"), where),
                when=_conditions(raw.get("when"), where),
            )
        )
    resubmit_from = data.get("resubmit_from", "start")
    if resubmit_from not in RESUBMIT_FROM:
        raise _fail(_("重新提交方式应为 start 或 rejecting_step。"))
    return Chain(
        steps=tuple(steps),
        required_when=_conditions(data.get("required_when"), _("流程")),
        resubmit_from=resubmit_from,
        raw=data,
    )
