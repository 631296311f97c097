"""Setting up what is sold (BR-CAT-01, 02): projects, products with their three price tiers,
unique units (a flat, a car by VIN, a machine by serial), stock received into a warehouse.
``actor`` may be None for the demo loader and data migrations (recorded as 系统)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.catalog.models import (
    Product,
    ProductKind,
    Project,
    ProjectKind,
    StockItem,
    Unit,
    UnitState,
)
from l2c.catalog.policies import PRICE_REQUESTERS
from l2c.catalog.services.prices import TIERS, clean_tiers
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.scope import viewer_of

RULE = "BR-CAT-01"


def _check(actor) -> None:
    if actor is None:
        return
    v = viewer_of(actor)
    if not (v.roles & PRICE_REQUESTERS - {"supervisor"}) and not v.is_superuser:
        raise PermissionDeniedError(RULE, _("只有经理、助理及以上可以维护产品目录。"))


def _text(data: dict[str, Any], key: str, label: str, *, max_length: int, required=True) -> str:
    value = str(data.get(key, "") or "").strip()
    if required and not value:
        raise BusinessRuleError(RULE, _("请填写%(f)s。") % {"f": label}, field=key)
    if len(value) > max_length:
        raise BusinessRuleError(
            RULE, _("%(f)s不超过 %(n)s 字。") % {"f": label, "n": max_length}, field=key
        )
    return value


@transaction.atomic
def project_create(*, actor, data: dict[str, Any]) -> Project:
    _check(actor)
    code = _text(data, "code", _("编码"), max_length=20)
    if Project.objects.filter(code=code).exists():
        raise ConflictError(RULE, _("项目编码 %(c)s 已存在。") % {"c": code}, field="code")
    kind = str(data.get("kind") or ProjectKind.REAL_ESTATE)
    if kind not in ProjectKind.values:
        raise BusinessRuleError(RULE, _("请选择项目类型。"), field="kind")
    department = data.get("department")
    if department is None:
        raise BusinessRuleError(RULE, _("请选择销售部门。"), field="department")
    project = Project.objects.create(
        code=code,
        name=_text(data, "name", _("名称"), max_length=100),
        kind=kind,
        department=department,
        address=_text(data, "address", _("地址"), max_length=200, required=False),
    )
    audit_record(actor=actor, action="project.create", obj=project, rule=RULE)
    return project


@transaction.atomic
def product_create(*, actor, project: Project, data: dict[str, Any]) -> Product:
    _check(actor)
    code = _text(data, "code", _("编码"), max_length=30)
    if Product.objects.filter(code=code).exists():
        raise ConflictError(RULE, _("产品编码 %(c)s 已存在。") % {"c": code}, field="code")
    kind = str(data.get("kind") or ProductKind.UNIQUE)
    if kind not in ProductKind.values:
        raise BusinessRuleError(RULE, _("请选择产品类别。"), field="kind")
    tiers = clean_tiers(data)
    product = Product.objects.create(
        project=project,
        code=code,
        name=_text(data, "name", _("名称"), max_length=100),
        kind=kind,
        unit_name=_text(data, "unit_name", _("计量单位"), max_length=10, required=False)
        or ("套" if project.kind == ProjectKind.REAL_ESTATE else "台"),
        **tiers,
    )
    audit_record(
        actor=actor,
        action="product.create",
        obj=product,
        rule="BR-CAT-02",
        changes={f: [None, tiers[f]] for f in TIERS},
    )
    return product


def _unit(product: Product, data: dict[str, Any]) -> Unit:
    if product.kind != ProductKind.UNIQUE:
        raise BusinessRuleError(
            RULE, _("%(p)s 按数量销售，不能建唯一单位。") % {"p": product.name}, code="not_unique"
        )
    tiers = clean_tiers({f: data.get(f, getattr(product, f)) for f in TIERS})
    floor = data.get("floor")
    return Unit(
        product=product,
        project_id=product.project_id,
        code=_text(data, "code", _("房号/车架号/序列号"), max_length=40),
        building=str(data.get("building") or "")[:20],
        floor=int(floor) if floor not in (None, "") else None,
        room=str(data.get("room") or "")[:20],
        area=Decimal(str(data["area"])) if data.get("area") not in (None, "") else None,
        state=UnitState.AVAILABLE,
        **tiers,
    )


@transaction.atomic
def unit_create(*, actor, product: Product, data: dict[str, Any]) -> Unit:
    """One unique unit (BR-CAT-01): its code is unique within the project."""
    _check(actor)
    unit = _unit(product, data)
    if Unit.objects.filter(project_id=unit.project_id, code=unit.code).exists():
        raise ConflictError(RULE, _("%(c)s 已存在。") % {"c": unit.code}, field="code")
    unit.save()
    audit_record(actor=actor, action="unit.create", obj=unit, rule=RULE)
    return unit


@transaction.atomic
def building_generate(
    *,
    actor,
    product: Product,
    building: str,
    floors: Iterable[int],
    rooms: Iterable[str],
    price: Callable[[int, str], dict[str, Any]] | None = None,
    area: Callable[[int, str], Decimal] | None = None,
) -> int:
    """Create the flats of a building: ``<building>-<floor><room>`` (3-1502), skipping the
    codes that exist; ``price(floor, room)`` gives each flat's tiers. Returns how many."""
    _check(actor)
    existing = set(
        Unit.objects.filter(project_id=product.project_id).values_list("code", flat=True)
    )
    new: list[Unit] = []
    for floor in floors:
        for room in rooms:
            code = f"{building}-{floor}{room}"
            if code in existing:
                continue
            data: dict[str, Any] = {
                "code": code,
                "building": building,
                "floor": floor,
                "room": room,
                **(price(floor, room) if price else {}),
            }
            if area is not None:
                data["area"] = area(floor, room)
            new.append(_unit(product, data))
    Unit.objects.bulk_create(new)
    if new:
        audit_record(
            actor=actor,
            action="unit.generate",
            obj=product,
            rule=RULE,
            extra={"building": building, "count": len(new)},
        )
    return len(new)


@transaction.atomic
def stock_receive(*, actor, product_id: int, warehouse: str, quantity: int) -> StockItem:
    """Add ``quantity`` to a stock product in ``warehouse`` (inbound)."""
    product = Product.objects.get(pk=product_id)
    if product.kind != ProductKind.STOCK:
        raise BusinessRuleError(
            RULE,
            _("%(p)s 是唯一单位产品，不能按数量入库。") % {"p": product.name},
            code="not_stock",
        )
    warehouse = str(warehouse or "").strip()[:40]
    if not warehouse:
        raise BusinessRuleError(RULE, _("请填写仓库。"), field="warehouse")
    if int(quantity) <= 0:
        raise BusinessRuleError(RULE, _("数量必须是正整数。"), field="quantity")
    item, _created = StockItem.objects.select_for_update().get_or_create(
        product=product, warehouse=warehouse
    )
    before = item.quantity
    item.quantity += int(quantity)
    item.save_versioned(update_fields=["quantity"])
    audit_record(
        actor=actor,
        action="stock.receive",
        obj=product,
        rule=RULE,
        changes={"quantity": [before, item.quantity]},
        extra={"warehouse": warehouse},
    )
    return item
