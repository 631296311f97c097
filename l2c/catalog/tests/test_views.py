"""The catalog pages: the board (销控表), a unit with hold/release, the price list, the
price-change pages, stock — status, content, refusals shown as messages, no N+1."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from l2c.catalog import services
from l2c.catalog.models import PriceChangeRequest, Unit, UnitState
from l2c.catalog.tests.factories import make_customer

pytestmark = pytest.mark.django_db


def login(client, person):
    client.force_login(person.user)
    return client


def test_board_page_shows_grid_legend_and_states(company, catalog, customer, client):
    services.unit_hold(actor=company.rep.user, unit_id=catalog.units["3-1801"].pk)
    services.unit_reserve(
        actor=company.rep.user,
        unit_id=catalog.units["3-1802"].pk,
        customer_id=customer.pk,
        document="r:1",
    )
    page = login(client, company.reps1[1]).get("/catalog/board/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "销控表" in html and "翠湖天地" in html
    assert 'data-unit="3-1502" data-state="available"' in html
    assert 'data-unit="3-1801" data-state="held"' in html
    assert 'data-unit="3-1802" data-state="reserved"' in html
    assert "11月24日 10:00" in html  # the hold's expiry on the cell
    assert company.rep.name in html and "赵**" in html and "赵先生" not in html
    assert "18F" in html and "1F" in html
    assert html.index("18F") < html.index("1F<")  # top floor first
    assert 'data-state="held">销控保留 <span class="n">1</span>' in html


def test_br_cat_03_board_side_lists_live_holds_and_the_viewers_units(
    company, catalog, customer, client, clock
):
    """Beside the grid: every live hold with its holder and expiry (soonest first), and the
    viewer's own units in play; an expired hold is in neither."""
    from l2c.core.testing import at

    other = company.reps1[1]
    services.unit_hold(actor=other.user, unit_id=catalog.units["3-1601"].pk)
    clock.move_to(at(2026, 11, 23, 11))
    services.unit_hold(actor=company.rep.user, unit_id=catalog.unit.pk, customer_id=customer.pk)
    services.unit_reserve(
        actor=company.rep.user,
        unit_id=catalog.units["3-1802"].pk,
        customer_id=customer.pk,
        document="r:1",
    )
    clock.move_to(at(2026, 11, 23, 12))
    services.unit_hold(actor=other.user, unit_id=catalog.units["3-1701"].pk)
    clock.move_to(at(2026, 11, 24, 10, 30))  # 3-1601's hold (until 24日 10:00) expired
    html = login(client, company.rep).get("/catalog/board/?building=3").content.decode()
    side = html[html.index('id="board-side"') :]
    holds = side[side.index('id="board-holds"') : side.index('id="board-mine"')]
    assert holds.index('data-unit="3-1502"') < holds.index('data-unit="3-1701"')
    assert "3-1601" not in holds and "至 11月24日 11:00" in holds
    assert f"{company.rep.name} 保留 · 客户 赵先生" in holds  # the owner sees the name
    mine = side[side.index('id="board-mine"') :]
    assert 'data-unit="3-1502"' in mine and 'data-unit="3-1802"' in mine
    assert "3-1701" not in mine
    # a colleague sees the customer masked and has none of his own
    html = login(client, other).get("/catalog/board/?building=3").content.decode()
    side = html[html.index('id="board-side"') :]
    assert f"{company.rep.name} 保留 · 客户 赵**" in side and "赵先生" not in side
    assert 'data-unit="3-1701"' in side[side.index('id="board-mine"') :]


def test_board_filters_by_building_and_project(company, catalog, client):
    page = login(client, company.rep).get(
        "/catalog/board/", {"project": catalog.project.pk, "building": "3"}
    )
    assert page.status_code == 200 and "3-1502" in page.content.decode()
    page = client.get("/catalog/board/", {"project": 999999})
    assert page.status_code == 200  # falls back to the first project


def test_br_cat_03_unit_page_hold_and_refusal_message(company, catalog, customer, client):
    url = f"/catalog/units/{catalog.unit.pk}/"
    page = login(client, company.rep).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "销控保留（24 小时）" in html and "1,650,000.00" in html
    r = client.post(f"{url}hold/", {"customer_id": customer.pk})
    assert r.status_code == 302
    unit = Unit.objects.get(pk=catalog.unit.pk)
    assert unit.state == UnitState.HELD and unit.customer_id == customer.pk
    page = client.get(url)
    assert "已销控保留 3-1502" in page.content.decode()
    assert "释放，恢复可售" in page.content.decode()

    other = login(client, company.reps1[1])
    r = other.post(f"{url}hold/", {}, follow=True)
    html = r.content.decode()
    assert f"3-1502 已被 {company.rep.name} 销控保留至 11月24日 10:00，不能保留。" in html
    assert "释放，恢复可售" not in html
    r = other.post(f"{url}release/", {}, follow=True)
    assert Unit.objects.get(pk=catalog.unit.pk).state == UnitState.HELD

    login(client, company.rep).post(f"{url}release/", {"reason": "客户改期"})
    assert Unit.objects.get(pk=catalog.unit.pk).state == UnitState.AVAILABLE


def test_unit_page_unknown_is_404(company, catalog, client):
    assert login(client, company.rep).get("/catalog/units/999999/").status_code == 404


def test_unit_list_and_price_list_and_stock_pages(company, catalog, client):
    login(client, company.rep)
    page = client.get("/catalog/units/", {"project": catalog.project.pk, "state": "available"})
    assert page.status_code == 200 and "3-1502" in page.content.decode()
    page = client.get("/catalog/prices/")
    html = page.content.decode()
    assert page.status_code == 200 and "A户型 三室两厅" in html and "1,590,000.00" in html
    assert "申请调价" not in html  # a rep cannot ask for a price change
    page = client.get("/catalog/stock/")
    assert page.status_code == 200 and "空气滤芯" in page.content.decode()


def test_br_cat_04_price_change_pages(company, catalog, client):
    login(client, company.manager1)
    page = client.get("/catalog/price-changes/new/", {"unit": catalog.unit.pk})
    assert page.status_code == 200 and "3-1502" in page.content.decode()
    r = client.post(
        "/catalog/price-changes/new/",
        {
            "target": "3-1502",
            "market_price": "1700000.00",
            "dealer_floor_price": "1640000.00",
            "factory_floor_price": "1600000.00",
            "reason": "景观房上调",
            "submit": "1",
        },
    )
    pc = PriceChangeRequest.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/catalog/price-changes/{pc.pk}/"
    page = client.get(r["Location"])
    html = page.content.decode()
    assert "审批中" in html and "1,700,000.00" in html and "查看审批流程" in html
    page = client.get("/catalog/price-changes/")
    assert page.status_code == 200 and "景观房上调" in page.content.decode()
    # bad tiers come back to the form with the rule's message
    r = client.post(
        "/catalog/price-changes/new/",
        {
            "target": "CHTD-A",
            "market_price": "100",
            "dealer_floor_price": "120",
            "factory_floor_price": "90",
            "reason": "x",
        },
    )
    assert r.status_code == 200 and "最低经销价不能高于市场价" in r.content.decode()


def test_admin_without_sales_role_is_refused(company, catalog, client):
    r = login(client, company.admin).get("/catalog/board/")
    assert r.status_code == 403


@pytest.mark.parametrize(
    "path", ["/catalog/board/", "/catalog/units/", "/catalog/prices/", "/catalog/stock/"]
)
def test_pages_run_a_fixed_number_of_queries(company, catalog, client, path):
    login(client, company.reps1[1])
    client.get(path)
    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    rep = company.rep
    customer = make_customer(rep, mobile="13600136000", name="周女士")
    for code in sorted(catalog.units)[:25]:
        services.unit_hold(actor=rep.user, unit_id=catalog.units[code].pk, customer_id=customer.pk)
    with CaptureQueriesContext(connection) as large:
        assert client.get(path).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
