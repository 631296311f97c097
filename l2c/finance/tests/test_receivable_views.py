"""Receivables pages (BR-FIN-03, 04, 05): a contract's payment plan with each milestone's
state and finance's actions; the receivables page with the ageing chart and the list by
contract, scoped; phone width without sideways scrolling (cards under 576 px)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.core.testing import at
from l2c.finance import services
from l2c.finance.models import MoneyRecord
from l2c.finance.tests.conftest import login, make_contract, make_reservation

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(deal):
    contract = make_contract(deal.reservation)
    services.payment_plan_set(
        actor=deal.cashier.user,
        contract_id=contract.pk,
        milestones=[
            {"kind": "advance", "percent": "30", "due_by": "on_signing"},
            {"kind": "arrival", "percent": "67", "due_by": "on_arrival"},
            {"kind": "retention", "percent": "3", "due_by": "at_warranty_expiry"},
        ],
    )
    return contract


def _phone_safe(page: str) -> None:
    # cards under 576 px: no fixed-width table that would scroll sideways at 390 px
    assert "table-responsive" not in page and "min-width" not in page and "nowrap" not in page


def test_br_fin_03_payment_plan_page_shows_states_and_records_payment_and_event(
    client, deal, contract, clock
):
    clock.move_to(at(2026, 12, 10))
    login(client, deal.cashier)
    url = f"/finance/contracts/{contract.pk}/payment-plan/"
    page = client.get(url).content.decode()
    assert "付款计划" in page and "逾期 17 天" in page and "未到期" in page
    assert "登记回款" in page and "登记到货" in page
    _phone_safe(page)
    advance = contract.payment_milestones.get(sequence=1)
    response = client.post(
        f"{url.replace('payment-plan/', '')}milestones/{advance.pk}/pay/",
        {"amount": "100000", "payer": "赵先生", "method": "bank", "bank_ref": "ICBC-PAGE-1"},
        follow=True,
    )
    page = response.content.decode()
    assert "已登记回款 ¥100,000.00" in page and "部分付款" in page
    response = client.post(
        f"/finance/contracts/{contract.pk}/milestones/{advance.pk}/pay/",
        {"amount": "999999", "payer": "赵先生", "method": "bank", "bank_ref": "ICBC-PAGE-2"},
        follow=True,
    )
    assert "尚欠 ¥380,150.00" in response.content.decode()
    assert MoneyRecord.objects.count() == 1
    response = client.post(
        f"/finance/contracts/{contract.pk}/events/",
        {"event": "arrival", "on": "2026-12-09"},
        follow=True,
    )
    page = response.content.decode()
    assert "2026-12-09" in page and "付款节点的到期日已随之更新" in page


def test_payment_plan_page_for_the_rep_has_no_money_actions_and_is_scoped(
    client, deal, contract, company
):
    login(client, deal.rep)
    page = client.get(f"/finance/contracts/{contract.pk}/payment-plan/").content.decode()
    assert "付款节点" in page and "登记回款" not in page
    login(client, company.reps2[0])
    assert client.get(f"/finance/contracts/{contract.pk}/payment-plan/").status_code == 404


def test_br_fin_04_receivables_page_with_ageing_chart_list_and_query_count(
    client, deal, contract, company, clock
):
    for i in range(5):
        other = make_contract(make_reservation(company, company.reps2[i % 2]))
        services.payment_plan_set(
            actor=company.finance.user,
            contract_id=other.pk,
            milestones=[
                {"kind": "advance", "amount": "1600500", "due_by": "date", "due_on": "2026-09-01"}
            ],
        )
    clock.move_to(at(2026, 12, 1))
    login(client, deal.cashier)
    client.get("/finance/receivables/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/finance/receivables/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "应收账款" in page and "ageing-chart" in page and "echarts.min.js" in page
    assert page.count("data-contract=") == 6 and "违约" in page
    assert len(ctx.captured_queries) <= 14, [q["sql"] for q in ctx.captured_queries]
    _phone_safe(page)
    assert (
        client.get(f"/finance/receivables/?contract={contract.number}")["Location"]
        == f"/finance/contracts/{contract.pk}/payment-plan/"
    )
    login(client, deal.rep)
    page = client.get("/finance/receivables/").content.decode()
    assert page.count("data-contract=") == 1


def test_receivables_in_the_navigation_of_finance_and_leaders_only(client, deal, company):
    login(client, deal.cashier)
    assert "/finance/receivables/" in client.get("/").content.decode()
    login(client, deal.rep)
    assert "/finance/receivables/" not in client.get("/").content.decode()


def test_br_fin_04_payments_due_on_the_reps_home(client, deal, contract):
    login(client, deal.rep)
    page = client.get("/").content.decode()
    assert "待回款" in page and contract.number in page


def test_br_fin_05_breach_handling_on_the_payment_plan_page(client, deal, company, clock):
    contract = make_contract(make_reservation(company))
    services.payment_plan_set(
        actor=deal.cashier.user,
        contract_id=contract.pk,
        milestones=[
            {"kind": "advance", "amount": "1600500", "due_by": "date", "due_on": "2026-12-01"}
        ],
    )
    url = f"/finance/contracts/{contract.pk}/"
    clock.move_to(at(2027, 1, 30))  # 60 days: not yet in default
    login(client, deal.cashier)
    page = client.post(f"{url}breach/", follow=True).content.decode()
    assert "尚未构成违约" in page
    clock.move_to(at(2027, 1, 31))  # 61 days
    login(client, deal.cashier)  # a new day, a new session
    page = client.get(f"{url}payment-plan/").content.decode()
    assert 'id="in-default"' in page and "立案违约处理" in page
    page = client.post(f"{url}breach/", follow=True).content.decode()
    assert "已立案违约处理" in page
    case = contract.breach_cases.get()
    client.post(f"{url}breach/{case.pk}/steps/", {"text": "电话催收"})
    page = client.post(
        f"{url}breach/{case.pk}/close/", {"outcome": "客户已付清"}, follow=True
    ).content.decode()
    assert "电话催收" in page and "客户已付清" in page and "已结案" in page
    login(client, deal.rep)
    assert "立案违约处理" not in client.get(f"{url}payment-plan/").content.decode()


def test_br_fin_03_plan_set_on_the_page_keeps_what_was_typed_after_an_error(client, deal, company):
    contract = make_contract(make_reservation(company))
    login(client, deal.cashier)
    url = f"/finance/contracts/{contract.pk}/payment-plan/"
    page = client.get(url).content.decode()
    assert "设置付款计划" in page and "尚未设置付款计划" in page
    form = {
        "kind_0": "advance",
        "percent_0": "30",
        "due_by_0": "on_signing",
        "kind_1": "arrival",
        "percent_1": "60",
        "due_by_1": "on_arrival",
        "kind_2": "retention",
        "name_2": "质保金",
        "percent_2": "10",
        "due_by_2": "at_warranty_expiry",
    }
    response = client.post(f"{url}edit/", form)
    page = response.content.decode()
    assert response.status_code == 422
    assert "质保金合计" in page and 'value="10"' in page and 'value="质保金"' in page
    assert not contract.payment_milestones.exists()
    form.update(percent_2="3", kind_3="acceptance", percent_3="7", due_by_3="on_acceptance")
    page = client.post(f"{url}edit/", form, follow=True).content.decode()
    assert "付款计划已保存" in page
    assert list(contract.payment_milestones.values_list("kind", flat=True)) == [
        "advance",
        "arrival",
        "retention",
        "acceptance",
    ]
    login(client, company.reps2[0])
    assert client.post(f"{url}edit/", form).status_code == 404
