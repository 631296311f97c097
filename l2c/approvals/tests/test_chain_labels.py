"""BR-APR-01: a chain's conditions are shown in Chinese — on the policy page, in a skipped
step's note and in the "no approval needed" reason — never as internal fact keys."""

from __future__ import annotations

import ast
from decimal import Decimal
from pathlib import Path

import pytest

from l2c.approvals.chains import FACT_LABELS, Condition, parse_chain
from l2c.policy.default_chains import DEFAULT_CHAINS


def _facts_read(chain) -> set[str]:
    conditions = list(chain.required_when)
    for step in chain.steps:
        conditions += step.when
    facts = set()
    for c in conditions:
        facts.add(c.fact)
        if isinstance(c.value, dict):
            facts.add(c.value["fact"])
    return facts


def test_br_apr_01_every_fact_a_shipped_chain_reads_has_a_chinese_label():
    read = set()
    for _label, _rule, raw in DEFAULT_CHAINS.values():
        read |= _facts_read(parse_chain(raw))
    assert read  # the shipped chains do have conditions
    assert sorted(read - set(FACT_LABELS)) == []


def _facts_passed() -> set[str]:
    """The keys of every ``facts={…}`` given to ``approval_submit`` (or to
    ``document_submit``, which passes them on) in the source, and of the
    dicts returned by the ``…_facts()`` helpers that build them."""
    keys: set[str] = set()

    def literal_keys(node) -> set[str]:
        if not isinstance(node, ast.Dict):
            return set()
        return {k.value for k in node.keys if isinstance(k, ast.Constant)}

    for path in Path(__file__).resolve().parents[2].rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in ("approval_submit", "document_submit"):
                    for kw in node.keywords:
                        if kw.arg == "facts":
                            keys |= literal_keys(kw.value)
            elif isinstance(node, ast.FunctionDef) and node.name.endswith("_facts"):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Return):
                        keys |= literal_keys(inner.value)
    return keys


def test_br_apr_01_every_fact_the_services_submit_has_a_chinese_label():
    passed = _facts_passed()
    assert {"refund_after_contract", "gm_threshold", "requester_role"} <= passed
    assert sorted(passed - set(FACT_LABELS)) == []


@pytest.mark.parametrize(
    ("condition", "text"),
    [
        (Condition("refund_after_contract", "eq", True), "合同签订后退款 = 是"),
        (Condition("discount_needed", "eq", False), "需优惠审批 = 否"),
        (Condition("amount", "gt", {"fact": "gm_threshold"}), "金额 > 总经理审批金额线"),
        (Condition("requester_role", "eq", "rep"), "申请人角色 = 销售顾问"),
        (
            Condition("change_kind", "in", ["cancellation", "unit_exchange"]),
            "变更类型 ∈ 退订/解除、换房",
        ),
        (Condition("fee", "gte", Decimal("1000")), "手续费 ≥ 1000"),
        (Condition("revision", "gt", 1), "报价版本 > 1"),
        (Condition("unknown_fact", "eq", "x"), "unknown_fact = x"),
    ],
)
def test_br_apr_01_conditions_read_in_chinese(condition, text):
    assert condition.describe() == text
