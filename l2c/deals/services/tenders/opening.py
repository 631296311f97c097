"""The opening record of every bidder and the result: won (publicity follows) or lost
(BR-DEAL-04, 06)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError
from l2c.deals.models import Tender, TenderBidder, TenderStatus, TenderStepKind
from l2c.deals.services._common import as_date, as_moment, integer, money, not_in_future, text
from l2c.deals.services.tenders.common import (
    RULE,
    RULE_AWARD,
    add_step,
    require_status,
    tender_locked_for,
)

MAX_BIDDERS = 50


def _bidders(raw: list[dict[str, Any]], tender: Tender) -> list[TenderBidder]:
    if not isinstance(raw, list | tuple) or not raw:
        raise BusinessRuleError(RULE, _("请登记开标时每家投标单位。"), field="bidders")
    if len(raw) > MAX_BIDDERS:
        raise BusinessRuleError(RULE, _("投标单位过多。"), field="bidders")
    rows = []
    for i, item in enumerate(raw):
        item = dict(item)
        field = f"bidders[{i}]"
        is_us = bool(item.get("is_us"))
        price = item.get("price")
        if is_us and price in (None, ""):
            price = tender.bid_price
        rows.append(
            TenderBidder(
                tender=tender,
                name=text(item, "name", rule=RULE, limit=100, label=_("投标单位"), required=True),
                price=money(price, f"{field}.price", rule=RULE),
                duration_days=integer(
                    item.get("duration_days"),
                    f"{field}.duration_days",
                    rule=RULE,
                    low=1,
                    high=3650,
                    required=False,
                ),
                scope_note=text(item, "scope_note", rule=RULE, limit=200, label=_("范围")),
                is_us=is_us,
            )
        )
    names = [r.name for r in rows]
    if len(names) != len(set(names)):
        raise BusinessRuleError(RULE, _("投标单位不能重复。"), field="bidders")
    if sum(r.is_us for r in rows) != 1:
        raise BusinessRuleError(RULE, _("请标明哪一家是本公司（仅一家）。"), field="bidders")
    return rows


@transaction.atomic
def tender_record_opening(
    *,
    actor,
    tender_id: int,
    bidders: list[dict[str, Any]],
    note: str = "",
    at: dt.datetime | None = None,
) -> Tender:
    """The opening record (开标记录): every bidder's price, duration and scope (BR-DEAL-04).
    ``at``: when the opening took place, if entered afterwards (default now)."""
    tender = tender_locked_for(actor, tender_id)
    require_status(tender, {TenderStatus.SUBMITTED}, "递交投标文件后才能登记开标")
    real_now = timezone.now()
    now = as_moment(at, rule=RULE, field="at", default=real_now)
    not_in_future(now, real_now, rule=RULE, field="at")
    if now < tender.opening_at:
        raise BusinessRuleError(RULE, _("尚未到开标时间。"), code="not_opened")
    rows = _bidders(bidders, tender)
    TenderBidder.objects.bulk_create(rows)
    tender.status = TenderStatus.OPENED
    tender.save_versioned(update_fields=["status"])
    note = text({"note": note}, "note", rule=RULE, limit=400, label=_("说明"))
    add_step(
        tender,
        TenderStepKind.OPENED,
        actor=actor,
        at=now,
        note=_("%(n)s 家投标单位") % {"n": len(rows)} + (f"；{note}" if note else ""),
    )
    audit_record(
        actor=actor,
        action="tender.opening",
        obj=tender,
        rule=RULE,
        extra={"bidders": [(r.name, r.price, r.duration_days) for r in rows]},
    )
    return tender


@transaction.atomic
def tender_record_result(
    *,
    actor,
    tender_id: int,
    won: bool,
    note: str = "",
    publicity_start=None,
    publicity_end=None,
) -> Tender:
    """Won (publicity of ``deals.publicity_min_days``–``max_days`` days follows) or lost
    (the bond is then refunded in full) (BR-DEAL-04, 06)."""
    tender = tender_locked_for(actor, tender_id)
    require_status(tender, {TenderStatus.OPENED}, "开标后才能登记结果")
    now = timezone.now()
    note = text({"note": note}, "note", rule=RULE, limit=2000, label=_("结果说明"))
    fields = ["status", "result_note"]
    if won:
        start = as_date(publicity_start, rule=RULE_AWARD, field="publicity_start") or (
            timezone.localdate(now)
        )
        end = as_date(publicity_end, rule=RULE_AWARD, field="publicity_end", required=True)
        assert end is not None  # required=True raises when it is missing
        low = policy.value("deals.publicity_min_days")
        high = policy.value("deals.publicity_max_days")
        if not low <= (end - start).days <= high:
            raise BusinessRuleError(
                RULE_AWARD,
                _("中标公示期应为 %(a)s–%(b)s 天（当前 %(d)s 天）。")
                % {"a": low, "b": high, "d": (end - start).days},
                field="publicity_end",
                code="publicity_days",
            )
        tender.publicity_start, tender.publicity_end = start, end
        tender.status = TenderStatus.PUBLICITY
        fields += ["publicity_start", "publicity_end"]
        text_note = _("中标，公示 %(s)s 至 %(e)s（%(d)s 天）") % {
            "s": start,
            "e": end,
            "d": (end - start).days,
        }
    else:
        tender.status = TenderStatus.LOST
        text_note = _("未中标")
    tender.result_note = note
    tender.save_versioned(update_fields=fields)
    add_step(
        tender,
        TenderStepKind.RESULT,
        actor=actor,
        at=now,
        note=text_note + (f"；{note}" if note else ""),
    )
    audit_record(
        actor=actor,
        action="tender.result",
        obj=tender,
        rule=RULE_AWARD if won else RULE,
        changes={"status": [TenderStatus.OPENED, tender.status]},
    )
    return tender
