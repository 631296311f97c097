"""How policy values read on the 制度设置 pages (BR-POL-01): every kind in Chinese, no
program values (dict/list reprs, role codes, package names) shown to managers."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from l2c.core.numbering import next_number
from l2c.policy.defaults import BY_KEY, DEFINITIONS
from l2c.policy.kinds import coerce, display
from l2c.policy.models import CalendarDay, CalendarYear, PolicyKind
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db

#: what a raw program value looks like on a page
RAW = re.compile(r"[{}\[\]']|\bTrue\b|\bFalse\b|\bNone\b|\bearlier\b")


def _shown(key: str, value=None) -> str:
    d = BY_KEY[key]
    return display(d.kind, coerce(d.kind, d.default if value is None else value), key=key)


def test_br_pol_01_simple_kinds_read_in_chinese():
    assert display(PolicyKind.DAYS, 60) == "60 天"
    assert display(PolicyKind.HOURS, 24) == "24 小时"
    assert display(PolicyKind.MINUTES, 15) == "15 分钟"
    assert display(PolicyKind.INTEGER, 300) == "300"
    assert display(PolicyKind.PERCENT, Decimal("20.00")) == "20%"
    assert display(PolicyKind.MONEY, Decimal("1000000.00")) == "1,000,000.00 元"
    assert display(PolicyKind.BOOLEAN, True) == "开"
    assert display(PolicyKind.BOOLEAN, False) == "关"
    assert display(PolicyKind.LIST, ["A", "B", "C"]) == "A、B、C"
    assert display(PolicyKind.LIST, []) == "未配置"


def test_br_pol_01_discount_authority_names_the_roles():
    assert _shown("approvals.discount_authority") == "销售顾问 0% · 销售主管 2% · 销售部经理 5%"


def test_br_con_05_numbering_shows_a_real_example_and_its_parts(clock):
    lines = _shown("numbering.formats").split("\n")
    assert lines[0] == (
        "合同：HT-2026-S1-000001（前缀 HT · 年份 · 部门代码 · 6 位流水，每年重新编号）"
    )
    assert "收据：SJ-202611-000001（前缀 SJ · 年月 · 6 位流水，每年重新编号）" in lines
    assert "投标：TB-2026-0001（前缀 TB · 年份 · 4 位流水，每年重新编号）" in lines
    assert [line.split("：")[0] for line in lines] == [
        "合同",
        "认购书",
        "收据",
        "报价单",
        "投标",
        "销售订单",
        "销售出库单",
        "红字出库单",
        "催款通知单",
        "开票申请",
    ]


def test_br_con_05_the_example_is_the_number_the_app_would_give(clock):
    with transaction.atomic():
        first = next_number("contract", department_code="S1")
        transaction.set_rollback(True)
    assert f"合同：{first}（" in _shown("numbering.formats")
    custom = {
        "contract": {
            "prefix": "C",
            "date": "YYYYMMDD",
            "department": False,
            "width": 3,
            "reset": "never",
            "separator": "/",
        }
    }
    assert _shown("numbering.formats", custom) == (
        "合同：C/20261123/001（前缀 C · 年月日 · 3 位流水，连续编号不重置）"
    )


def test_br_rpt_07_webhooks_unset_and_set():
    assert _shown("notifications.webhooks") == "未配置"
    hooks = [
        {
            "channel": "wecom",
            "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-key",
            "name": "销售一部群",
            "kinds": ["approval.task", "approval.escalation"],
        },
        {"channel": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=t"},
        {"channel": "fax"},
    ]
    shown = _shown("notifications.webhooks", hooks)
    assert shown.split("\n") == [
        "企业微信「销售一部群」：qyapi.weixin.qq.com（仅 2 类通知）",
        "钉钉群：oapi.dingtalk.com（全部通知）",
        "第 3 项格式不正确，推送时忽略",
    ]
    assert "secret-key" not in shown  # the robot's key stays in the JSON editor


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("attribution.refused_split", "客户新指定的接待人 80% · 原接待人 20%"),
        ("attribution.helper_split", "原接待人 80% · 协助接待人 20%"),
        ("attribution.forgot_split", "本次接待人 50% · 原接待人 50%"),
        ("attribution.nth_visit_split", "客户本次指定的接待人 50% · 此前各接待人平分 50%"),
        ("attribution.same_day_service_split", "代接待人 50% · 原接待人 50%"),
    ],
)
def test_br_att_splits_name_the_parties(key, expected):
    assert _shown(key) == expected


def test_br_att_split_of_an_unknown_key_uses_the_rulebook_reading():
    assert display(PolicyKind.SPLIT, {"A": Decimal(60), "C": Decimal(40)}) == (
        "现接待人 60% · 协助接待人 40%"
    )


def test_br_apr_01_chain_lists_steps_with_approvers_deadlines_and_conditions():
    lines = _shown("approvals.chain.discount").split("\n")
    assert lines[0] == "需要审批的条件：优惠比例(%) > 申请人权限(%)"
    assert lines[1] == "1. 销售主管提议：申请人的直接上级（当日 · 仅当 申请人角色 = 销售顾问）"
    assert lines[2].startswith(
        "2. 销售经理、营销副总审核（会签）：本部门销售部经理、全公司营销副总（当日"
    )
    assert lines[3].startswith("3. 总经理审批：全公司总经理")
    assert lines[-1] == "驳回后重新提交：从第一步重新审批"
    mixed = {
        "steps": [
            {
                "name": "两人审核",
                "approvers": [
                    {"type": "person", "username": "zhangsan"},
                    {"type": "role", "role": "finance", "within": "company"},
                ],
                "mode": "any",
                "deadline": {"type": "working_hours", "value": 4},
            },
            {"name": "逐级", "approvers": [{"type": "superiors_up_to", "role": "manager"}]},
        ],
        "resubmit_from": "rejecting_step",
    }
    assert display(PolicyKind.CHAIN, mixed).split("\n") == [
        "1. 两人审核：指定人员 zhangsan、全公司财务（或签 · 4 个工作小时内）",
        "2. 逐级：逐级上级直至销售部经理",
        "驳回后重新提交：从驳回的那一步继续",
    ]


def test_br_pol_01_readings_do_not_depend_on_key_order():
    """PostgreSQL's jsonb sorts an object's keys: the pages read the same either way."""
    for key in ("approvals.discount_authority", "numbering.formats", "attribution.nth_visit_split"):
        default = BY_KEY[key].default
        reordered = dict(reversed(list(default.items())))
        assert _shown(key, reordered) == _shown(key)


def test_br_pol_01_unknown_structured_values_never_show_a_repr():
    assert display(PolicyKind.JSON, {"rep": 1, "x": {"a": True}}) == '销售顾问：1\nx：{"a": true}'
    assert display(PolicyKind.JSON, []) == "未配置"
    assert display(PolicyKind.JSON, ["甲", 2]) == "甲\n2"
    assert display(PolicyKind.CHAIN, {"no": "steps"}) == "no：steps"


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.key)
def test_br_pol_01_every_shipped_setting_reads_without_program_values(definition, clock):
    typed = coerce(definition.kind, definition.default)
    shown = display(definition.kind, typed, key=definition.key)
    assert shown and not RAW.search(shown), shown
    codes = {"rep", "supervisor", "manager", "yearly", "YYYY", "superior", "same_day"}
    assert not codes & set(re.findall(r"[A-Za-z_]+", shown)), shown


# --- pages -----------------------------------------------------------------------------------


def _client(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def test_br_pol_01_settings_page_reads_in_chinese(company, clock):
    page = _client(company.manager1).get(reverse("policy:settings")).content.decode()
    assert "销售顾问 0% · 销售主管 2% · 销售部经理 5%" in page
    assert "合同：HT-2026-S1-000001（前缀 HT · 年份 · 部门代码 · 6 位流水，每年重新编号）" in page
    assert "客户本次指定的接待人 50% · 此前各接待人平分 50%" in page
    assert "1. 销售主管提议：申请人的直接上级" in page
    row = re.search(r'data-key="notifications.webhooks">(.*?)</td>', page, re.S)
    assert row and row.group(1).strip() == "未配置"
    assert "{&#x27;" not in page and "[]" not in page and "earlier" not in page


def test_br_pol_01_structured_setting_page_has_a_readable_block_and_a_folded_editor(company, clock):
    url = reverse("policy:setting", args=["numbering.formats"])
    page = _client(company.admin).get(url).content.decode()
    current = re.search(r'<ul class="[^"]*" id="policy-current">(.*?)</ul>', page, re.S)
    assert current and "合同：HT-2026-S1-000001" in current.group(1)
    assert "l2c-stat" not in current.group(0)
    editor = re.search(r'<details id="policy-json-editor">(.*?)</details>', page, re.S)
    assert editor and "高级：按 JSON 编辑" in editor.group(1)
    assert "policy-change-form" in editor.group(1) and "&quot;prefix&quot;" in editor.group(1)
    # a manager reads the value, without the editor
    page = _client(company.manager1).get(url).content.decode()
    assert "合同：HT-2026-S1-000001" in page and "policy-json-editor" not in page
    # a refused change opens the editor on its error
    response = _client(company.admin).post(url, {"value": "{", "reason": "测试", "version": 1})
    assert '<details id="policy-json-editor" open>' in response.content.decode()


def test_br_pol_01_simple_setting_keeps_its_big_figure_and_form(company):
    url = reverse("policy:setting", args=["customers.protection_days"])
    page = _client(company.admin).get(url).content.decode()
    assert '<div class="l2c-stat my-2" id="policy-current">60 天</div>' in page
    assert "policy-json-editor" not in page and 'id="policy-change-form"' in page


def test_br_pol_01_changed_value_and_history_read_in_chinese(company, clock):
    policy_change(
        actor=company.admin.user,
        key="approvals.discount_authority",
        value={"rep": "1", "supervisor": "3", "manager": "6"},
        reason="放宽权限",
    )
    url = reverse("policy:setting", args=["approvals.discount_authority"])
    page = _client(company.gm).get(url).content.decode()
    history = page[page.index('id="policy-history"') :]
    assert "销售顾问 1% · 销售主管 3% · 销售部经理 6%" in history
    assert "销售顾问 0% · 销售主管 2% · 销售部经理 5%" in history
    editor = page[page.index('id="policy-json-editor"') :]
    assert json.dumps({"rep": "1"})[1:-1].replace('"', "&quot;") in editor


def test_br_pol_03_calendar_page_names_its_source(company):
    assert CalendarYear.objects.get(year=2026).source == "chinese-calendar"
    page = _client(company.admin).get(reverse("policy:calendar") + "?year=2026").content.decode()
    assert "来源：国务院办公厅节假日安排（chinese-calendar 数据）" in page
    assert ">国务院安排<" in page
    assert ">chinese-calendar<" not in page and "来源 chinese-calendar" not in page
    day = CalendarDay.objects.filter(date__year=2026).first()
    assert day.source_label == "国务院办公厅节假日安排（chinese-calendar 数据）"
