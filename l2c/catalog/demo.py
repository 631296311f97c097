"""Demo catalog for ``make run`` (called by ``l2c.web.demo`` after the customers demo):

- 「翠湖天地」 (销售一部): buildings 2 (洋房), 3, 5 and 7, every flat with its three price
  tiers (BR-CAT-02). 3-1502 is 1,650,000.00 元 and stays *available* for scenario S1; a
  few flats are held, reserved, contracted or delivered — through the services, by the
  demo reps, so the board and every unit's history look like a sales office's.
- 「领航汽车 4S 店」 (销售二部): cars by VIN (unique units) and a stock article with
  quantities in two warehouses (BR-CAT-01).

Idempotent: a project whose code exists is skipped."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from l2c.catalog import services
from l2c.catalog.models import ProductKind, Project, ProjectKind, Unit
from l2c.org.models import Department, Person

ESTATE = "CHTD"
CARS = "LHQC"
PARTS = "LHPJ"
S1_UNIT = "3-1502"

#: building → (product code, floors, rooms); the product decides the layout and base price
BUILDINGS = {
    "2": ("CHTD-Y", range(1, 7), ("01", "02")),
    "3": ("CHTD-B", range(1, 19), ("01", "02", "03", "04")),
    "5": ("CHTD-B", range(1, 19), ("01", "02", "03", "04")),
    "7": ("CHTD-A", range(1, 27), ("01", "02", "03")),
}
#: code, name, area (㎡) per room, price per ㎡ on the ground floor
PRODUCTS = {
    "CHTD-Y": ("Y户型 叠拼洋房 四室三厅", {"01": "168.00", "02": "172.00"}, 12800),
    "CHTD-B": (
        "B户型 三室两厅两卫",
        {"01": "128.00", "02": "118.00", "03": "118.00", "04": "128.00"},
        12000,
    ),
    "CHTD-A": ("A户型 两室两厅", {"01": "89.00", "02": "96.00", "03": "89.00"}, 11500),
}
#: price per ㎡ rises with the floor; 3-1502 (118 ㎡, 15F) comes to 1,650,000.00
FLOOR_STEP = {"CHTD-Y": 200, "CHTD-B": Decimal("141.65"), "CHTD-A": 90}


def _round_100(value: Decimal) -> Decimal:
    return (value / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100


def _tiers(market: Decimal) -> dict[str, Decimal]:
    market = _round_100(market)
    return {
        "market_price": market,
        "dealer_floor_price": _round_100(market * Decimal("0.97")),
        "factory_floor_price": _round_100(market * Decimal("0.94")),
    }


def _flat_price(product: str, floor: int, room: str) -> dict[str, Decimal]:
    _name, areas, base = PRODUCTS[product]
    per_m2 = Decimal(base) + Decimal(str(FLOOR_STEP[product])) * (floor - 1)
    return _tiers(Decimal(areas[room]) * per_m2)


def _customers_of(person: Person, n: int) -> list[int]:
    from l2c.customers.selectors import customer_list

    return list(
        customer_list(viewer=person.user, scope="mine")
        .filter(deal_at__isnull=True)
        .values_list("id", flat=True)[:n]
    )


def _load_estate(people: dict[str, Person]) -> int:
    dept = Department.objects.get(code="S1")
    project = services.project_create(
        actor=None,
        data={
            "code": ESTATE,
            "name": "翠湖天地",
            "kind": ProjectKind.REAL_ESTATE,
            "department": dept,
            "address": "杭州市西湖区翠湖路 88 号",
        },
    )
    products = {}
    for code, (name, areas, _base) in PRODUCTS.items():
        room = next(iter(areas))
        products[code] = services.product_create(
            actor=None,
            project=project,
            data={"code": code, "name": name, "kind": ProductKind.UNIQUE, "unit_name": "套"}
            | _flat_price(code, 1, room),
        )
    created = 0
    for building, (product, floors, rooms) in BUILDINGS.items():
        created += services.building_generate(
            actor=None,
            product=products[product],
            building=building,
            floors=floors,
            rooms=rooms,
            price=lambda f, r, p=product: _flat_price(p, f, r),
            area=lambda f, r, p=product: Decimal(PRODUCTS[p][1][r]),
        )
    _sales_history(project, people)
    return created


def _sales_history(project: Project, people: dict[str, Person]) -> None:
    """Holds, reservations, contracts, deliveries by the demo reps (never 3-1502)."""
    units = dict(Unit.objects.filter(project=project).values_list("code", "id"))

    def uid(code: str) -> int | None:
        return units.get(code) if code != S1_UNIT else None

    plan = {
        # rep: (held, reserved, contracted, delivered)
        "lina": (["3-1501", "5-1203"], ["3-1801"], ["3-1604", "5-602"], ["2-101"]),
        "wangfang": (["3-1803"], ["3-1402", "7-2202"], ["3-1704", "5-1504"], ["2-201"]),
        "zhangwei": (["5-1801", "7-1502"], ["3-1203"], ["3-1001", "7-801"], ["2-302"]),
        "liuyang": (["3-902"], ["5-1702"], ["7-1603", "5-301"], []),
        "chenjing": (["7-2601"], ["3-1304"], ["5-1101"], ["2-402"]),
    }
    for username, (held, reserved, contracted, delivered) in plan.items():
        person = people.get(username)
        if person is None:
            continue
        user = person.user
        customers = _customers_of(person, 8)
        for i, code in enumerate(held):
            unit_id = uid(code)
            if unit_id:
                customer = customers[i] if i < len(customers) else None
                services.unit_hold(actor=user, unit_id=unit_id, customer_id=customer)
        if not customers:
            continue
        pool = iter(customers * 3)
        for code in reserved:
            if unit_id := uid(code):
                services.unit_reserve(
                    actor=user, unit_id=unit_id, customer_id=next(pool), document="演示数据·认购书"
                )
        for code in contracted + delivered:
            if unit_id := uid(code):
                services.unit_contract(
                    actor=user, unit_id=unit_id, customer_id=next(pool), document="演示数据·合同"
                )
        for code in delivered:
            if unit_id := uid(code):
                services.unit_deliver(actor=user, unit_id=unit_id, document="演示数据·交房")


VINS = (
    "LSVNV2182N2100101",
    "LSVNV2182N2100102",
    "LSVNV2182N2100103",
    "LSVNV2189N2100104",
    "LSVNV2180N2100105",
    "LSVNV2182N2100206",
    "LSVNV2184N2100207",
    "LSVNV2186N2100208",
)


def _load_cars(people: dict[str, Person]) -> int:
    dept = Department.objects.get(code="S2")
    project = services.project_create(
        actor=None,
        data={
            "code": CARS,
            "name": "领航汽车 4S 店",
            "kind": ProjectKind.VEHICLE,
            "department": dept,
            "address": "杭州市余杭区汽车城 6 号",
        },
    )
    x5 = services.product_create(
        actor=None,
        project=project,
        data={
            "code": "LH-X5-2026",
            "name": "领航 X5 2026 款 豪华版",
            "kind": ProductKind.UNIQUE,
            "unit_name": "台",
            "market_price": "239800.00",
            "dealer_floor_price": "226000.00",
            "factory_floor_price": "218000.00",
        },
    )
    x3 = services.product_create(
        actor=None,
        project=project,
        data={
            "code": "LH-X3-2026",
            "name": "领航 X3 2026 款 舒适版",
            "kind": ProductKind.UNIQUE,
            "unit_name": "台",
            "market_price": "149800.00",
            "dealer_floor_price": "141000.00",
            "factory_floor_price": "136000.00",
        },
    )
    created = 0
    for i, vin in enumerate(VINS):
        services.unit_create(actor=None, product=x5 if i < 5 else x3, data={"code": vin})
        created += 1
    seller = people.get("sunyue")
    if seller is not None:
        services.unit_hold(actor=seller.user, unit_id=Unit.objects.get(code=VINS[0]).pk)
        customers = _customers_of(seller, 2)
        if customers:
            services.unit_reserve(
                actor=seller.user,
                unit_id=Unit.objects.get(code=VINS[5]).pk,
                customer_id=customers[0],
                document="演示数据·订车单",
            )
    parts = services.project_create(
        actor=None,
        data={"code": PARTS, "name": "汽车精品配件", "kind": ProjectKind.GOODS, "department": dept},
    )
    for code, name, unit_name, prices, stock in (
        (
            "LH-OIL-5W30",
            "原厂全合成机油 5W-30（4L）",
            "桶",
            ("468.00", "398.00", "350.00"),
            (120, 45),
        ),
        ("LH-MAT-X5", "X5 全包围脚垫", "套", ("1280.00", "980.00", "860.00"), (30, 12)),
    ):
        product = services.product_create(
            actor=None,
            project=parts,
            data={
                "code": code,
                "name": name,
                "kind": ProductKind.STOCK,
                "unit_name": unit_name,
                "market_price": prices[0],
                "dealer_floor_price": prices[1],
                "factory_floor_price": prices[2],
            },
        )
        services.stock_receive(
            actor=None, product_id=product.pk, warehouse="总仓", quantity=stock[0]
        )
        services.stock_receive(
            actor=None, product_id=product.pk, warehouse="展厅库", quantity=stock[1]
        )
        if seller is not None:
            services.stock_reserve(
                actor=seller.user,
                product_id=product.pk,
                quantity=max(1, stock[0] // 10),
                document="演示数据·销售订单",
            )
    return created


@transaction.atomic
def load_catalog_demo(people: dict[str, Person]) -> int:
    """Load the demo catalog; returns how many units were created (0 when loaded before)."""
    created = 0
    if not Project.objects.filter(code=ESTATE).exists():
        created += _load_estate(people)
    if not Project.objects.filter(code=CARS).exists():
        created += _load_cars(people)
    return created
