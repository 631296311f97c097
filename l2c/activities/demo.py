"""Demo data of activities, loaded by the demo loader (``l2c.web.demo``) after the people
and customers: A/B customers of 一组 with their follow-ups, the supervisor's review of a
tracking table, visit plans at each stage, visit reports (one due, one reviewed) with the
tasks promised, and today's work logs. Idempotent: it adds only what is missing, and it
never touches lina's plans or logs nor huangli's summary (the browser tests create those).

Everything goes through the services, at moments in the past where the story needs them
(``customer_register(at=…)``); follow-ups are never dated before the registration."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from l2c.org.models import Person

#: (owner, name, mobile, class, birthday ("today" / "tomorrow" / ""), days since
#: registration, [(kind, days ago, hour, outcome, next follow-up N days later, answered)])
#: — real contacts at most 7 days apart, so every card is still valid today (BR-CUS-04)
CUSTOMERS = (
    (
        "lina",
        "吴女士",
        "13912300001",
        "A",
        "today",
        12,
        [
            ("call", 11, 15, "客户关心 3 号楼户型与付款方式，约周末看房", 2, False),
            ("visit", 9, 10, "带看样板间 3-1502，客户满意采光", None, False),
            ("message", 5, 9, "发送二期价格表", None, False),
            ("call", 3, 16, "客户与家人商量中，倾向一次性付款", 3, False),
        ],
    ),
    (
        "lina",
        "郑先生",
        "13912300002",
        "B",
        "tomorrow",
        5,
        [("call", 4, 11, "首次回访：预算 150 万左右，关注学区", 3, False)],
    ),
    (
        "wangfang",
        "钱总",
        "13912300003",
        "A",
        "",
        20,
        [
            ("meeting", 19, 14, "公司团购意向 8 套，需要报价", 2, False),
            ("visit", 15, 10, "拜访钱总公司，介绍团购方案", None, False),
            ("message", 9, 9, "发送团购合同样本", None, True),
            ("call", 3, 10, "对方法务审合同中", 4, False),
        ],
    ),
    ("zhangwei", "孙女士", "13912300004", "B", "", 2, []),
)


def _moment(days_ago: int, hour: int) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0))), timezone.now())


def _birthday(spec: str) -> str:
    if not spec:
        return ""
    day = timezone.localdate() + dt.timedelta(days=1 if spec == "tomorrow" else 0)
    try:
        return day.replace(year=1985).isoformat()
    except ValueError:  # 29 February
        return dt.date(1985, 2, 28).isoformat()


def _customers(people: dict[str, Person]) -> dict[str, object]:
    from l2c.activities.services.followups import record_follow_up
    from l2c.audit.services import audit_record
    from l2c.customers import services as customers
    from l2c.customers.models import Customer

    out = {}
    for owner, name, mobile, klass, birthday, age, follow_ups in CUSTOMERS:
        existing = Customer.objects.filter(mobile=mobile).first()
        if existing is not None:
            out[name] = existing
            continue
        person = people[owner]
        customer = customers.customer_register(
            actor=person.user,
            data={
                "name": name,
                "mobile": mobile,
                "klass": klass,
                "birthday": _birthday(birthday),
                "intent": "改善型住房" if klass == "A" else "首套刚需",
            },
            at=_moment(age, 9),
        ).customer
        for kind, ago, hour, outcome, next_in, answered in follow_ups:
            at = _moment(ago, hour)
            # history as it happened: each follow-up checked against the card at its time
            follow_up = record_follow_up(
                actor=person.user,
                customer=Customer.objects.get(pk=customer.pk),
                kind=kind,
                at=at,
                outcome=outcome,
                next_date=at.date() + dt.timedelta(days=next_in) if next_in is not None else None,
                answered=answered,
                now=at,
            )
            audit_record(
                actor=person.user,
                action="follow_up.record",
                obj=follow_up,
                rule="BR-CUS-04" if follow_up.real else "BR-CUS-05",
                extra={"customer": customer.pk, "kind": kind, "demo": True},
            )
        out[name] = customer
    return out


def _plans(people: dict[str, Person], customers: dict[str, object]) -> int:
    from l2c.activities import services
    from l2c.activities.models import VisitPlan
    from l2c.activities.policies import month_start, next_month
    from l2c.approvals import selectors as approval_selectors
    from l2c.approvals import services as approvals

    created = 0
    today = timezone.localdate()
    this_month, coming = month_start(today), next_month(today)
    wangfang, zhangwei, liming = people["wangfang"], people["zhangwei"], people["liming"]
    if not VisitPlan.objects.filter(rep=wangfang.user, month=this_month).exists():
        plan = services.visit_plan_create(
            actor=wangfang.user, month=this_month, note="本月重点跟进团购客户"
        )
        items = [(customers.get("钱总"), "", this_month, "relationship", "团购合同进度")]
        items.append((None, "华润置地 · 采购部", today, "develop", "介绍商铺"))
        if today - dt.timedelta(days=1) >= this_month:
            items.append(
                (
                    None,
                    "万科城销售中心（同行）",
                    today - dt.timedelta(days=1),
                    "competitor",
                    "了解竞品价格",
                )
            )
        for customer, target, day, purpose, note in items:
            services.visit_plan_item_add(
                actor=wangfang.user,
                plan_id=plan.pk,
                data={
                    "customer_id": getattr(customer, "pk", None),
                    "target": target if customer is None else "",
                    "planned_on": day,
                    "purpose": purpose,
                    "note": note,
                },
            )
        services.visit_plan_submit(actor=wangfang.user, plan_id=plan.pk)
        request = approval_selectors.approval_for_object(plan, kind="visit_plan")
        approvals.approval_decide(
            actor=liming.user,
            request_id=request.pk,
            decision="approve",
            opinion="同意，注意团购报价",
        )
        first = plan.items.order_by("planned_on", "id").first()
        report = services.visit_report_create(
            actor=wangfang.user,
            data={
                "plan_item_id": first.pk,
                "visited_at": _moment((today - first.planned_on).days, 10),
                "content": "与钱总确认团购 8 套意向，对方法务审阅合同样本",
                "feedback": "希望团购价再优惠 1%",
                "promises": [
                    {"title": "三日内提供团购报价单", "due_on": today + dt.timedelta(days=2)},
                ],
            },
        )
        services.visit_report_review(
            actor=liming.user, report_id=report.pk, decision="approve", comment="跟进及时"
        )
        created += 1
    if not VisitPlan.objects.filter(rep=zhangwei.user, month=coming).exists():
        plan = services.visit_plan_create(actor=zhangwei.user, month=coming)
        services.visit_plan_item_add(
            actor=zhangwei.user,
            plan_id=plan.pk,
            data={
                "customer_id": getattr(customers.get("孙女士"), "pk", None),
                "planned_on": coming + dt.timedelta(days=4),
                "purpose": "relationship",
            },
        )
        services.visit_plan_submit(actor=zhangwei.user, plan_id=plan.pk)
        created += 1
    return created


@transaction.atomic
def load_activities_demo(people: dict[str, Person]) -> dict[str, int]:
    """Create whatever part of the activities demo is missing. Returns what was created."""
    from l2c.activities import services
    from l2c.activities.models import FollowUp, TrackingReview, WorkLog

    before = FollowUp.objects.count()
    customers = _customers(people)
    created = {"follow_ups": FollowUp.objects.count() - before}
    lady = customers.get("吴女士")
    if lady is not None and not TrackingReview.objects.filter(customer=lady).exists():
        services.tracking_review_create(
            actor=people["liming"].user,
            customer_id=lady.pk,
            comment="跟进节奏好；客户倾向一次性付款，可申请优惠",
        )
    created["visit_plans"] = _plans(people, customers)
    logs = 0
    for who, text in (
        ("wangfang", "拜访华润置地采购部；电话回访钱总团购进度"),
        ("zhangwei", "接待来访 2 组；孙女士首次回访"),
    ):
        if not WorkLog.objects.filter(author=people[who].user, day=timezone.localdate()).exists():
            services.work_log_save(
                actor=people[who].user,
                data={"work_done": text, "customer_feedback": "客户普遍关心学区与交房时间"},
            )
            logs += 1
    created["work_logs"] = logs
    return created
