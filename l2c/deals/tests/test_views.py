"""The deals pages: each renders, acts through its service, shows the rule's message, and
every list page runs a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.testing import at
from l2c.deals import services
from l2c.deals.models import (
    Opportunity,
    OpportunityStage,
    Quote,
    QuoteStatus,
    Tender,
    TenderStatus,
)
from l2c.deals.tests.factories import customer, decided, opportunity, quote, tender
from l2c.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, person):
    assert client.login(username=person.user.username, password=PASSWORD)
    return client


def _count(client, url) -> tuple[int, str]:
    client.get(url)  # warm up what is cached per session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries), response.content.decode()


def _grows_not(client, url, add) -> str:
    first, _page = _count(client, url)
    add()
    second, page = _count(client, url)
    assert second <= first, (first, second)
    return page


def test_br_deal_01_the_pipeline_page_shows_the_funnel_in_fixed_queries(company, clock, client):
    opportunity(company.rep, stage="proposal", amount="1000.00")
    login(client, company.rep)
    url = reverse("deals:opportunities")

    def more():
        for i in range(5):
            opportunity(company.rep, stage="needs", name=f"商机{i}")

    page = _grows_not(client, url, more)
    assert 'id="funnel"' in page and "方案/演示" in page
    assert page.count('data-stage="') == len(OpportunityStage.values)


def test_br_deal_01_new_opportunity_and_moves_on_the_page(company, clock, client):
    cust = customer(company.rep, "吴女士")
    login(client, company.rep)
    response = client.post(
        reverse("deals:opportunity_new"),
        {"customer": cust.pk, "name": "吴女士 3-1502", "amount": "1650000"},
        follow=True,
    )
    assert "商机已建立" in response.content.decode()
    opp = Opportunity.objects.get()
    url = reverse("deals:opportunity_move", args=[opp.pk])
    page = client.post(url, {"stage": "lost"}, follow=True).content.decode()
    assert "输单须填写原因" in page
    page = client.post(url, {"stage": "won"}, follow=True).content.decode()
    assert "赢单须有认购书或合同" in page
    page = client.post(url, {"stage": "qualified", "version": opp.version}, follow=True)
    assert "阶段已变更" in page.content.decode()
    opp.refresh_from_db()
    assert opp.stage == "qualified"
    assert "已确认" in client.get(reverse("deals:opportunity", args=[opp.pk])).content.decode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("deals:opportunity_new", {"name": "吴女士 3-1502", "amount": "1650000"}),
        (
            "deals:tender_new",
            {
                "title": "中水回用工程",
                "estimated_price": "1500000",
                "opening_at": "2026-12-10T09:30",
            },
        ),
    ],
)
def test_the_customer_select_starts_empty_and_is_required(company, clock, client, name, data):
    customer(company.rep, "吴女士")
    customer(company.rep, "市水务集团")
    login(client, company.rep)
    page = client.get(reverse(name)).content.decode()
    select = page[
        page.index('name="customer"') : page.index("</select>", page.index('name="customer"'))
    ]
    assert '<option value="" selected>—— 请选择客户 ——</option>' in select
    assert select.count(" selected") == 1  # nobody is chosen for the user
    response = client.post(reverse(name), data)
    assert response.status_code == 200
    assert response.context["form"].errors["customer"] == ["请选择客户。"]
    assert "请选择客户。" in response.content.decode()
    assert not Opportunity.objects.exists() and not Tender.objects.exists()


def test_br_deal_03_the_quote_page_walks_review_discount_send_and_revise(
    company, cat, clock, client
):
    from l2c.deals.tests.helpers import approve_all, everyone, request_of

    opp = opportunity(company.rep)
    login(client, company.rep)
    new = reverse("deals:quote_new") + f"?opportunity={opp.pk}"
    assert 'id="quote-form"' in client.get(new).content.decode()
    form = {
        "lines-TOTAL_FORMS": "5",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-product": cat.flat.pk,
        "lines-0-unit_code": "3-1502",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "1600500.00",
        "payment_terms": "首付 30%",
    }
    for i in range(1, 5):
        form[f"lines-{i}-quantity"] = "1"
    response = client.post(new, form, follow=True)
    assert "报价单已保存" in response.content.decode()
    q = Quote.objects.get()
    url = reverse("deals:quote", args=[q.pk])
    page = client.get(url).content.decode()
    assert "须获批优惠后才能发出" in page and "1,600,500.00" in page
    client.post(reverse("deals:quote_action", args=[q.pk, "submit"]))
    approve_all(request_of(q, "quote"), everyone(company))
    page = client.post(reverse("deals:quote_action", args=[q.pk, "send"]), follow=True)
    assert "须先获批优惠申请才能发出" in page.content.decode()
    client.post(
        reverse("deals:quote_action", args=[q.pk, "request_discount"]), {"reason": "当日签"}
    )
    approve_all(request_of(q.discount_requests.get(), "discount"), everyone(company))
    page = client.post(reverse("deals:quote_action", args=[q.pk, "send"]), follow=True)
    assert "报价单已发出" in page.content.decode()
    q.refresh_from_db()
    assert q.status == QuoteStatus.SENT
    page = client.get(url).content.decode()
    assert 'id="revise-form"' in page and "优惠已批准" in page
    revise = {**form, "lines-0-unit_price": "1600500.00", "payment_terms": "一次性付款"}
    revise["reason"] = "客户改一次性付款"
    response = client.post(reverse("deals:quote_revise", args=[q.pk]), revise, follow=True)
    assert "已生成修订版" in response.content.decode()
    assert Quote.objects.get(previous=q).status == QuoteStatus.DRAFT
    # the old discount page shows the customer, the unit and the quote now
    dr = q.discount_requests.get()
    page = client.get(reverse("deals:discount", args=[dr.pk])).content.decode()
    assert 'id="discount-quote"' in page and q.number in page and "3-1502" in page


def test_br_deal_03_the_quote_list_runs_fixed_queries(company, cat, clock, client):
    opp = opportunity(company.rep)
    line = [{"unit": cat.unit.pk, "unit_price": "1650000.00"}]
    quote(company.rep, opp, line)
    login(client, company.supervisor1)

    def more():
        for _i in range(4):
            q = quote(company.rep, opp, [{"unit": cat.unit2.pk, "unit_price": "1600000.00"}])
            services.quote_request_discount(actor=company.rep.user, quote_id=q.pk)

    page = _grows_not(client, reverse("deals:quotes"), more)
    assert "审批中" in page


def test_br_deal_04_the_tender_page_keeps_the_price_confidential(company, clock, client):
    t = decided(company, tender(company.rep))
    services.tender_set_price(actor=company.rep.user, tender_id=t.pk, price="1420000.00")
    url = reverse("deals:tender", args=[t.pk])
    login(client, company.supervisor1)
    page = client.get(url).content.decode()
    assert "保密" in page and "1,420,000.00" not in page
    login(client, company.rep)
    page = client.get(url).content.decode()
    assert "1,420,000.00" in page and 'id="tender-deadlines"' in page
    assert "2026-12-08 09:30" in page and "2026-12-09 09:30" in page  # the deadlines shown
    login(client, company.reps1[1])
    assert client.get(url).status_code == 404


def test_br_deal_04_late_readiness_shows_red_on_the_page(company, clock, client):
    t = decided(company, tender(company.rep))
    clock.move_to(at(2026, 12, 8, 12))
    login(client, company.rep)
    url = reverse("deals:tender", args=[t.pk])
    page = client.get(url).content.decode()
    assert "已过期限，尚未完成" in page and 'id="tender-violations"' in page
    client.post(reverse("deals:tender_action", args=[t.pk, "step"]), {"step": "documents_ready"})
    page = client.get(url).content.decode()
    assert "逾期" in page and "table-danger" in page


def test_br_deal_02_report_a_tender_on_the_page(company, clock, client):
    cust = customer(company.rep, "市水务集团")
    login(client, company.rep)
    response = client.post(
        reverse("deals:tender_new"),
        {
            "customer": cust.pk,
            "title": "中水回用工程",
            "estimated_price": "1500000",
            "opening_at": "2026-12-10T09:30",
            "bid_team": [company.tech.user.pk],
        },
        follow=True,
    )
    assert "招标信息已登记并报告部门经理" in response.content.decode()
    t = Tender.objects.get()
    assert set(t.bid_team.all()) == {company.rep.user, company.tech.user}
    page = client.post(
        reverse("deals:tender_action", args=[t.pk, "decide"]), follow=True
    ).content.decode()
    assert "已提交投标决策" in page


def test_br_deal_04_the_tender_list_runs_fixed_queries(company, clock, client):
    tender(company.rep, team=[company.tech])
    login(client, company.manager1)

    def more():
        for i in range(4):
            t = decided(company, tender(company.rep, title=f"项目{i}", team=[company.tech]))
            services.tender_set_price(actor=company.rep.user, tender_id=t.pk, price="1000.00")

    page = _grows_not(client, reverse("deals:tenders"), more)
    assert "保密" in page and str(TenderStatus.PREPARING.label) in page


def test_br_apr_02_the_discount_list_runs_fixed_queries(company, cat, clock, client):
    opp = opportunity(company.rep)
    login(client, company.rep)
    q = quote(company.rep, opp, [{"unit": cat.unit.pk, "unit_price": "1600000.00"}])
    services.quote_request_discount(actor=company.rep.user, quote_id=q.pk)

    def more():
        for _i in range(3):
            q = quote(company.rep, opp, [{"unit": cat.unit.pk, "unit_price": "1600000.00"}])
            services.quote_request_discount(actor=company.rep.user, quote_id=q.pk)

    page = _grows_not(client, reverse("deals:discounts"), more)
    assert "BJ-2026-S1-" in page


def test_br_apr_02_a_discount_is_asked_for_a_customer_file_and_a_unit_from_the_lists(
    company, cat, clock, client
):
    from l2c.deals.models import DiscountRequest

    mine = customer(company.rep, "赵先生")
    theirs = customer(company.reps2[0], "外部门客户")
    login(client, company.rep)
    page = client.get(reverse("deals:discount_new")).content.decode()
    assert "—— 请选择客户 ——" in page and "赵先生（尾号" in page and "外部门客户" not in page
    assert cat.unit.code in page and f"{cat.unit.market_price:,.2f}" in page
    empty = client.post(reverse("deals:discount_new"), {"discount_percent": "3", "submit": "1"})
    assert "请选择客户" in empty.content.decode() and not DiscountRequest.objects.exists()
    data = {"customer_id": mine.pk, "unit_id": cat.unit.pk, "discount_percent": "3"}
    response = client.post(reverse("deals:discount_new"), {**data, "draft": "1"})
    dr = DiscountRequest.objects.get()
    assert response.status_code == 302
    assert (dr.customer_id, dr.unit_id, dr.customer_name, dr.unit_label) == (
        mine.pk,
        cat.unit.pk,
        "赵先生",
        cat.unit.code,
    )
    assert dr.list_price == cat.unit.market_price  # from the price list, not typed
    with pytest.raises(PermissionDeniedError):  # another department's customer
        services.discount_request_create(
            actor=company.rep.user, data={**data, "customer_id": theirs.pk}
        )
    # typed text cannot move a linked request to another flat (the approval and the
    # reservation must be about the same unit)
    dr = services.discount_request_update(
        actor=company.rep.user,
        discount=dr,
        data={
            "customer_name": "别人",
            "unit_label": "9-9999",
            "list_price": "1",
            "discount_percent": "2",
        },
    )
    assert (dr.customer_name, dr.unit_label, dr.list_price) == (
        "赵先生",
        cat.unit.code,
        cat.unit.market_price,
    )
    assert dr.discount_percent == 2 and dr.unit_id == cat.unit.pk
    from l2c.catalog.models import Unit

    Unit.objects.filter(pk=cat.unit.pk).update(state="contracted")
    with pytest.raises(BusinessRuleError) as err:  # a sold flat: no discount to ask
        services.discount_request_create(actor=company.rep.user, data=data)
    assert err.value.rule == "BR-CAT-03" and err.value.field == "unit_id"
