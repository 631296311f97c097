"""Stock items (BR-CAT-01): a quantity product is reserved and released by the documents
that sell it; never more than is available, whatever the concurrency (rows locked)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.catalog.models import Product, ProductKind, StockItem
from l2c.core.errors import BusinessRuleError, NotFoundError

RULE = "BR-CAT-01"


def _product(product_id: int) -> Product:
    try:
        product = Product.objects.get(pk=int(product_id))
    except (Product.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(RULE, _("未找到该产品。")) from exc
    if product.kind != ProductKind.STOCK:
        raise BusinessRuleError(
            RULE,
            _("%(name)s 是唯一单位产品（按房号/车架号/序列号销售），不能按数量预留。")
            % {"name": product.name},
            code="not_stock",
        )
    return product


def _quantity(quantity) -> int:
    text = str(quantity).strip()
    if isinstance(quantity, bool) or not text.isdigit():
        raise BusinessRuleError(RULE, _("数量必须是正整数。"), field="quantity")
    value = int(text)
    if value <= 0:
        raise BusinessRuleError(RULE, _("数量必须是正整数。"), field="quantity")
    return value


def _rows(product: Product, warehouse: str | None) -> list[StockItem]:
    qs = StockItem.objects.select_for_update().filter(product=product).order_by("warehouse", "id")
    if warehouse:
        qs = qs.filter(warehouse=warehouse)
    rows = list(qs)
    if warehouse and not rows:
        raise NotFoundError(
            RULE, _("仓库「%(w)s」没有该产品。") % {"w": warehouse}, field="warehouse"
        )
    return rows


def _draw(product, warehouse, wanted: int, message, *, field: str):
    """Take ``wanted`` available units of ``product`` (from one warehouse, or from the
    warehouses in order) — reserving them (``field="reserved"``) or issuing them
    (``"quantity"``) — on rows locked by ``_rows``; refused with what is available when
    there is not enough. Returns the rows touched, what each warehouse gave, and what was
    available before."""
    rows = _rows(product, warehouse)
    available = sum(r.available for r in rows)
    if wanted > available:
        raise BusinessRuleError(
            RULE,
            message
            % {"name": product.name, "avail": available, "want": wanted, "u": product.unit_name},
            code="insufficient_stock",
            field="quantity",
        )
    left, taken, touched = wanted, {}, []
    for row in rows:
        if left == 0:
            break
        take = min(left, row.available)
        if take <= 0:
            continue
        delta = take if field == "reserved" else -take
        setattr(row, field, getattr(row, field) + delta)
        row.save_versioned(update_fields=[field])
        taken[row.warehouse] = take
        touched.append(row)
        left -= take
    return touched, taken, available


@transaction.atomic
def stock_reserve(
    *, actor, product_id: int, quantity: int, document: str, warehouse: str | None = None
) -> list[StockItem]:
    """Reserve ``quantity`` of a stock product (from one warehouse, or from the warehouses
    in order); refused with the available quantity when there is not enough."""
    product = _product(product_id)
    wanted = _quantity(quantity)
    message = _("%(name)s 可用库存仅 %(avail)s %(u)s，不能预留 %(want)s %(u)s。")
    touched, taken, _available = _draw(product, warehouse, wanted, message, field="reserved")
    audit_record(
        actor=actor,
        action="stock.reserve",
        obj=product,
        rule=RULE,
        changes={"reserved": [0, wanted]},
        extra={"document": document, "warehouses": taken},
    )
    return touched


@transaction.atomic
def stock_release(
    *, actor, product_id: int, quantity: int, document: str, warehouse: str | None = None
) -> list[StockItem]:
    """Give back ``quantity`` reserved units (a cancelled order, a return)."""
    product = _product(product_id)
    wanted = _quantity(quantity)
    rows = _rows(product, warehouse)
    reserved = sum(r.reserved for r in rows)
    if wanted > reserved:
        raise BusinessRuleError(
            RULE,
            _("%(name)s 仅预留了 %(res)s %(u)s，不能释放 %(want)s %(u)s。")
            % {"name": product.name, "res": reserved, "want": wanted, "u": product.unit_name},
            code="insufficient_reserved",
            field="quantity",
        )
    left, given, touched = wanted, {}, []
    for row in reversed(rows):
        if left == 0:
            break
        back = min(left, row.reserved)
        if back <= 0:
            continue
        row.reserved -= back
        row.save_versioned(update_fields=["reserved"])
        given[row.warehouse] = back
        touched.append(row)
        left -= back
    audit_record(
        actor=actor,
        action="stock.release",
        obj=product,
        rule=RULE,
        changes={"reserved": [wanted, 0]},
        extra={"document": document, "warehouses": given},
    )
    return touched


@transaction.atomic
def stock_issue(
    *, actor, product_id: int, quantity: int, document: str, warehouse: str | None = None
) -> list[StockItem]:
    """Take ``quantity`` out of stock (an outbound order shipped, BR-FUL-02): from one
    warehouse, or from the warehouses in order, never more than is available (on hand less
    what other documents reserved); the rows are locked, so two clerks shipping the last
    units at once cannot both take them."""
    product = _product(product_id)
    wanted = _quantity(quantity)
    message = _("%(name)s 库存仅剩 %(avail)s %(u)s，不能出库 %(want)s %(u)s。")
    touched, taken, available = _draw(product, warehouse, wanted, message, field="quantity")
    audit_record(
        actor=actor,
        action="stock.issue",
        obj=product,
        rule=RULE,
        changes={"quantity": [available, available - wanted]},
        extra={"document": document, "warehouses": taken},
    )
    return touched
