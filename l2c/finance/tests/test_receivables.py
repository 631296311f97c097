"""Payment milestones, receivables, ageing and default (BR-FIN-03, 04, 05; BR-FIN-01 and 06
for money received against a milestone), under the fixed clock (Monday 23 November 2026).

The contract: 赵先生's flat at 1,600,500.00, signed by 顾问1a on the clock's day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.testing import at
from l2c.finance import selectors, services
from l2c.finance.models import MoneyRecord, PaymentMilestone
from l2c.finance.tests.conftest import make_contract, make_reservation

pytestmark = pytest.mark.django_db

PRICE = Decimal("1600500.00")
SIGNED = dt.date(2026, 11, 23)
_refs = iter(range(1, 10_000))


@pytest.fixture
def contract(deal):
    return make_contract(deal.reservation)


def plan(actor, contract, *lines):
    return services.payment_plan_set(
        actor=actor.user, contract_id=contract.pk, milestones=list(lines)
    )


def line(kind, *, amount=None, percent=None, due_by="on_signing", due_on=None, offset=0):
    out = {"kind": kind, "due_by": due_by, "offset_days": offset}
    if amount is not None:
        out["amount"] = amount
    if percent is not None:
        out["percent"] = percent
    if due_on is not None:
        out["due_on"] = due_on
    return out


def standard(deal, contract, retention="3"):
    """30% advance on signing, 60% on arrival, the rest on acceptance, retention at expiry."""
    rest = Decimal(100) - 30 - 60 - Decimal(retention)
    return plan(
        deal.cashier,
        contract,
        line("advance", percent="30"),
        line("arrival", percent="60", due_by="on_arrival", offset=10),
        line("acceptance", percent=str(rest), due_by="on_acceptance"),
        line("retention", percent=retention, due_by="at_warranty_expiry"),
    )


def pay(deal, milestone, amount, *, bank_ref=None, actor=None):
    return services.milestone_payment_receive(
        actor=(actor or deal.cashier).user,
        milestone_id=milestone.pk,
        amount=amount,
        payer=deal.customer.name,
        method="bank",
        bank_ref=bank_ref or f"MS{next(_refs):08d}",
    )


# --- BR-FIN-03: the plan ------------------------------------------------------------------


def test_br_fin_03_retention_at_3_percent_is_accepted(deal, contract):
    milestones = standard(deal, contract, retention="3")
    assert [m.amount for m in milestones] == [
        Decimal("480150.00"),
        Decimal("960300.00"),
        Decimal("112035.00"),
        Decimal("48015.00"),
    ]
    assert sum(m.amount for m in milestones) == PRICE
    assert AuditLog.objects.filter(action="payment_plan.set", rule="BR-FIN-03").count() == 1


def test_br_fin_03_retention_at_3_01_percent_is_refused(deal, contract):
    with pytest.raises(BusinessRuleError) as err:
        standard(deal, contract, retention="3.01")
    assert err.value.rule == "BR-FIN-03"
    assert "质保金合计 ¥48,175.05 超过结算金额 ¥1,600,500.00 的 3%" in str(err.value.message)
    assert not PaymentMilestone.objects.exists()


def test_br_fin_03_plan_must_add_up_exactly_to_the_price(deal, contract):
    with pytest.raises(BusinessRuleError) as err:
        plan(
            deal.cashier,
            contract,
            line("advance", amount="480150"),
            line("arrival", amount="1120349.99", due_by="on_arrival"),
        )
    assert "还差 ¥0.01" in str(err.value.message)
    with pytest.raises(BusinessRuleError) as err:
        plan(deal.cashier, contract, line("advance", percent="50"), line("other", percent="51"))
    assert "多出 ¥16,005.00" in str(err.value.message)
    assert not PaymentMilestone.objects.exists()


def test_br_fin_03_the_handling_rep_may_set_the_plan_another_rep_may_not(deal, contract):
    assert plan(deal.rep, contract, line("advance", percent="100"))[0].owner_id == deal.rep.user.pk
    with pytest.raises(PermissionDeniedError):
        plan(deal.company.reps2[0], contract, line("advance", percent="100"))


def test_br_fin_03_plan_is_fixed_once_money_is_received(deal, contract):
    first = standard(deal, contract)[0]
    pay(deal, first, "1000")
    with pytest.raises(BusinessRuleError) as err:
        standard(deal, contract)
    assert err.value.code == "plan_has_money"


def test_br_fin_03_plan_from_the_contracts_payment_terms(deal, contract):
    contract.payment_terms = [
        {"name": "预付款", "percent": "33.333", "due": ""},
        {"name": "到货款", "percent": "63.667", "due": ""},
        {"name": "质保金", "percent": "3", "due": "2027-12-31"},
    ]
    contract.save()
    ms = services.payment_plan_from_terms(actor=deal.cashier.user, contract_id=contract.pk)
    assert [(m.kind, m.due_by) for m in ms] == [
        ("advance", "on_signing"),
        ("arrival", "on_arrival"),
        ("retention", "date"),
    ]
    assert sum(m.amount for m in ms) == PRICE  # the last one takes the rounding cents
    assert ms[0].due_on == SIGNED and ms[1].due_on is None and ms[2].due_on == dt.date(2027, 12, 31)


def test_br_fin_03_acceptance_milestone_is_not_due_before_the_acceptance_date(
    deal, contract, clock
):
    standard(deal, contract)
    clock.move_to(at(2027, 3, 1))
    rows = selectors.milestone_list(viewer=deal.cashier.user, contract_id=contract.pk)
    assert [r.state for r in rows] == ["overdue", "not_due", "not_due", "not_due"]
    assert rows[0].overdue_days == 98
    services.contract_event_record(
        actor=deal.cashier.user, contract_id=contract.pk, event="arrival", on="2027-02-01"
    )
    services.contract_event_record(
        actor=deal.cashier.user,
        contract_id=contract.pk,
        event="acceptance",
        on="2027-03-01",
        warranty_months=12,
    )
    rows = selectors.milestone_list(viewer=deal.cashier.user, contract_id=contract.pk)
    assert [r.due_on for r in rows] == [
        SIGNED,
        dt.date(2027, 2, 11),  # arrival + 10 days
        dt.date(2027, 3, 1),
        dt.date(2028, 3, 1),  # warranty expiry, 12 months after acceptance
    ]
    assert [r.state for r in rows] == ["overdue", "overdue", "due", "not_due"]
    with pytest.raises(BusinessRuleError):  # not in the future
        services.contract_event_record(
            actor=deal.cashier.user, contract_id=contract.pk, event="arrival", on="2027-03-02"
        )


# --- BR-FIN-03 / 01 / 06: money against a milestone ----------------------------------------


def test_br_fin_03_partial_payment_then_overpayment_is_refused(deal, contract):
    advance = standard(deal, contract)[0]
    pay(deal, advance, "300000")
    row = selectors.milestone_get(viewer=deal.cashier.user, milestone_id=advance.pk)
    assert (row.paid, row.outstanding, row.state) == (
        Decimal("300000.00"),
        Decimal("180150.00"),
        "partly_paid",
    )
    with pytest.raises(BusinessRuleError) as err:
        pay(deal, advance, "180150.01")
    message = str(err.value.message)
    assert err.value.code == "overpayment"
    assert "已收 ¥300,000.00，尚欠 ¥180,150.00" in message and "超出 ¥0.01" in message
    record = pay(deal, advance, "180150.00")
    assert record.kind == "milestone" and record.milestone_id == advance.pk
    assert record.contract_id == contract.pk and record.owner_id == deal.rep.user.pk
    with pytest.raises(BusinessRuleError) as err:
        pay(deal, advance, "1")
    assert "已全部收讫" in str(err.value.message)


def test_br_fin_01_only_finance_records_milestone_money(deal, contract):
    advance = standard(deal, contract)[0]
    with pytest.raises(PermissionDeniedError):
        pay(deal, advance, "1000", actor=deal.rep)


def test_br_fin_06_same_bank_reference_twice_against_a_milestone_is_one_receipt(deal, contract):
    advance = standard(deal, contract)[0]
    first = pay(deal, advance, "480150", bank_ref="ICBC-MS-1")
    again = pay(deal, advance, "480150", bank_ref="ICBC-MS-1")  # would overpay if it counted
    assert again.duplicate and again.pk == first.pk
    assert MoneyRecord.objects.count() == 1
    with pytest.raises(ConflictError):
        pay(deal, advance, "1000", bank_ref="ICBC-MS-1")


def test_br_fin_03_a_void_receipt_no_longer_pays_the_milestone(deal, contract):
    advance = standard(deal, contract)[0]
    record = pay(deal, advance, "1000")
    services.money_void(actor=deal.cashier.user, number=record.number, reason="录错金额")
    assert selectors.milestone_paid(advance.pk) == Decimal("0.00")


# --- BR-FIN-04: ageing --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (0, "d0_30"),
        (30, "d0_30"),
        (31, "d31_60"),
        (60, "d31_60"),
        (61, "d61_90"),
        (90, "d61_90"),
        (91, "d90_plus"),
    ],
)
def test_br_fin_04_ageing_buckets_at_their_edges(deal, contract, days, bucket):
    plan(
        deal.cashier,
        contract,
        line("advance", amount="600500", due_by="date", due_on="2026-12-01"),
        line("other", amount="1000000", due_by="date", due_on="2027-06-01"),
    )
    as_of = dt.date(2026, 12, 1) + dt.timedelta(days=days)
    result = selectors.ageing(viewer=deal.cashier.user, as_of=as_of)
    amounts = {b["key"]: b["amount"] for b in result.buckets}
    assert amounts == {
        k: (Decimal("600500.00") if k == bucket else Decimal("0.00"))
        for k in ("d0_30", "d31_60", "d61_90", "d90_plus")
    }
    assert result.outstanding == PRICE
    assert result.overdue == (Decimal("600500.00") if days else Decimal("0.00"))


def test_br_fin_04_paid_amounts_leave_the_buckets_and_totals_per_contract_and_customer(
    deal, contract, company
):
    advance, *_rest = standard(deal, contract)
    pay(deal, advance, "400000")
    other = make_contract(make_reservation(company, company.reps2[0]))
    plan(
        company.finance,
        other,
        line("advance", amount="1600500", due_by="date", due_on="2026-10-01"),
    )
    as_of = dt.date(2026, 12, 31)
    rows = {
        r["contract_id"]: r
        for r in selectors.contract_receivables(viewer=deal.cashier.user, as_of=as_of)
    }
    mine = rows[contract.pk]
    assert (mine["total"], mine["paid"], mine["outstanding"]) == (
        PRICE,
        Decimal("400000.00"),
        Decimal("1200500.00"),
    )
    assert mine["overdue"] == Decimal("80150.00") and mine["overdue_days"] == 38
    assert mine["d31_60"] == Decimal("80150.00") and not mine["in_default"]
    assert rows[other.pk]["overdue_days"] == 91 and rows[other.pk]["in_default"]
    customers = selectors.customer_receivables(viewer=deal.cashier.user, as_of=as_of)
    assert {c["contract__customer_id"] for c in customers} == {
        contract.customer_id,
        other.customer_id,
    }
    # scope: the rep sees their own contract's receivables only
    seen = selectors.contract_receivables(viewer=deal.rep.user, as_of=as_of)
    assert [r["contract_id"] for r in seen] == [contract.pk]
    assert selectors.ageing(viewer=deal.rep.user, as_of=as_of).outstanding == Decimal("1200500.00")


# --- BR-FIN-05: default and breach handling -----------------------------------------------


def test_br_fin_05_default_at_day_61_not_60(deal, contract, clock):
    plan(
        deal.cashier,
        contract,
        line("advance", amount=str(PRICE), due_by="date", due_on="2026-12-01"),
    )
    clock.move_to(at(2027, 1, 30))  # 60 days overdue
    state = selectors.contract_default(contract.pk)
    assert state["overdue_days"] == 60 and not state["in_default"]
    with pytest.raises(BusinessRuleError) as err:
        services.breach_open(actor=deal.cashier.user, contract_id=contract.pk)
    assert err.value.rule == "BR-FIN-05" and "尚未构成违约" in str(err.value.message)
    clock.move_to(at(2027, 1, 31))  # 61 days
    assert selectors.contract_default(contract.pk)["in_default"]
    case = services.breach_open(actor=deal.cashier.user, contract_id=contract.pk)
    assert case.overdue_days == 61 and case.overdue_amount == PRICE
    with pytest.raises(ConflictError):
        services.breach_open(actor=deal.cashier.user, contract_id=contract.pk)
    services.breach_step_record(
        actor=deal.cashier.user, case_id=case.pk, text="电话催收，客户承诺月底付款"
    )
    case = services.breach_close(
        actor=deal.company.manager1.user, case_id=case.pk, outcome="客户已付清"
    )
    assert case.closed_at is not None and len(case.steps) == 1
    assert [
        a.action for a in AuditLog.objects.filter(action__startswith="breach.").order_by("id")
    ] == [
        "breach.open",
        "breach.step",
        "breach.close",
    ]
    with pytest.raises(PermissionDeniedError):
        services.breach_open(actor=deal.rep.user, contract_id=contract.pk)


def test_br_fin_04_payments_due_on_the_reps_todo(deal, contract, clock):
    from l2c.core.todo import todo_for

    plan(
        deal.cashier,
        contract,
        line("advance", amount="600500", due_by="date", due_on="2026-11-30"),
        line("other", amount="1000000", due_by="date", due_on="2026-12-31"),
    )
    sections = {s.key: s for s in todo_for(deal.rep.user)}
    items = sections["finance.payments_due"].items
    assert len(items) == 1 and "600,500.00" in items[0].title and not items[0].overdue
    clock.move_to(at(2026, 12, 2))
    items = {s.key: s for s in todo_for(deal.rep.user)}["finance.payments_due"].items
    assert items[0].overdue
    assert "finance.payments_due" not in {s.key for s in todo_for(deal.company.reps2[0].user)}
