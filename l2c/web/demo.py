"""The demo company that ``make run`` serves (idempotent: a second load changes nothing).

Built only through services, so the demo obeys the same rules as real data. Each module
adds its part here, in the order of the flow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from l2c.core.roles import Role
from l2c.org import services as org
from l2c.org.models import Department, DepartmentKind, Person, Team

DEMO_PASSWORD = "demo2026"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    name: str
    title: str
    roles: tuple[str, ...]
    superior: str | None
    team: str | None = None


DEPARTMENTS = (
    # code, name, kind
    ("HQ", "总经办", DepartmentKind.HEAD_OFFICE),
    ("S1", "销售一部", DepartmentKind.SALES),
    ("S2", "销售二部", DepartmentKind.SALES),
    ("FIN", "财务部", DepartmentKind.FINANCE),
    ("CS", "客服部", DepartmentKind.SERVICE),
    ("WH", "仓储部", DepartmentKind.WAREHOUSE),
    ("TEC", "技术部", DepartmentKind.TECH),
)
TEAMS = (("S1", "一组"), ("S1", "二组"), ("S2", "三组"), ("S2", "四组"))

P = DemoPerson
PEOPLE: dict[str, tuple[DemoPerson, ...]] = {
    "HQ": (
        P("chenjg", "陈建国", "总经理", (Role.GM,), None),
        P("liuzq", "刘志强", "营销副总", (Role.VP,), "chenjg"),
        P("zhouhf", "周海峰", "销售总监", (Role.DIRECTOR,), "liuzq"),
        P("admin", "孙丽", "系统管理员", (Role.ADMIN,), "chenjg"),
    ),
    "S1": (
        P("wangjh", "王建华", "销售一部经理", (Role.MANAGER,), "zhouhf"),
        P("liming", "李明", "一组主管", (Role.SUPERVISOR,), "wangjh", "一组"),
        P("wangfang", "王芳", "置业顾问", (Role.REP,), "liming", "一组"),
        P("lina", "李娜", "置业顾问", (Role.REP,), "liming", "一组"),
        P("zhangwei", "张伟", "置业顾问", (Role.REP,), "liming", "一组"),
        P("zhaolei", "赵磊", "二组主管", (Role.SUPERVISOR,), "wangjh", "二组"),
        P("liuyang", "刘洋", "置业顾问", (Role.REP,), "zhaolei", "二组"),
        P("chenjing", "陈静", "置业顾问", (Role.REP,), "zhaolei", "二组"),
        P("yangfan", "杨帆", "置业顾问", (Role.REP,), "zhaolei", "二组"),
        P("huangli", "黄丽", "销售内勤", (Role.ASSISTANT,), "wangjh"),
    ),
    "S2": (
        P("wuzg", "吴志刚", "销售二部经理", (Role.MANAGER,), "zhouhf"),
        P("xufeng", "徐峰", "三组主管", (Role.SUPERVISOR,), "wuzg", "三组"),
        P("sunyue", "孙悦", "销售顾问", (Role.REP,), "xufeng", "三组"),
        P("machao", "马超", "销售顾问", (Role.REP,), "xufeng", "三组"),
        P("zhuting", "朱婷", "销售顾问", (Role.REP,), "xufeng", "三组"),
        P("hujun", "胡军", "四组主管", (Role.SUPERVISOR,), "wuzg", "四组"),
        P("guomin", "郭敏", "销售顾问", (Role.REP,), "hujun", "四组"),
        P("lintao", "林涛", "销售顾问", (Role.REP,), "hujun", "四组"),
        P("hejing", "何静", "销售顾问", (Role.REP,), "hujun", "四组"),
        P("gaoxue", "高雪", "销售助理", (Role.ASSISTANT,), "wuzg"),
    ),
    "FIN": (
        P("zhenghong", "郑红", "会计", (Role.FINANCE,), "chenjg"),
        P("fengxy", "冯晓燕", "出纳", (Role.FINANCE,), "zhenghong"),
    ),
    "CS": (
        P("xieting", "谢婷", "客服主管", (Role.SERVICE,), "zhouhf"),
        P("hanmei", "韩梅", "客服专员", (Role.SERVICE,), "xieting"),
    ),
    "WH": (P("tangjian", "唐建", "库管员", (Role.WAREHOUSE,), "chenjg"),),
    "TEC": (P("caolei", "曹磊", "技术经理", (Role.TECH,), "chenjg"),),
}


def _mobile(n: int) -> str:
    return f"139{n:08d}"[:11]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create whatever part of the demo company is missing. Returns what was created."""
    created = {"departments": 0, "teams": 0, "people": 0, "absences": 0}
    departments: dict[str, Department] = {d.code: d for d in Department.objects.all()}
    for order, (code, name, kind) in enumerate(DEPARTMENTS):
        if code not in departments:
            departments[code] = org.department_create(
                actor=None,
                name=name,
                code=code,
                kind=kind,
                parent=departments.get("HQ") if code != "HQ" else None,
                sort_order=order,
            )
            created["departments"] += 1
    teams: dict[str, Team] = {t.name: t for t in Team.objects.all()}
    for code, name in TEAMS:
        if name not in teams:
            teams[name] = org.team_create(actor=None, department=departments[code], name=name)
            created["teams"] += 1
    people: dict[str, Person] = {p.user.username: p for p in Person.objects.select_related("user")}
    serial = 0
    for code, members in PEOPLE.items():
        for m in members:
            serial += 1
            if m.username in people:
                continue
            people[m.username] = org.person_create(
                actor=None,
                username=m.username,
                name=m.name,
                title=m.title,
                roles=m.roles,
                department=departments[code],
                team=teams.get(m.team) if m.team else None,
                superior=people[m.superior] if m.superior else None,
                password=DEMO_PASSWORD,
                mobile=_mobile(serial * 7919),
                employee_no=f"E{serial:04d}",
                hired_on=dt.date(2024, 3, 1) + dt.timedelta(days=serial * 11),
            )
            created["people"] += 1
    for m in (p for ms in PEOPLE.values() for p in ms):
        if Role.SUPERVISOR in m.roles and m.team and teams[m.team].leader_id is None:
            org.team_set_leader(actor=None, team=teams[m.team], leader=people[m.username])
    # One rep away on business this week, so rotation and the home pages show an absence.
    traveller = people["yangfan"]
    if not traveller.absences.exists():
        today = timezone.localdate()
        start = timezone.make_aware(dt.datetime.combine(today, dt.time(8, 30)))
        org.absence_create(
            actor=people["zhaolei"].user,
            person=traveller,
            kind="business",
            starts_at=start,
            ends_at=start + dt.timedelta(days=3, hours=9),
            reason="赴苏州参加项目推介会",
        )
        created["absences"] += 1
    created["discounts"] = _load_discounts(people)
    from l2c.customers.demo import load_customers_demo

    created["customers"] = load_customers_demo(people)
    from l2c.activities.demo import load_activities_demo

    created["activities"] = load_activities_demo(people)
    from l2c.reception.demo import load_reception_demo

    created["receptions"] = load_reception_demo(people)
    from l2c.catalog.demo import load_catalog_demo

    created["catalog"] = load_catalog_demo(people)
    from l2c.deals.demo import load_deals_demo

    created["deals"] = load_deals_demo(people)
    from l2c.contracts.demo import load_contracts_demo

    created["contracts"] = load_contracts_demo(people)
    from l2c.finance.demo import load_finance_demo

    created["finance"] = load_finance_demo(people)
    from l2c.fulfillment.demo import load_fulfillment_demo

    created["fulfillment"] = load_fulfillment_demo(people)
    return created


#: (proposer, customer, unit, list price, discount %, reason, decisions in order)
DEMO_DISCOUNTS = (
    (
        "zhangwei",
        "钱先生",
        "2-1201",
        "1280000.00",
        "4",
        "一次性付款，老客户介绍",
        [
            ("liming", "approve", "客户诚意足，建议给予"),
            ("wangjh", "approve", "同意上报"),
            ("liuzq", "approve", "同意"),
            ("chenjg", "approve", "同意，当日下发"),
        ],
    ),
    (
        "zhaolei",
        "周女士",
        "7-0303",
        "860000.00",
        "6",
        "竞品楼盘同户型低 5%",
        [
            ("wangjh", "approve", "同意上报"),
            ("liuzq", "reject", "超出本月优惠额度，请与客户再沟通"),
        ],
    ),
    (
        "liming",
        "赵先生",
        "3-1502",
        "1650000.00",
        "3",
        "客户当日可签预定书",
        [("wangjh", "approve", "同意")],
    ),
    ("wangfang", "孙女士", "5-0801", "920000.00", "1.5", "首付比例 50%", []),
)


def _load_discounts(people: dict[str, Person]) -> int:
    """Discount requests at every stage of the BR-APR-02 chain (S1 step 6)."""
    from l2c.approvals import selectors as approval_selectors
    from l2c.approvals import services as approvals
    from l2c.deals import services as deals
    from l2c.deals.models import DiscountRequest

    if DiscountRequest.objects.exists():
        return 0
    for who, customer, unit, price, percent, reason, decisions in DEMO_DISCOUNTS:
        proposer = people[who].user
        dr = deals.discount_request_create(
            actor=proposer,
            data={
                "customer_name": customer,
                "unit_label": unit,
                "list_price": price,
                "discount_percent": percent,
                "reason": reason,
            },
        )
        deals.discount_request_submit(actor=proposer, discount=dr)
        request = approval_selectors.approval_for_object(dr, kind="discount")
        for approver, decision, opinion in decisions:
            approvals.approval_decide(
                actor=people[approver].user,
                request_id=request.pk,
                decision=decision,
                opinion=opinion,
            )
    return len(DEMO_DISCOUNTS)


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, name, department, roles) of every demo person, for the run banner."""
    rows = []
    for code, members in PEOPLE.items():
        dept = next(name for c, name, _k in DEPARTMENTS if c == code)
        for m in members:
            rows.append((m.username, m.name, dept, m.title))
    return rows
