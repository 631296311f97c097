"""Demo data of the reception desk, built only through the services (idempotent).

The lead calls ``load_reception_demo(people)`` from ``l2c.web.demo.load_demo`` with the
demo people by user name. It leaves 销售一部's department-wide roster to the desk (the
browser test sets it through the page) and fills 二组's team desk instead:

* today's order 刘洋, 陈静, 杨帆 — 杨帆 is on a business trip, so the rotation skips him and
  he owes make-up turns (BR-REC-03);
* three new walk-ins and a call, one of them already filed as a customer (BR-REC-01, 07);
* 赵先生 (13900139000), registered by 王芳 20 days ago and followed up on time, comes back,
  refuses 王芳 and asks for 陈静: BR-ATT-02, 陈静 80 / 王芳 20 (S2);
* 钱女士, registered by 刘洋 10 days ago, forgot who received her: BR-ATT-07, disputed by
  刘洋 — waiting for the manager on the disputes page (BR-ATT-11).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from l2c.customers import services as customer_services
from l2c.org.models import Person
from l2c.reception import services
from l2c.reception.models import DutyRoster, Reception


def load_reception_demo(people: dict[str, Person]) -> int:
    """Create the reception demo unless the desk already has entries; returns how many
    register entries it created."""
    if Reception.objects.exists() or DutyRoster.objects.exists():
        return 0
    now = timezone.now()
    desk = people["huangli"].user
    team = people["zhaolei"].team
    roster = services.roster_set(
        actor=people["zhaolei"].user,
        rep_ids=[people[u].user.pk for u in ("liuyang", "chenjing", "yangfan")],
        team_id=team.pk,
    )

    def walk_in(name, **data):
        return services.reception_receive(
            actor=desk,
            kind="walk_in",
            data={"name": name, "source": data.pop("source", "passing"), **data},
            roster_id=roster.pk,
        )

    created = 0
    first = walk_in("周先生", mobile="13611112222", source="advert", inquiry="两房，首付预算 60 万")
    services.reception_register_customer(
        actor=people["liuyang"].user,
        reception_id=first.reception.pk,
        data={"klass": "B", "intent": "两房，首付预算 60 万"},
    )
    services.reception_mark_first_message_sent(
        actor=people["liuyang"].user, reception_id=first.reception.pk
    )
    walk_in("吴女士", mobile="13622223333", source="online", inquiry="学区与交房时间")
    walk_in("郑先生", source="referral", inquiry="朋友介绍，看三房")
    services.reception_receive(
        actor=desk,
        kind="call",
        data={
            "name": "冯女士",
            "mobile": "13633334444",
            "source": "online",
            "inquiry": "询问样板间开放时间",
            "rep": people["chenjing"].user.pk,
        },
        roster_id=roster.pk,
    )
    created += 4

    # S2: 赵先生, 王芳's customer for 20 days, followed up on time, asks for 陈静
    zhao = customer_services.customer_register(
        actor=people["wangfang"].user,
        data={"name": "赵先生", "mobile": "13900139000", "intent": "三房"},
        at=now - dt.timedelta(days=20),
    ).customer
    for days_ago in (18, 12, 6, 1):
        customer_services.customer_record_contact(
            actor=people["wangfang"].user,
            customer_id=zhao.pk,
            at=now - dt.timedelta(days=days_ago),
            real=True,
        )
    walk_in(
        "赵先生",
        mobile="13900139000",
        answers={
            "earlier_rep": people["wangfang"].user.pk,
            "refuses_earlier": True,
            "wanted_rep": people["chenjing"].user.pk,
        },
    )
    # BR-ATT-07 then BR-ATT-11: 钱女士 forgot who received her; 刘洋 disputes
    qian = customer_services.customer_register(
        actor=people["liuyang"].user,
        data={"name": "钱女士", "mobile": "13544445555"},
        at=now - dt.timedelta(days=2),
    ).customer
    customer_services.customer_record_contact(
        actor=people["liuyang"].user, customer_id=qian.pk, at=now - dt.timedelta(days=1), real=True
    )
    forgot = walk_in("钱女士", mobile="13544445555", answers={"forgot": True})
    if forgot.decision is not None and forgot.decision.receiver_id != people["liuyang"].user.pk:
        services.attribution_dispute(
            actor=people["liuyang"].user,
            decision_id=forgot.decision.pk,
            reason="客户上周由我接待并已建档，之后一直是我在跟进",
        )
    created += 2
    return created
