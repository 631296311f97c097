"""Demo reservations and contracts for ``make run`` (called by ``l2c.web.demo`` after the
catalog demo, before the finance demo):

- 王芳: a reservation with a 50,000.00 元 deposit (signed; the finance demo pays it);
- 李娜: a small deposit (小定) of 10,000.00 元;
- 张伟: a signed standard contract (reservation → contract → 李明's checklist → signed);
- 刘洋: a special contract (an added clause) waiting in the special-contract review.

Everything goes through the services, on available units of 「翠湖天地」 other than 3-1502
(kept for scenario S1); without the catalog demo it creates nothing. Idempotent: each demo rep
has one reservation of their kind in 「翠湖天地」; a rep who already has it is skipped (the
terms are the clause text the customer reads and the 认购书 prints, never a marker)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from l2c.catalog.models import Unit, UnitState
from l2c.contracts import services
from l2c.contracts.models import Reservation
from l2c.customers.models import CardState
from l2c.customers.selectors import card_state_q, customer_list
from l2c.org.models import Person

PROJECT = "CHTD"
S1_UNIT = "3-1502"
#: the 约定条款 shown on the reservation page and printed on the 认购书
TERMS = {
    "deposit": (
        "一、买受人交清定金后，出卖人为其保留上述房号，不再另售他人。\n"
        "二、购房款拟按首付 30%、余款银行按揭支付，以《商品房买卖合同》约定为准。"
    ),
    "small_deposit": (
        "一、小定用于为买受人保留上述房号。\n"
        "二、买受人应在约定期限内补交定金并签订正式认购书；逾期未补交的，"
        "出卖人不再保留该房号。"
    ),
}
#: what it shows, rep, kind, deposit, what follows (None, "standard", "special"), the
#: supervisor; one reservation of its kind per rep (the idempotency key)
PLAN = (
    ("deposit", "wangfang", "deposit", "50000.00", None, "liming"),
    ("small", "lina", "small_deposit", "10000.00", None, "liming"),
    ("standard", "zhangwei", "deposit", "60000.00", "standard", "liming"),
    ("special", "liuyang", "deposit", "50000.00", "special", "zhaolei"),
)


def _free_units(n: int) -> list[Unit]:
    return list(
        Unit.objects.filter(project__code=PROJECT, building="3", state=UnitState.AVAILABLE)
        .exclude(code=S1_UNIT)
        .order_by("-floor", "room")[:n]
    )


def _customer_id(person: Person) -> int | None:
    now = timezone.now()
    return (
        customer_list(viewer=person.user, scope="mine", now=now)
        .filter(card_state_q(CardState.VALID, now))
        .values_list("id", flat=True)
        .first()
    )


def load_contracts_demo(people: dict[str, Person]) -> int:
    if not Unit.objects.filter(project__code=PROJECT).exists():
        return 0
    done = set(
        Reservation.objects.filter(unit__project__code=PROJECT)
        .exclude(unit__code=S1_UNIT)
        .values_list("owner_id", "kind")
    )
    todo = [
        item
        for item in PLAN
        if item[1] in people and (people[item[1]].user_id, item[2]) not in done
    ]
    units = iter(_free_units(len(todo)))
    created = 0
    for _key, username, kind, deposit, follow, supervisor in todo:
        rep, boss = people.get(username), people.get(supervisor)
        unit = next(units, None)
        customer_id = _customer_id(rep) if rep is not None else None
        if rep is None or boss is None or unit is None or customer_id is None:
            continue
        with transaction.atomic():
            created += _one(rep, boss, unit, customer_id, kind, deposit, follow)
    return created


def _one(rep, boss, unit, customer_id, kind, deposit, follow) -> int:
    reservation = services.reservation_create(
        actor=rep.user,
        customer_id=customer_id,
        unit_id=unit.pk,
        kind=kind,
        agreed_price=unit.market_price,
        deposit_amount=Decimal(deposit),
        terms=TERMS[kind],
    )
    if follow is None:
        return 1
    contract = services.contract_create(
        actor=rep.user,
        reservation_id=reservation.pk,
        payment_terms=[
            {"name": "首付款", "percent": "30", "due": ""},
            {"name": "按揭款", "percent": "70", "due": ""},
        ],
        clause_changes="补充条款：赠送地下车位使用权一年。" if follow == "special" else "",
    )
    contract = services.contract_submit_review(actor=rep.user, contract_id=contract.pk)
    if follow == "standard":
        services.contract_review_checklist(
            actor=boss.user,
            contract_id=contract.pk,
            clauses_and_figures=True,
            signatures_and_seals=True,
            attachments=True,
            note="逐条核对无误",
        )
        services.contract_sign(actor=rep.user, contract_id=contract.pk)
    return 2
