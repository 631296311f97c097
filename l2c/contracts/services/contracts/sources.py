"""What a contract is prepared from (a reservation, an accepted quote or an awarded
tender), its payment schedule, its price never below the source's, and its class:
standard or special from its deviations (BR-CON-03)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from l2c.contracts import policies
from l2c.contracts.models import Contract, ContractClass, ContractStatus, ReservationStatus
from l2c.contracts.services._common import locked_reservation, may_handle
from l2c.contracts.services.contracts.common import RULE
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError
from l2c.core.money import yuan
from l2c.deals.models import Quote, QuoteStatus, Tender, TenderStatus


def clean_payment_terms(raw: Any) -> list[dict[str, str]]:
    """The payment schedule: ``[{"name": "首付款", "percent": "30", "due": "2026-12-01"}]``;
    the percentages add up to 100 when a schedule is given."""
    if raw in (None, "") or raw == [] or raw == ():
        return []
    if not isinstance(raw, list | tuple):
        raise BusinessRuleError(RULE, _("付款安排应为列表。"), field="payment_terms")
    out: list[dict[str, str]] = []
    total = Decimal(0)
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise BusinessRuleError(
                RULE, _("付款安排第 %(i)s 项有误。") % {"i": i}, field="payment_terms"
            )
        name = str(item.get("name", "")).strip()[:40]
        try:
            percent = Decimal(str(item.get("percent", "")).strip())
        except (InvalidOperation, ValueError) as exc:
            raise BusinessRuleError(
                RULE, _("付款安排第 %(i)s 项的比例应为数字。") % {"i": i}, field="payment_terms"
            ) from exc
        if not name or not percent.is_finite() or not 0 < percent <= 100:
            raise BusinessRuleError(
                RULE,
                _("付款安排第 %(i)s 项须有名称和 0–100 之间的比例。") % {"i": i},
                field="payment_terms",
            )
        due = str(item.get("due", "") or "").strip()
        if due:
            try:
                due = dt.date.fromisoformat(due).isoformat()
            except ValueError as exc:
                raise BusinessRuleError(
                    RULE,
                    _("付款安排第 %(i)s 项的日期应为 YYYY-MM-DD。") % {"i": i},
                    field="payment_terms",
                ) from exc
        total += percent
        out.append({"name": name, "percent": format(percent.normalize(), "f"), "due": due})
    if total != 100:
        raise BusinessRuleError(
            RULE,
            _("付款安排的比例合计应为 100%%（现为 %(t)s%%）。")
            % {"t": format(total.normalize(), "f")},
            field="payment_terms",
        )
    return out


def contract_source(actor, reservation_id, quote_id, tender_id) -> dict[str, Any]:
    """Customer, unit, list price and default price from the document the contract follows."""
    if reservation_id not in (None, ""):
        reservation = locked_reservation(reservation_id, RULE)
        if not may_handle(actor, reservation):
            raise NotFoundError(RULE, _("未找到该认购书。"))
        if reservation.status not in (ReservationStatus.SIGNED, ReservationStatus.PAID):
            raise ConflictError(
                RULE,
                _("认购书 %(n)s（第 %(v)s 版）当前为「%(s)s」，不能据此准备合同。")
                % {
                    "n": reservation.number,
                    "v": reservation.version_no,
                    "s": reservation.get_status_display(),
                },
                code="not_open",
            )
        if reservation.contracts.exclude(status=ContractStatus.CANCELLED).exists():
            raise ConflictError(RULE, _("该认购书已有合同。"), code="has_contract")
        return {
            "reservation": reservation,
            "customer": reservation.customer,
            "unit_id": reservation.unit_id,
            "list_price": reservation.list_price,
            "price": reservation.agreed_price,
            "owner_id": reservation.owner_id,
            "department_id": reservation.department_id,
            "team_id": reservation.team_id,
            "quote": reservation.quote,
        }
    if quote_id not in (None, ""):
        quote = Quote.objects.select_related("customer").filter(pk=quote_id).first()
        if quote is None or not may_handle(actor, quote):
            raise NotFoundError(RULE, _("未找到该报价单。"), field="quote_id")
        if quote.status != QuoteStatus.ACCEPTED:
            raise ConflictError(
                RULE, _("报价单 %(n)s 尚未被客户接受。") % {"n": quote.number}, code="not_accepted"
            )
        units = [u for u in quote.lines.values_list("unit_id", flat=True) if u is not None]
        tender = _tender(actor, tender_id) if tender_id not in (None, "") else None
        return {
            "quote": quote,
            "tender": tender,
            "customer": quote.customer,
            "unit_id": units[0] if len(units) == 1 else None,
            "list_price": quote.list_total or quote.total,
            "price": quote.total,
            "owner_id": quote.owner_id,
            "department_id": quote.department_id,
            "team_id": quote.team_id,
        }
    if tender_id not in (None, ""):
        tender = _tender(actor, tender_id)
        price = tender.bid_price or tender.estimated_price
        return {
            "tender": tender,
            "customer": tender.customer,
            "unit_id": None,
            "list_price": price,
            "price": price,
            "owner_id": tender.owner_id,
            "department_id": tender.department_id,
            "team_id": tender.team_id,
        }
    raise BusinessRuleError(
        RULE, _("合同须依据认购书、客户已接受的报价单或中标的投标办理。"), field="reservation_id"
    )


def _tender(actor, tender_id) -> Tender:
    tender = Tender.objects.select_related("customer").filter(pk=tender_id).first()
    if tender is None or not may_handle(actor, tender):
        raise NotFoundError(RULE, _("未找到该投标。"), field="tender_id")
    if tender.status != TenderStatus.AWARDED:
        raise ConflictError(
            "BR-DEAL-06",
            _("投标「%(t)s」当前为「%(s)s」，不能签订合同。")
            % {"t": tender.title, "s": tender.get_status_display()},
            code="not_awarded",
        )
    return tender


def apply_classification(contract: Contract) -> None:
    reasons = policies.classify_contract(
        price=contract.price,
        list_price=contract.list_price,
        standard_payment_terms=contract.standard_payment_terms,
        clause_changes=contract.clause_changes,
    )
    contract.special_reasons = reasons
    contract.classification = ContractClass.SPECIAL if reasons else ContractClass.STANDARD


def check_contract_price(price: Decimal, source_price: Decimal) -> None:
    if price < source_price:
        raise BusinessRuleError(
            "BR-APR-02",
            _("合同价 %(p)s 元低于认购书/报价约定的 %(s)s 元：须先变更认购书或重新报价审批。")
            % {"p": yuan(price), "s": yuan(source_price)},
            field="price",
        )
