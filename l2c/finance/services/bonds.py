"""Bid bonds (投标保证金, BR-DEAL-05), recorded by finance only (BR-FIN-01) as money records.

Paid out when the company bids: at most ``deals.bid_bond_max_percent`` (2 %) of the
project's estimated price (招标投标法实施条例 第26条), kind ``bid_bond``, direction out, with
the next receipt number. Refunded after the result: in full if the bid was lost (or not
made); if won, less the winning service fee (中标服务费) — and only once the fee's invoice
number is on the tender (000: 扣除部分需要索要发票). The same bank reference never counts
twice (BR-FIN-06): registering it again returns the record already there.

Finance is later in the flow than deals: the tender learns the totals through
``l2c.deals.services.tender_bond_recorded`` inside the same transaction.

Import from this module (``from l2c.finance.services.bonds import bid_bond_pay``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.core.errors import BusinessRuleError, ConflictError
from l2c.core.money import percent_of, yuan
from l2c.deals import services as deals
from l2c.deals.models import Tender, TenderStatus
from l2c.finance.models import Direction, Method, MoneyKind, MoneyRecord, ReceiptStatus
from l2c.finance.services.receipts import clean_amount, money_record_write, require_finance

RULE = "BR-DEAL-05"
#: the bond is paid once the company decided to bid and before the result
PAYABLE = frozenset({TenderStatus.PREPARING, TenderStatus.SUBMITTED})
#: lost (or declined after all): the bond comes back in full
FULL_REFUND = frozenset({TenderStatus.LOST, TenderStatus.DECLINED})
#: won: the bond comes back less the winning service fee
LESS_FEE = frozenset(
    {TenderStatus.PUBLICITY, TenderStatus.AWARDED, TenderStatus.CONTRACTED, TenderStatus.LAPSED}
)
FUTURE_SLACK = dt.timedelta(minutes=5)


def _bank_ref(raw: Any) -> str:
    value = " ".join(str(raw or "").split())
    if not value:
        raise BusinessRuleError(
            "BR-FIN-06", _("请填写银行流水号（同一笔款项不能重复登记）。"), field="bank_ref"
        )
    if len(value) > 60:
        raise BusinessRuleError("BR-FIN-06", _("银行流水号不能超过 60 个字符。"), field="bank_ref")
    return value


def _moment(at: dt.datetime | None) -> dt.datetime:
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + FUTURE_SLACK:
        raise BusinessRuleError("BR-FIN-01", _("收付时间不能晚于现在。"), field="at")
    return at


def _already(bank_ref: str, *, tender: Tender, kind: str, amount: Decimal) -> MoneyRecord | None:
    """BR-FIN-06: the bank reference registered before. The same bond movement → that
    record (nothing new); anything else under the reference → refused."""
    existing = MoneyRecord.objects.filter(bank_ref=bank_ref).first()
    if existing is None:
        return None
    if existing.tender_id == tender.pk and existing.kind == kind and existing.amount == amount:
        existing.duplicate = True  # type: ignore[attr-defined]
        return existing
    raise ConflictError(
        "BR-FIN-06",
        _("银行流水号 %(ref)s 已登记为收据 %(n)s（¥%(a)s），不能重复入账，请核对流水号。")
        % {"ref": bank_ref, "n": existing.number, "a": yuan(existing.amount)},
        field="bank_ref",
        code="bank_ref_taken",
    )


def _fields(tender: Tender, **fields) -> dict[str, Any]:
    return {
        "method": Method.BANK,
        "payer": tender.customer.name[:100],
        "customer_id": tender.customer_id,
        "tender": tender,
        "owner_id": tender.owner_id,
        "team_id": tender.team_id,
        "department_id": tender.department_id,
        **fields,
    }


@transaction.atomic
def bid_bond_pay(
    *, actor, tender_id: int, amount, bank_ref: str, at: dt.datetime | None = None
) -> MoneyRecord:
    """Pay the bid bond of a tender the company decided to bid for (BR-DEAL-05): at most
    ``deals.bid_bond_max_percent`` % of the estimated price (all bond payments together)."""
    require_finance(actor, _("只有财务可以支付投标保证金。"))
    amount = clean_amount(amount)
    bank_ref = _bank_ref(bank_ref)
    at = _moment(at)
    tender = deals.tender_locked(tender_id)
    existing = _already(bank_ref, tender=tender, kind=MoneyKind.BID_BOND, amount=amount)
    if existing is not None:
        return existing
    if tender.status not in PAYABLE:
        raise ConflictError(
            RULE,
            _("决定投标后、开标前才能缴纳投标保证金（当前：%(s)s）。")
            % {"s": tender.get_status_display()},
            code="not_payable",
        )
    percent = policy.value("deals.bid_bond_max_percent")
    cap = percent_of(tender.estimated_price, percent)
    if tender.bond_paid + amount > cap:
        raise BusinessRuleError(
            RULE,
            _("投标保证金不得超过项目估算价的 %(p)s%%（¥%(cap)s）；已缴 ¥%(paid)s。")
            % {"p": percent, "cap": yuan(cap), "paid": yuan(tender.bond_paid)},
            field="amount",
            code="bond_too_high",
        )

    def tell_the_tender(record: MoneyRecord) -> None:
        deals.tender_bond_recorded(
            actor=actor,
            tender=tender,
            paid=amount,
            at=at,
            note=_("¥%(a)s，收据 %(n)s") % {"a": yuan(amount), "n": record.number},
        )

    return money_record_write(
        actor=actor,
        fields=_fields(
            tender,
            direction=Direction.OUT,
            kind=MoneyKind.BID_BOND,
            amount=amount,
            bank_ref=bank_ref,
            at=at,
            note=(_("投标保证金：%(n)s %(t)s") % {"n": tender.number, "t": tender.title})[:200],
            recorded_by=actor,
        ),
        action="bid_bond.pay",
        rule=RULE,
        on_created=tell_the_tender,
    )


def refundable(tender: Tender) -> Decimal:
    """What comes back (BR-DEAL-05): in full when lost; less the service fee when won."""
    if tender.status in LESS_FEE:
        return tender.bond_paid - (tender.service_fee or Decimal(0))
    return tender.bond_paid


@transaction.atomic
def bid_bond_refund(
    *, actor, tender_id: int, amount, bank_ref: str, at: dt.datetime | None = None
) -> MoneyRecord:
    """The bid bond comes back (BR-DEAL-05): in full if lost; if won, less the winning
    service fee, whose invoice number must be on the tender. ``amount`` must be exactly
    what comes back (one record settles the bond; the tender keeps what came back)."""
    require_finance(actor, _("只有财务可以登记保证金退还。"))
    amount = clean_amount(amount)
    bank_ref = _bank_ref(bank_ref)
    at = _moment(at)
    tender = deals.tender_locked(tender_id)
    existing = _already(bank_ref, tender=tender, kind=MoneyKind.BID_BOND_REFUND, amount=amount)
    if existing is not None:
        return existing
    if tender.bond_paid <= 0:
        raise BusinessRuleError(RULE, _("该投标未缴纳保证金。"), code="no_bond")
    if tender.bond_refunded > 0:
        raise ConflictError(RULE, _("投标保证金已退还。"), code="refunded")
    if tender.status in LESS_FEE:
        if tender.service_fee is None or not tender.service_fee_invoice:
            raise BusinessRuleError(
                RULE,
                _("中标项目的保证金扣除中标服务费后退还：请先在投标上登记服务费及其发票号。"),
                code="service_fee_invoice_required",
            )
    elif tender.status not in FULL_REFUND:
        raise ConflictError(
            RULE,
            _("投标结果确定后才能退还保证金（当前：%(s)s）。") % {"s": tender.get_status_display()},
            code="no_result",
        )
    expected = refundable(tender)
    if expected <= 0:
        raise BusinessRuleError(
            RULE, _("中标服务费不少于保证金，无可退还金额。"), code="nothing_to_refund"
        )
    if amount != expected:
        raise BusinessRuleError(
            RULE,
            _("应退金额为 ¥%(e)s（已缴 ¥%(p)s%(fee)s），与登记的 ¥%(a)s 不符。")
            % {
                "e": yuan(expected),
                "p": yuan(tender.bond_paid),
                "fee": _("，扣中标服务费 ¥%(f)s") % {"f": yuan(tender.service_fee)}
                if tender.status in LESS_FEE
                else "",
                "a": yuan(amount),
            },
            field="amount",
            code="refund_amount",
        )
    paid = list(
        MoneyRecord.objects.select_for_update()
        .filter(tender=tender, kind=MoneyKind.BID_BOND, status=ReceiptStatus.VALID)
        .order_by("at", "id")
    )

    def tell_the_tender(record: MoneyRecord) -> None:
        MoneyRecord.objects.filter(pk__in=[p.pk for p in paid]).update(
            status=ReceiptStatus.REFUNDED
        )
        deals.tender_bond_recorded(
            actor=actor,
            tender=tender,
            refunded=amount,
            at=at,
            note=_("退回 ¥%(a)s，收据 %(n)s") % {"a": yuan(amount), "n": record.number},
        )

    return money_record_write(
        actor=actor,
        fields=_fields(
            tender,
            direction=Direction.IN,
            kind=MoneyKind.BID_BOND_REFUND,
            amount=amount,
            bank_ref=bank_ref,
            at=at,
            related=paid[0] if paid else None,
            note=(_("投标保证金退还：%(n)s") % {"n": tender.number})[:200],
            recorded_by=actor,
        ),
        action="bid_bond.refund",
        rule=RULE,
        on_created=tell_the_tender,
    )
