"""The price list (BR-CAT-02: three tiers) and its approved changes (BR-CAT-04); unique
units versus stock items (BR-CAT-01)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from l2c.approvals import selectors as approval_selectors
from l2c.approvals import services as engine
from l2c.approvals.models import RequestState
from l2c.audit.models import AuditLog
from l2c.catalog import selectors, services
from l2c.catalog.models import PriceChangeRequest, Product, RequestStatus, StockItem, Unit
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError

pytestmark = pytest.mark.django_db

NEW = {
    "market_price": "1700000.00",
    "dealer_floor_price": "1640000.00",
    "factory_floor_price": "1600000.00",
    "reason": "二期开盘，3 号楼景观房上调",
}


def decide(person, pc, decision="approve", opinion="同意"):
    request = approval_selectors.approval_for_object(pc, kind="price_change")
    return engine.approval_decide(
        actor=person.user, request_id=request.pk, decision=decision, opinion=opinion
    )


# --- BR-CAT-01 unique units vs stock -------------------------------------------------------


def test_br_cat_01_unique_unit_codes_are_unique_per_project(company, catalog):
    with pytest.raises(ConflictError):
        services.unit_create(
            actor=None, product=catalog.flat, data={"code": "3-1502", "floor": 15, "room": "02"}
        )
    assert Unit.objects.filter(code="3-1502").count() == 1


def test_br_cat_01_stock_product_has_no_units_and_unique_product_has_no_stock(company, catalog):
    with pytest.raises(BusinessRuleError) as err:
        services.unit_create(actor=None, product=catalog.stock, data={"code": "X1"})
    assert err.value.code == "not_unique"
    with pytest.raises(BusinessRuleError) as err:
        services.stock_reserve(
            actor=company.rep.user, product_id=catalog.flat.pk, quantity=1, document="o:1"
        )
    assert err.value.code == "not_stock"


def test_br_cat_01_stock_reserve_and_release_never_beyond_available(company, catalog):
    rep = company.reps2[0]
    assert selectors.stock_available(product_id=catalog.stock.pk) == 100
    rows = services.stock_reserve(
        actor=rep.user, product_id=catalog.stock.pk, quantity=70, document="order:1"
    )
    assert [(r.warehouse, r.reserved) for r in rows] == [("一号仓", 60), ("二号仓", 10)]
    assert selectors.stock_available(product_id=catalog.stock.pk) == 30
    with pytest.raises(BusinessRuleError) as err:
        services.stock_reserve(
            actor=rep.user, product_id=catalog.stock.pk, quantity=31, document="order:2"
        )
    assert err.value.code == "insufficient_stock"
    assert "可用库存仅 30 件，不能预留 31 件" in str(err.value.message)
    with pytest.raises(BusinessRuleError):
        services.stock_reserve(
            actor=rep.user,
            product_id=catalog.stock.pk,
            quantity=1,
            document="order:3",
            warehouse="一号仓",
        )
    services.stock_release(
        actor=rep.user, product_id=catalog.stock.pk, quantity=20, document="order:1"
    )
    assert selectors.stock_available(product_id=catalog.stock.pk) == 50
    with pytest.raises(BusinessRuleError) as err:
        services.stock_release(
            actor=rep.user, product_id=catalog.stock.pk, quantity=51, document="order:1"
        )
    assert err.value.code == "insufficient_reserved"
    for bad in (0, -3, "2.5", "abc"):
        with pytest.raises(BusinessRuleError):
            services.stock_reserve(
                actor=rep.user, product_id=catalog.stock.pk, quantity=bad, document="o"
            )
    assert AuditLog.objects.filter(action="stock.reserve").count() == 1


def test_br_cat_01_database_refuses_reserved_above_quantity(company, catalog):
    item = StockItem.objects.filter(product=catalog.stock).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        StockItem.objects.filter(pk=item.pk).update(reserved=item.quantity + 1)


# --- BR-CAT-02 three tiers -----------------------------------------------------------------


def test_br_cat_02_three_tiers_are_shown_and_ordered(company, catalog):
    unit = selectors.unit_get(viewer=company.rep.user, unit_id=catalog.unit.pk)
    assert selectors.unit_prices(unit) == {
        "market_price": Decimal("1650000.00"),
        "factory_floor_price": Decimal("1550000.00"),
        "dealer_floor_price": Decimal("1590000.00"),
    }
    assert unit.factory_floor_price < unit.dealer_floor_price < unit.market_price


@pytest.mark.parametrize(
    ("tiers", "field"),
    [
        (("100", "120", "90"), "dealer_floor_price"),  # dealer above market
        (("100", "90", "95"), "factory_floor_price"),  # factory above dealer
        (("0", "0", "0"), "market_price"),
        (("-1", "0", "0"), "market_price"),
        (("100.001", "90", "80"), "market_price"),
        (("abc", "90", "80"), "market_price"),
    ],
)
def test_br_cat_02_tiers_must_be_ordered(company, catalog, tiers, field):
    market, dealer, factory = tiers
    with pytest.raises(BusinessRuleError) as err:
        services.product_create(
            actor=None,
            project=catalog.project,
            data={
                "code": "BAD",
                "name": "错价",
                "market_price": market,
                "dealer_floor_price": dealer,
                "factory_floor_price": factory,
            },
        )
    assert err.value.rule == "BR-CAT-02" and err.value.field == field
    assert not Product.objects.filter(code="BAD").exists()


def test_br_cat_02_database_constraint_backs_the_tiers(company, catalog):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=catalog.unit.pk).update(dealer_floor_price=Decimal("1700000.00"))


# --- BR-CAT-04 price changes only through approval ------------------------------------------


def test_br_cat_04_direct_edit_of_a_published_price_is_refused(company, catalog):
    with pytest.raises(BusinessRuleError) as err:
        services.unit_update_prices(actor=company.manager1.user, unit_id=catalog.unit.pk, data=NEW)
    assert err.value.rule == "BR-CAT-04" and err.value.code == "price_published"
    with pytest.raises(BusinessRuleError):
        services.product_update_prices(
            actor=company.manager1.user, product_id=catalog.flat.pk, data=NEW
        )
    assert Unit.objects.get(pk=catalog.unit.pk).market_price == Decimal("1650000.00")


def test_br_cat_04_unpublished_product_prices_can_be_set_directly(company, catalog):
    Product.objects.filter(pk=catalog.stock.pk).update(active=False)  # not on sale yet
    product = services.product_update_prices(
        actor=company.manager2.user,
        product_id=catalog.stock.pk,
        data={"market_price": "130", "dealer_floor_price": "95", "factory_floor_price": "75"},
    )
    assert product.market_price == Decimal("130.00")


def test_br_cat_04_approved_change_applies_and_records_old_to_new(company, catalog, clock):
    pc = services.price_change_create(
        actor=company.manager1.user, unit_id=catalog.unit.pk, data=NEW, submit=True
    )
    assert pc.status == RequestStatus.IN_APPROVAL
    assert Unit.objects.get(pk=catalog.unit.pk).market_price == Decimal("1650000.00")
    # while in approval, the request cannot be edited (BR-APR-06) and a second one is refused
    with pytest.raises(BusinessRuleError):
        services.price_change_update(actor=company.manager1.user, change=pc, data=NEW)
    with pytest.raises(ConflictError):
        services.price_change_create(actor=company.manager1.user, unit_id=catalog.unit.pk, data=NEW)
    # chain: sales manager → GM; the requester is the manager, so the GM decides
    request = approval_selectors.approval_for_object(pc, kind="price_change")
    decide(company.gm, pc)
    request.refresh_from_db()
    pc.refresh_from_db()
    assert request.state == RequestState.APPROVED and pc.status == RequestStatus.APPROVED
    assert pc.applied_at is not None
    unit = Unit.objects.get(pk=catalog.unit.pk)
    assert (unit.market_price, unit.dealer_floor_price, unit.factory_floor_price) == (
        Decimal("1700000.00"),
        Decimal("1640000.00"),
        Decimal("1600000.00"),
    )
    assert (pc.old_market_price, pc.market_price) == (Decimal("1650000.00"), Decimal("1700000.00"))
    log = AuditLog.objects.get(action="price.change", object_id=str(unit.pk))
    assert log.rule == "BR-CAT-04"
    assert log.changes["market_price"] == ["1650000.00", "1700000.00"]


def test_br_cat_04_assistant_request_goes_manager_then_gm(company, catalog, clock):
    pc = services.price_change_create(
        actor=company.assistant1.user, product_id=catalog.flat.pk, data=NEW, submit=True
    )
    decide(company.manager1, pc)
    assert Product.objects.get(pk=catalog.flat.pk).market_price == Decimal("1650000.00")
    decide(company.gm, pc)
    pc.refresh_from_db()
    assert pc.status == RequestStatus.APPROVED
    assert Product.objects.get(pk=catalog.flat.pk).market_price == Decimal("1700000.00")


def test_br_cat_04_rejected_change_leaves_prices(company, catalog, clock):
    pc = services.price_change_create(
        actor=company.assistant1.user, unit_id=catalog.unit.pk, data=NEW, submit=True
    )
    decide(company.manager1, pc, "reject", "幅度过大")
    pc.refresh_from_db()
    assert pc.status == RequestStatus.REJECTED and pc.applied_at is None
    unit = Unit.objects.get(pk=catalog.unit.pk)
    assert unit.market_price == Decimal("1650000.00")
    assert not AuditLog.objects.filter(action="price.change").exists()
    # edited and resubmitted after the rejection (BR-APR-06)
    pc = services.price_change_update(
        actor=company.assistant1.user, change=pc, data={**NEW, "market_price": "1680000.00"}
    )
    pc = services.price_change_submit(actor=company.assistant1.user, change=pc)
    assert pc.status == RequestStatus.IN_APPROVAL


def test_br_cat_04_withdrawn_change_leaves_prices(company, catalog, clock):
    pc = services.price_change_create(
        actor=company.assistant1.user, unit_id=catalog.unit.pk, data=NEW, submit=True
    )
    pc = services.price_change_withdraw(actor=company.assistant1.user, change=pc, reason="再议")
    assert pc.status == RequestStatus.WITHDRAWN
    assert Unit.objects.get(pk=catalog.unit.pk).market_price == Decimal("1650000.00")


def test_br_cat_04_reps_cannot_request_and_same_prices_are_refused(company, catalog):
    with pytest.raises(PermissionDeniedError):
        services.price_change_create(actor=company.rep.user, unit_id=catalog.unit.pk, data=NEW)
    same = {
        "market_price": "1650000.00",
        "dealer_floor_price": "1590000.00",
        "factory_floor_price": "1550000.00",
        "reason": "无变化",
    }
    with pytest.raises(BusinessRuleError) as err:
        services.price_change_create(
            actor=company.manager1.user, unit_id=catalog.unit.pk, data=same
        )
    assert err.value.code == "no_change"
    with pytest.raises(BusinessRuleError):
        services.price_change_create(
            actor=company.manager1.user, unit_id=catalog.unit.pk, data={**NEW, "reason": " "}
        )
    assert not PriceChangeRequest.objects.exists()


def test_br_cat_04_price_changes_are_scoped(company, catalog):
    pc = services.price_change_create(
        actor=company.assistant1.user, unit_id=catalog.unit.pk, data=NEW
    )
    seen = {
        who: selectors.price_change_list(viewer=p.user).filter(pk=pc.pk).exists()
        for who, p in {
            "owner": company.assistant1,
            "manager1": company.manager1,
            "gm": company.gm,
            "manager2": company.manager2,
            "rep2": company.reps2[0],
        }.items()
    }
    assert seen == {
        "owner": True,
        "manager1": True,
        "gm": True,
        "manager2": False,
        "rep2": False,
    }
