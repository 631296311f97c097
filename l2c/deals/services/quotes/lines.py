"""A quote's lines and totals: each line priced from its unit or product, never below
the factory floor (BR-CAT-02), the floor of the quoting person's authority, the totals
and the deepest discount; the terms cleaned."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from l2c.catalog.models import Product, Unit
from l2c.core.errors import BusinessRuleError
from l2c.core.money import to_yuan, yuan
from l2c.deals.models import Quote, QuoteLine
from l2c.deals.policies import Authority, ceil2, line_floor, percent_off
from l2c.deals.services._common import as_date, integer, money, text
from l2c.deals.services.quotes.common import RULE

MAX_LINES = 50


def _line(raw: dict[str, Any], i: int, authority: Authority) -> QuoteLine:
    field = f"lines[{i}]"
    unit = product = None
    if raw.get("unit") not in (None, ""):
        unit = Unit.objects.select_related("product").filter(pk=_int(raw.get("unit"))).first()
        if unit is None:
            raise BusinessRuleError(
                RULE, _("第 %(n)s 行：未找到该单位。") % {"n": i + 1}, field=field
            )
        product = unit.product
        prices = (unit.market_price, unit.dealer_floor_price, unit.factory_floor_price)
    elif raw.get("product") not in (None, ""):
        product = Product.objects.filter(pk=_int(raw.get("product"))).first()
        if product is None:
            raise BusinessRuleError(
                RULE, _("第 %(n)s 行：未找到该产品。") % {"n": i + 1}, field=field
            )
        prices = (product.market_price, product.dealer_floor_price, product.factory_floor_price)
    else:
        raise BusinessRuleError(
            RULE, _("第 %(n)s 行：请选择产品或单位。") % {"n": i + 1}, field=field
        )
    if not product.active:
        raise BusinessRuleError(RULE, _("第 %(n)s 行：该产品已停售。") % {"n": i + 1}, field=field)
    quantity = integer(raw.get("quantity", 1), f"{field}.quantity", rule=RULE, low=1, high=10**6)
    if unit is not None and quantity != 1:
        raise BusinessRuleError(
            RULE, _("第 %(n)s 行：唯一单位的数量只能是 1。") % {"n": i + 1}, field=field
        )
    unit_price = money(raw.get("unit_price"), f"{field}.unit_price", rule=RULE)
    list_price, dealer_floor, factory_floor = prices
    if unit_price < factory_floor:
        raise BusinessRuleError(
            "BR-CAT-02",
            _("第 %(n)s 行：报价 %(p)s 元低于最低出厂价 %(f)s 元，不能报价。")
            % {"n": i + 1, "p": yuan(unit_price), "f": yuan(factory_floor)},
            field=f"{field}.unit_price",
            code="below_factory_price",
        )
    description = text(raw, "description", rule=RULE, limit=200, label=_("说明"))
    return QuoteLine(
        product=product,
        unit=unit,
        description=description or (f"{product.name} {unit.code}" if unit else product.name),
        quantity=quantity,
        list_price=list_price,
        dealer_floor_price=dealer_floor,
        floor_price=line_floor(list_price, authority.own, dealer_floor),
        unit_price=unit_price,
        amount=to_yuan(unit_price * quantity),
    )


def _int(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


def build_lines(raw_lines, authority: Authority) -> list[QuoteLine]:
    if not isinstance(raw_lines, list | tuple) or not raw_lines:
        raise BusinessRuleError(RULE, _("报价单至少要有一项。"), field="lines")
    if len(raw_lines) > MAX_LINES:
        raise BusinessRuleError(RULE, _("报价单最多 %(n)s 项。") % {"n": MAX_LINES}, field="lines")
    lines = [_line(dict(raw), i, authority) for i, raw in enumerate(raw_lines)]
    units = [ln.unit_id for ln in lines if ln.unit_id]
    if len(units) != len(set(units)):
        raise BusinessRuleError(RULE, _("同一单位不能在报价单中出现两次。"), field="lines")
    return lines


def apply_totals(quote: Quote, lines: list[QuoteLine]) -> None:
    quote.list_total = to_yuan(sum((ln.list_price * ln.quantity for ln in lines), Decimal(0)))
    quote.total = to_yuan(sum((ln.amount for ln in lines), Decimal(0)))
    quote.discount_needed = any(ln.unit_price < ln.floor_price for ln in lines)
    deepest = max((percent_off(ln.list_price, ln.unit_price) for ln in lines), default=Decimal(0))
    quote.max_discount_percent = ceil2(max(deepest, Decimal(0)))


def save_lines(quote: Quote, lines: list[QuoteLine]) -> None:
    quote.lines.all().delete()
    for ln in lines:
        ln.quote = quote
    QuoteLine.objects.bulk_create(lines)


def clean_terms(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if not partial or "valid_until" in data:
        clean["valid_until"] = as_date(data.get("valid_until"), rule=RULE, field="valid_until")
    labels = {
        "payment_terms": _("付款条件"),
        "delivery_terms": _("交付条件"),
        "tech_input": _("技术意见"),
        "purchasing_input": _("成本与交期意见"),
    }
    for key, label in labels.items():
        if not partial or key in data:
            clean[key] = text(data, key, rule=RULE, limit=2000, label=label)
    return clean
