"""Demo customers for ``make run`` (called by ``l2c.web.demo``): about 60 customers of the
reps of 销售一部 and 销售二部, A/B/C, at every stage and card state — valid with regular
follow-ups, due soon, void (registered 70 days ago, so the pool sweep drops them into the
public pool), deals, one lost, one locked by the manager — and S2's 赵先生 (13900139000),
王芳's customer for 20 days, followed up on time.

Everything goes through the services, at moments in the past (``customer_register(at=…)``).
Idempotent: a customer whose mobile is already registered is skipped."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from l2c.customers import services
from l2c.customers.models import Channel, Customer
from l2c.org.models import Person

REPS = (
    "wangfang", "lina", "zhangwei", "liuyang", "chenjing", "yangfan",
    "sunyue", "machao", "zhuting", "guomin", "lintao", "hejing",
)  # fmt: skip
SURNAMES = "张王李刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = ("建国", "志强", "秀英", "丽华", "海涛", "晓燕", "俊杰", "婷婷", "国平", "文静")
COMPANIES = (
    "杭州华联科技有限公司", "浙江东方建设集团", "宁波海曙贸易有限公司", "绿城物业服务集团",
    "杭州滨江实业有限公司", "浙江天台医药有限公司", "", "", "阿里巴巴（中国）有限公司",
    "中国银行杭州分行", "", "浙江大学附属第一医院", "杭州市西湖区教育局", "",
)  # fmt: skip
INTENTS = (
    "三居室，预算 300 万左右，关注学区",
    "改善型需求，看中 3 号楼高层",
    "公司团购意向，需要报价单",
    "投资自用两相宜，倾向小户型",
    "为父母购房，要求低楼层、近医院",
    "首付五成，希望年底前交房",
)
PREFIXES = ("138", "137", "136", "135", "150", "151", "158", "159", "186", "188", "189", "187")
ADDRESSES = ("西湖区文三路", "滨江区江南大道", "拱墅区湖墅南路", "上城区解放路", "余杭区文一西路")

#: (days since registration, class, stage, follow up regularly, what happens after)
PATTERN = (
    (18, "A", "intent", True, ""),
    (2, "B", "prospect", False, ""),  # first follow-up due tomorrow: due soon
    (70, "C", "prospect", False, ""),  # missed the first follow-up: void → pool
    (40, "B", "intent", True, ""),
    (1, "C", "prospect", False, ""),
)
#: extra fates for a few (rep index, customer index)
DEALS = {(0, 3), (3, 0), (7, 0), (10, 3)}
LOST = {(5, 3)}
ZHAO = ("赵先生", "13900139000", "wangfang")


def _moment(now: dt.datetime, days_ago: int, hour: int = 10) -> dt.datetime:
    local = timezone.localtime(now) - dt.timedelta(days=days_ago)
    moment = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    return min(moment, now - dt.timedelta(minutes=5))


def _mobile(rep_no: int, i: int) -> str:
    prefix = PREFIXES[(rep_no + i) % len(PREFIXES)]
    return f"{prefix}{(rep_no * 7919 + i * 104729 + 3571) % 10**8:08d}"


def _follow_up_regularly(owner, customer: Customer, days: int, now: dt.datetime) -> None:
    """Real contacts 2 days after registration, then every 5 days (BR-CUS-04)."""
    day = days - 2
    while day > 0:
        services.customer_record_contact(
            actor=owner.user, customer_id=customer.pk, at=_moment(now, day, 15), real=True
        )
        day -= 5


def _add(owner: Person, data: dict, days: int, regular: bool, now: dt.datetime) -> Customer:
    channel = data.pop("channel", Channel.WALK_IN)
    registration = services.customer_register(
        actor=owner.user,
        data={k: v for k, v in data.items() if k != "stage"},
        channel=channel,
        at=_moment(now, days, 10),
    )
    customer = registration.customer
    if data.get("stage", "prospect") != "prospect":
        customer = services.customer_update(
            actor=owner.user, customer_id=customer.pk, data={"stage": data["stage"]}
        )
    if regular:
        _follow_up_regularly(owner, customer, days, now)
    return customer


@transaction.atomic
def load_customers_demo(people: dict[str, Person]) -> int:
    """Create the demo customers that are missing; returns how many were created."""
    now = timezone.now()
    taken = set(Customer.objects.values_list("mobile", flat=True))
    created = 0
    name, mobile, who = ZHAO
    if mobile not in taken and who in people:
        _add(
            people[who],
            {"name": name, "mobile": mobile, "klass": "A", "stage": "intent",
             "company": "杭州华联科技有限公司", "intent": "三居室，看中 3-1502，预算 160 万",
             "address": "西湖区文三路 100 号"},
            20,
            True,
            now,
        )  # fmt: skip
        created += 1
    locked = None
    for rep_no, username in enumerate(REPS):
        owner = people.get(username)
        if owner is None:
            continue
        for i, (days, klass, stage, regular, _fate) in enumerate(PATTERN):
            number = _mobile(rep_no, i)
            if number in taken:
                continue
            serial = rep_no * len(PATTERN) + i
            surname = SURNAMES[serial % len(SURNAMES)]
            title = GIVEN[serial % len(GIVEN)] if serial % 3 == 0 else ("先生", "女士")[serial % 2]
            data = {
                "name": f"{surname}{title}",
                "mobile": number,
                "klass": klass,
                "stage": stage,
                "company": COMPANIES[serial % len(COMPANIES)],
                "gender": "F" if title in ("女士", "秀英", "丽华", "晓燕", "婷婷", "文静") else "M",
                "address": f"{ADDRESSES[serial % len(ADDRESSES)]} {10 + serial} 号",
                "intent": INTENTS[serial % len(INTENTS)],
                "channel": (Channel.WALK_IN, Channel.CALL, Channel.REFERRAL, Channel.ONLINE)[
                    serial % 4
                ],
            }
            spread = rep_no % 3 if regular or days >= 60 else 0
            customer = _add(owner, data, days + spread, regular, now)
            created += 1
            if (rep_no, i) in DEALS:
                services.customer_mark_deal(
                    actor=owner.user, customer_id=customer.pk, at=_moment(now, 3, 16)
                )
            elif (rep_no, i) in LOST:
                services.customer_update(
                    actor=owner.user,
                    customer_id=customer.pk,
                    data={"stage": "lost", "lost_reason": "已在竞品楼盘签约"},
                )
            elif username == "wangfang" and i == 0:
                locked = customer
    manager = people.get("wangjh")
    if locked is not None and manager is not None:
        services.customer_set_lock(
            actor=manager.user,
            customer_id=locked.pk,
            locked=True,
            reason="团购大客户，经理锁定跟进",
        )
    return created
