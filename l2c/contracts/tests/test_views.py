"""The contracts pages: pickers, forms, the contract page (badge, checklist, signing, access
log), confidentiality, PDFs, and list pages with a fixed number of queries."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.catalog import services as catalog_services
from l2c.contracts import services
from l2c.contracts.models import Contract, ContractAccessLog, Reservation
from l2c.contracts.services._common import may_sign
from l2c.contracts.tests.conftest import (
    approve_all,
    approved_discount,
    reserve,
    signed_contract,
)
from l2c.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, person):
    client.logout()
    assert client.login(username=person.user.username, password=PASSWORD)
    return client


def body(response) -> str:
    return response.content.decode()


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_br_con_01_the_unit_picker_shows_only_units_available_for_this_rep(
    client, company, catalog, customer
):
    units = catalog.units
    catalog_services.unit_hold(actor=company.reps1[1].user, unit_id=units["3-1601"].pk)
    catalog_services.unit_hold(actor=company.rep.user, unit_id=units["3-1602"].pk)
    other = __import__("l2c.catalog.tests.factories", fromlist=["x"]).make_customer(
        company.reps1[1], mobile="13700137000", name="孙先生"
    )
    reserve(company.reps1[1], other, units["3-1401"])
    login(client, company.rep)
    page = body(client.get(f"/contracts/reservations/new/?customer={customer.pk}"))
    assert "3-1602" in page and "3-1502" in page and "3-1402" in page
    assert "3-1601" not in page and "3-1401" not in page
    assert "赵先生" in page and "孙先生" not in page


def test_br_con_01_the_form_signs_or_shows_the_rule(client, company, catalog, customer):
    login(client, company.rep)
    data = {
        "customer_id": customer.pk,
        "unit_id": catalog.unit.pk,
        "kind": "deposit",
        "agreed_price": "1600500.00",
        "deposit_amount": "50000.00",
    }
    page = body(client.post("/contracts/reservations/new/", data))
    assert "BR-APR-02" in page and not Reservation.objects.exists()
    data["agreed_price"] = "1650000.00"
    response = client.post("/contracts/reservations/new/", data)
    r = Reservation.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/contracts/reservations/{r.pk}/"
    )
    page = body(client.get(response["Location"]))
    assert r.number in page and "人民币伍万元整" in page
    pdf = client.get(f"/contracts/reservations/{r.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_br_apr_02_the_form_offers_the_discount_the_supervisor_had_approved(
    client, company, catalog, customer
):
    """S1 step 6 → 7: the supervisor's approved discount for the rep's customer is offered
    on the rep's reservation form (it is the supervisor's document, named, not linked), a
    discount for somebody else's customer is not."""
    dr = approved_discount(company, customer, catalog.unit)
    other = __import__("l2c.catalog.tests.factories", fromlist=["x"]).make_customer(
        company.reps1[1], mobile="13700137000", name="孙先生"
    )
    approved_discount(company, other, catalog.units["3-1602"])
    login(client, company.rep)
    page = body(client.get(f"/contracts/reservations/new/?customer={customer.pk}"))
    assert f'<option value="{dr.pk}">赵先生 · 3-1502 · 3.00%</option>' in page
    assert "孙先生 · 3-1602" not in page
    data = {
        "customer_id": customer.pk,
        "unit_id": catalog.unit.pk,
        "kind": "deposit",
        "agreed_price": "1600500.00",
        "deposit_amount": "50000.00",
        "discount_id": dr.pk,
    }
    response = client.post("/contracts/reservations/new/", data)
    assert response.status_code == 302, body(response)
    r = Reservation.objects.get()
    assert (r.agreed_price, r.discount_id) == (Decimal("1600500.00"), dr.pk)


def test_br_con_03_the_contract_page_shows_special_with_its_reasons_and_logs_the_view(
    client, company, catalog, customer
):
    approved_discount(company, customer, catalog.unit)
    r = reserve(company.rep, customer, catalog.unit, price=Decimal("1600500.00"))
    login(client, company.rep)
    response = client.post(f"/contracts/new/?reservation={r.pk}", {"reservation": r.pk})
    contract = Contract.objects.get()
    assert response["Location"] == f"/contracts/{contract.pk}/"
    page = body(client.get(response["Location"]))
    assert 'data-classification="special"' in page and "价格优惠" in page
    assert "提交特殊合同评审" in page
    client.post(f"/contracts/{contract.pk}/submit/")
    page = body(client.get(f"/contracts/{contract.pk}/"))
    assert "特殊合同评审中" in page and "查看审批流程" in page
    assert ContractAccessLog.objects.filter(contract=contract, kind="view").count() == 2


def test_br_con_03_06_the_contract_page_shows_the_discount_the_review_and_the_log_in_words(
    client, company, catalog, customer
):
    """The signed special contract of S1: price, list price and discount at the top, each
    review step with the approver's opinion, and the access log in words (经办人, 销售主管,
    页面), never codes."""
    dr = approved_discount(company, customer, catalog.unit)
    r = reserve(company.rep, customer, catalog.unit, price=Decimal("1600500.00"))
    contract = services.contract_create(actor=company.rep.user, reservation_id=r.pk)
    services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    from l2c.approvals.selectors import approval_for_object

    approve_all(approval_for_object(contract, kind="special_contract"), opinion="同意签约")
    login(client, company.supervisor1)
    client.get(f"/contracts/{contract.pk}/")
    login(client, company.rep)
    page = body(client.get(f"/contracts/{contract.pk}/"))
    summary = page[page.index('id="contract-summary"') : page.index('id="contract-price"')]
    assert "¥1,600,500.00" in summary and "¥1,650,000.00" in summary
    assert "3.00%" in summary and "¥49,500.00" in summary
    assert f"优惠申请 #{dr.pk}" in page and 'id="discount-link"' not in page  # not hers
    steps = page[page.index('id="review-steps"') :]
    assert "销售经理评审" in steps and "总经理审批" in steps
    assert f"{company.manager1.name}：同意签约" in steps and f"{company.gm.name}：同意签约" in steps
    log = page[page.index('id="access-log"') :]
    log = re.sub(r'data-via="[^"]*"', "", log[: log.index("</table>")])
    assert "经办人" in log and "销售主管" in log and "页面" in log
    assert "owner" not in log and "role:" not in log and ">page<" not in log
    login(client, company.supervisor1)  # the discount is the supervisor's own request
    assert 'id="discount-link"' in body(client.get(f"/contracts/{contract.pk}/"))


def test_br_con_04_05_checklist_and_signing_on_the_page(client, company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    contract = services.contract_create(actor=company.rep.user, reservation_id=r.pk)
    services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    login(client, company.rep)
    page = body(client.get(f"/contracts/{contract.pk}/"))
    assert 'id="checklist-form"' not in page and "disabled" in page  # sign waits for it
    login(client, company.supervisor1)
    assert 'id="checklist-form"' in body(client.get(f"/contracts/{contract.pk}/"))
    client.post(
        f"/contracts/{contract.pk}/checklist/",
        {"clauses_and_figures": "on", "signatures_and_seals": "on", "attachments": "on"},
    )
    login(client, company.rep)
    client.post(f"/contracts/{contract.pk}/sign/")
    page = body(client.get(f"/contracts/{contract.pk}/"))
    assert "HT-2026-S1-000001" in page and 'id="review-complete"' in page
    pdf = client.get(f"/contracts/{contract.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert ContractAccessLog.objects.filter(contract=contract, kind="print").count() == 1


def test_br_con_06_outsiders_get_a_404_page(client, company, catalog, customer):
    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    for outsider in (company.reps1[1], company.assistant1, company.manager2):
        login(client, outsider)
        assert client.get(f"/contracts/{contract.pk}/").status_code == 404
        assert client.get(f"/contracts/{contract.pk}/pdf/").status_code == 404
        assert contract.number not in body(client.get("/contracts/"))
    # the assistant files it from the archive page, without reading it
    login(client, company.assistant1)
    assert contract.number in body(client.get("/contracts/archive/"))
    client.post(f"/contracts/{contract.pk}/archive/", {"location": "柜1-第2册"})
    assert Contract.objects.get(pk=contract.pk).archive_location == "柜1-第2册"
    login(client, company.reps1[1])
    page = body(
        client.post(
            "/contracts/access-requests/",
            {"number": contract.number, "kind": "view", "reason": "核对"},
            follow=True,
        )
    )
    assert contract.number in page


def test_br_con_07_change_request_page(client, company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    login(client, company.rep)
    page = body(
        client.post(
            f"/contracts/changes/new/?reservation={r.pk}",
            {"reservation": r.pk, "kind": "cancellation", "reason": "资金不足"},
        )
    )
    assert "BR-CON-07" in page  # no retention attempt recorded
    response = client.post(
        f"/contracts/changes/new/?reservation={r.pk}",
        {
            "reservation": r.pk,
            "kind": "cancellation",
            "reason": "资金不足",
            "retention_note": "已挽留",
        },
    )
    assert response.status_code == 302
    assert "退订/解除" in body(client.get(response["Location"]))
    assert "资金不足" in body(client.get("/contracts/changes/"))


@pytest.mark.parametrize(
    "url",
    [
        "/contracts/reservations/",
        "/contracts/",
        "/contracts/changes/",
        "/contracts/archive/",
        "/contracts/access-requests/",
    ],
)
def test_br_rpt_05_contract_list_pages_run_a_fixed_number_of_queries(
    client, company, catalog, customer, url
):
    def busy(unit):
        contract = signed_contract(company, reserve(company.rep, customer, unit))
        services.contract_change_request(
            actor=company.rep.user, contract_id=contract.pk, kind="cancellation", reason="测试"
        )
        services.contract_access_request_create(
            actor=company.reps1[1].user, contract_id=contract.pk, reason="核对"
        )

    units = list(catalog.units.values())
    for unit in units[:2]:
        busy(unit)
    login(client, company.supervisor1)
    few = _queries(client, url)
    for unit in units[2:6]:
        busy(unit)
    assert _queries(client, url) == few


def test_br_con_01_only_those_who_may_sign_see_the_sign_button(client, company, catalog):
    """Finance sees the reservation list (to receive deposits) but never signs one: no dead
    红色 button for them; the salespeople who may sign keep it."""
    for person, shown in (
        (company.rep, True),
        (company.manager1, True),
        (company.gm, True),
        (company.finance, False),
        (company.service, False),
    ):
        page = body(login(client, person).get("/contracts/reservations/"))
        assert ('id="new-reservation"' in page) is shown, person.name
        assert may_sign(person.user) is shown
