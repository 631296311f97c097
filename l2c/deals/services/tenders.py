"""Tenders (投标, BR-DEAL-02, 04, 05, 06), from the notice to the award.

tender notice → the rep reports it (the department's managers are told at once) → the
bid decision through the approval kind ``bid_decision`` (the manager; the GM too above
``deals.gm_bid_threshold``) → documents bought and registration → bid bond (recorded by
finance, ``l2c.finance.services.bonds``) → site survey → solution → review → bid
documents ready 2 days and the price 1 day before the opening (late readiness is recorded
as a violation) → submitted → the opening record of every bidder → won or lost → publicity
(5–7 days) → award notice → the contract within 30 days (``tender_mark_contracted``, called
by the contracts app) or the award lapses (derived from the dates; ``tasks`` records it).

The bid price is confidential to the bid team (and the GM, who decides large bids) until
the opening, when the opening record makes every bidder's price public.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.approvals import services as approvals
from l2c.approvals.registry import Outcome
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.numbering import next_number
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers import selectors as customer_selectors
from l2c.deals.models import (
    Opportunity,
    Tender,
    TenderBidder,
    TenderStatus,
    TenderStep,
    TenderStepKind,
)
from l2c.deals.policies import contract_due_on, readiness_due, tender_state
from l2c.deals.services._common import (
    SALES_ROLES,
    as_date,
    as_moment,
    department_managers,
    integer,
    is_leader_over,
    locked,
    money,
    not_in_future,
    person_of,
    text,
)
from l2c.notifications.services import notify
from l2c.org.models import Person

RULE_REPORT = "BR-DEAL-02"
RULE = "BR-DEAL-04"
RULE_AWARD = "BR-DEAL-06"
APPROVAL_KIND = "bid_decision"
NOT_FOUND = "未找到该投标项目。"
#: steps recorded with ``tender_record_step`` (the others have their own service)
SIMPLE_STEPS = frozenset(
    {
        TenderStepKind.DOCUMENTS_BOUGHT,
        TenderStepKind.REGISTERED,
        TenderStepKind.SITE_SURVEY,
        TenderStepKind.SOLUTION,
        TenderStepKind.REVIEW,
        TenderStepKind.DOCUMENTS_READY,
        TenderStepKind.SUBMITTED,
    }
)
#: steps that happen once
ONCE = frozenset(
    {TenderStepKind.DOCUMENTS_BOUGHT, TenderStepKind.REGISTERED, TenderStepKind.SUBMITTED}
)
WON_STATUSES = frozenset(
    {TenderStatus.PUBLICITY, TenderStatus.AWARDED, TenderStatus.CONTRACTED, TenderStatus.LAPSED}
)
#: the decision's outcome → the tender's status (only while it is being decided)
OUTCOME_STATUS = {
    "in_approval": TenderStatus.DECIDING,
    "approved": TenderStatus.PREPARING,
    "rejected": TenderStatus.DECLINED,
    "withdrawn": TenderStatus.REPORTED,
    "cancelled": TenderStatus.REPORTED,
}
MAX_TEAM = 30
MAX_BIDDERS = 50


def _url(tender: Tender) -> str:
    return reverse("deals:tender", args=[tender.pk])


def _step(tender, kind, *, actor, at, note: str = "", late: bool = False) -> TenderStep:
    return TenderStep.objects.create(
        tender=tender,
        step=kind,
        at=at,
        recorded_at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=str(note)[:500],
        late=late,
    )


def team_ids(tender: Tender) -> set[int]:
    return set(tender.bid_team.values_list("id", flat=True))


def on_team(user, tender: Tender) -> bool:
    return bool(user is not None and user.pk) and tender.bid_team.filter(pk=user.pk).exists()


def price_visible_to(user, tender: Tender, *, team: set[int] | None = None) -> bool:
    """BR-DEAL-04: the bid price is confidential to the bid team and the GM (who decides
    the large bids) until the opening, when the opening record makes it public."""
    if tender.status in {TenderStatus.OPENED, TenderStatus.LOST} | WON_STATUSES:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if Role.GM in viewer_of(user).roles:
        return True
    members = team if team is not None else team_ids(tender)
    return user.pk in members


def tender_locked(tender_id) -> Tender:
    """The tender row locked for the caller's transaction (for finance's bond services)."""
    return locked(Tender, tender_id, rule=RULE, message=_(NOT_FOUND))


def _locked_for(actor, tender_id, *, team: bool = True, leaders: bool = True) -> Tender:
    tender = tender_locked(tender_id)
    if tender.owner_id == actor.pk or (team and on_team(actor, tender)):
        return tender
    if leaders and is_leader_over(actor, tender):
        return tender
    raise PermissionDeniedError(RULE, _("只有投标小组成员或其上级可以操作。"))


def _status(tender: Tender, allowed, message: str) -> None:
    if tender.status not in allowed:
        raise ConflictError(
            RULE,
            _(message) + _("（当前：%(s)s）") % {"s": tender.get_status_display()},
            code="wrong_status",
        )


def _members(raw_ids, owner_id: int) -> list[int]:
    ids = []
    for raw in raw_ids or []:
        try:
            ids.append(int(raw))
        except (TypeError, ValueError) as exc:
            raise BusinessRuleError(RULE, _("投标小组成员无效。"), field="bid_team") from exc
    wanted = set(ids) | {owner_id}
    if len(wanted) > MAX_TEAM:
        raise BusinessRuleError(
            RULE, _("投标小组最多 %(n)s 人。") % {"n": MAX_TEAM}, field="bid_team"
        )
    found = set(
        Person.objects.filter(user_id__in=wanted, left_on__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    if found != wanted:
        raise BusinessRuleError(RULE, _("投标小组中有人不存在或已离职。"), field="bid_team")
    return sorted(wanted)


# --- report and decision -------------------------------------------------------------------


@transaction.atomic
def tender_report(
    *,
    actor,
    data: dict[str, Any],
    bid_team: list[int] | None = None,
    at: dt.datetime | None = None,
) -> Tender:
    """A rep logs a tender notice and reports it (BR-DEAL-02): the department's managers
    are notified at once. ``bid_team``: user ids (the reporter is always in it). ``at``:
    when it was reported, if entered afterwards (the opening must lie after it)."""
    person = person_of(actor, rule=RULE_REPORT, roles=SALES_ROLES)
    customer = customer_selectors.customer_get(viewer=actor, customer_id=data.get("customer"))
    if not (customer_selectors.owns(actor, customer) or is_leader_over(actor, customer)):
        raise PermissionDeniedError(RULE_REPORT, _("只能为自己负责的有效客户登记投标。"))
    real_now = timezone.now()
    now = as_moment(at, rule=RULE_REPORT, field="at", default=real_now)
    not_in_future(now, real_now, rule=RULE_REPORT, field="at")
    title = text(data, "title", rule=RULE_REPORT, limit=200, label=_("项目名称"), required=True)
    notice_ref = text(data, "notice_ref", rule=RULE_REPORT, limit=60, label=_("招标公告编号"))
    estimated = money(data.get("estimated_price"), "estimated_price", rule=RULE_REPORT)
    if data.get("opening_at") in (None, ""):
        raise BusinessRuleError(RULE_REPORT, _("请填写开标时间。"), field="opening_at")
    opening_at = as_moment(data["opening_at"], rule=RULE_REPORT, field="opening_at", default=now)
    if opening_at <= now:
        raise BusinessRuleError(RULE_REPORT, _("开标时间应在将来。"), field="opening_at")
    opportunity = None
    if data.get("opportunity") not in (None, ""):
        opportunity = Opportunity.objects.filter(
            pk=integer(data["opportunity"], "opportunity", rule=RULE_REPORT, low=1, high=2**62),
            customer=customer,
        ).first()
        if opportunity is None:
            raise BusinessRuleError(
                RULE_REPORT, _("商机不存在或不属于该客户。"), field="opportunity"
            )
    members = _members(bid_team, actor.pk)
    tender = Tender.objects.create(
        created_at=now,
        number=next_number("tender", at=now),
        title=title,
        customer=customer,
        opportunity=opportunity,
        notice_ref=notice_ref,
        estimated_price=estimated,
        opening_at=opening_at,
        owner=actor,
        department_id=person.department_id,
        team_id=person.team_id,
    )
    tender.bid_team.set(members)
    _step(tender, TenderStepKind.REPORTED, actor=actor, at=now, note=_("向部门经理报告"))
    notify(
        recipients=department_managers(person.department_id),
        kind="deals.tender_reported",
        title=_("投标信息：%(t)s（估算价 ¥%(p)s）") % {"t": title, "p": f"{estimated:,.2f}"},
        body=_("%(who)s 报告了招标信息，开标时间 %(o)s，请决定是否投标。")
        % {"who": person.name, "o": timezone.localtime(opening_at).strftime("%Y-%m-%d %H:%M")},
        url=_url(tender),
        obj=tender,
        key=f"tender-reported-{tender.pk}",
    )
    audit_record(
        actor=actor,
        action="tender.report",
        obj=tender,
        rule=RULE_REPORT,
        changes={"estimated_price": [None, estimated], "opening_at": [None, opening_at]},
        extra={"bid_team": members},
    )
    return tender


@transaction.atomic
def tender_decide(*, actor, tender_id: int) -> Tender:
    """Put the bid decision to the manager (and to the GM above ``deals.gm_bid_threshold``)
    through the approval kind ``bid_decision`` (BR-DEAL-02). The reporter submits; a
    manager submitting decides their own step by doing so."""
    tender = _locked_for(actor, tender_id, team=False)
    _status(tender, {TenderStatus.REPORTED, TenderStatus.DECLINED}, "该投标不在待决策状态")
    threshold = policy.value("deals.gm_bid_threshold")
    approvals.approval_submit(
        actor=actor,
        kind=APPROVAL_KIND,
        obj=tender,
        title=_("投标决策：%(t)s（估算价 ¥%(p)s）")
        % {"t": tender.title, "p": f"{tender.estimated_price:,.2f}"},
        facts={"amount": tender.estimated_price, "gm_threshold": threshold},
    )
    tender.refresh_from_db()
    return tender


def tender_on_outcome(outcome: Outcome) -> None:
    """The bid decision's state becomes the tender's (the engine wrote the audit row)."""
    tender: Tender = outcome.obj
    status = OUTCOME_STATUS.get(outcome.state)
    deciding = {TenderStatus.REPORTED, TenderStatus.DECIDING, TenderStatus.DECLINED}
    if status is None or tender.status not in deciding:
        return
    tender.status = status
    tender.save_versioned(update_fields=["status"])
    if outcome.state in ("approved", "rejected"):
        note = _("决定投标") if outcome.state == "approved" else _("决定不投标")
        if outcome.comment:
            note = f"{note}：{outcome.comment}"
        _step(tender, TenderStepKind.DECISION, actor=outcome.actor, at=timezone.now(), note=note)


# --- preparing the bid ---------------------------------------------------------------------


@transaction.atomic
def tender_set_team(*, actor, tender_id: int, members: list[int]) -> Tender:
    """Who is on the bid team (the owner always is); they see the confidential price."""
    tender = _locked_for(actor, tender_id, team=False)
    _status(
        tender,
        {
            TenderStatus.REPORTED,
            TenderStatus.DECIDING,
            TenderStatus.PREPARING,
            TenderStatus.SUBMITTED,
        },
        "开标后不能再调整投标小组",
    )
    before = sorted(team_ids(tender))
    after = _members(members, tender.owner_id)
    if before == after:
        return tender
    tender.bid_team.set(after)
    names = ", ".join(Person.objects.filter(user_id__in=after).values_list("name", flat=True))
    _step(tender, TenderStepKind.TEAM, actor=actor, at=timezone.now(), note=names)
    audit_record(
        actor=actor,
        action="tender.team",
        obj=tender,
        rule=RULE,
        changes={"bid_team": [before, after]},
    )
    return tender


@transaction.atomic
def tender_record_step(
    *, actor, tender_id: int, step: str, note: str = "", at: dt.datetime | None = None
) -> TenderStep:
    """Record one step of the preparation (BR-DEAL-04). Documents ready later than
    ``deals.bid_documents_days_before`` days before the opening is recorded as late (a
    violation shown on the tender); submitting needs the documents and the price ready."""
    if step not in SIMPLE_STEPS:
        raise BusinessRuleError(RULE, _("步骤无效。"), field="step")
    tender = _locked_for(actor, tender_id)
    _status(tender, {TenderStatus.PREPARING}, "只有决定投标后、递交前可以登记准备步骤")
    now = timezone.now()
    moment = as_moment(at, rule=RULE, field="at", default=now)
    not_in_future(moment, now, rule=RULE, field="at")
    note = text({"note": note}, "note", rule=RULE, limit=500, label=_("说明"))
    if step in ONCE | {TenderStepKind.DOCUMENTS_READY} and tender.steps.filter(step=step).exists():
        raise ConflictError(
            RULE, _("“%(s)s”已登记。") % {"s": TenderStepKind(step).label}, code="done"
        )
    late = False
    fields: list[str] = []
    docs_due, _price_due = readiness_due(tender.opening_at)
    if step == TenderStepKind.DOCUMENTS_READY:
        late = moment > docs_due
        tender.documents_ready_at = moment
        fields.append("documents_ready_at")
    if step == TenderStepKind.SUBMITTED:
        if tender.documents_ready_at is None or tender.price_ready_at is None:
            raise BusinessRuleError(RULE, _("投标文件和报价都完成后才能递交。"), code="not_ready")
        tender.status = TenderStatus.SUBMITTED
        fields.append("status")
    if fields:
        tender.save_versioned(update_fields=fields)
    row = _step(tender, step, actor=actor, at=moment, note=note, late=late)
    audit_record(
        actor=actor,
        action=f"tender.{step}",
        obj=tender,
        rule=RULE,
        extra={"at": moment, "late": late, "due": docs_due}
        if step == TenderStepKind.DOCUMENTS_READY
        else {"at": moment},
    )
    return row


@transaction.atomic
def tender_set_price(
    *,
    actor,
    tender_id: int,
    price,
    duration_days: int | None = None,
    at: dt.datetime | None = None,
) -> Tender:
    """The bid price (and duration) is fixed — by a bid team member only, the price being
    confidential to the team (BR-DEAL-04). Fixed later than ``deals.bid_price_days_before``
    day(s) before the opening it is recorded as late. Neither the step nor the audit row
    carries the amount."""
    tender = tender_locked(tender_id)
    if not on_team(actor, tender):
        raise PermissionDeniedError(RULE, _("投标报价保密，只有投标小组成员可以填写。"))
    _status(tender, {TenderStatus.PREPARING}, "只有递交前可以确定报价")
    now = timezone.now()
    moment = as_moment(at, rule=RULE, field="at", default=now)
    not_in_future(moment, now, rule=RULE, field="at")
    tender.bid_price = money(price, "price", rule=RULE)
    tender.bid_duration_days = integer(
        duration_days, "duration_days", rule=RULE, low=1, high=3650, required=False
    )
    tender.price_ready_at = moment
    tender.save_versioned(update_fields=["bid_price", "bid_duration_days", "price_ready_at"])
    _docs_due, price_due = readiness_due(tender.opening_at)
    late = moment > price_due
    _step(
        tender,
        TenderStepKind.PRICE_READY,
        actor=actor,
        at=moment,
        note=_("报价已确定（保密）"),
        late=late,
    )
    audit_record(
        actor=actor,
        action="tender.price",
        obj=tender,
        rule=RULE,
        extra={"at": moment, "late": late, "due": price_due, "bid_price": "保密"},
    )
    return tender


# --- opening, result, award ----------------------------------------------------------------


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
    tender = _locked_for(actor, tender_id)
    _status(tender, {TenderStatus.SUBMITTED}, "递交投标文件后才能登记开标")
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
    _step(
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
    tender = _locked_for(actor, tender_id)
    _status(tender, {TenderStatus.OPENED}, "开标后才能登记结果")
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
    _step(
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


@transaction.atomic
def tender_record_award(*, actor, tender_id: int, notice_date=None) -> Tender:
    """The award notice (中标通知书) after the publicity; the contract is then due within
    ``deals.award_contract_days`` days, else the award lapses (BR-DEAL-06)."""
    tender = _locked_for(actor, tender_id)
    _status(tender, {TenderStatus.PUBLICITY}, "中标公示后才能登记中标通知书")
    today = timezone.localdate()
    notice = as_date(notice_date, rule=RULE_AWARD, field="notice_date") or today
    if notice > today:
        raise BusinessRuleError(RULE_AWARD, _("不能登记将来的日期。"), field="notice_date")
    if tender.publicity_end is not None and notice < tender.publicity_end:
        raise BusinessRuleError(
            RULE_AWARD,
            _("公示期至 %(e)s 结束，之后才有中标通知书。") % {"e": tender.publicity_end},
            field="notice_date",
            code="publicity_running",
        )
    due = contract_due_on(notice)
    if today > due:
        raise BusinessRuleError(RULE_AWARD, _("该通知日期的签约期限已过。"), field="notice_date")
    tender.award_notice_at = notice
    tender.status = TenderStatus.AWARDED
    tender.save_versioned(update_fields=["award_notice_at", "status"])
    _step(
        tender,
        TenderStepKind.AWARD,
        actor=actor,
        at=timezone.now(),
        note=_("中标通知日期 %(n)s，合同须于 %(d)s 前签订") % {"n": notice, "d": due},
    )
    notify(
        recipients=[tender.owner, *department_managers(tender.department_id)],
        kind="deals.tender_awarded",
        title=_("中标：%(t)s，合同须于 %(d)s 前签订") % {"t": tender.title, "d": due},
        url=_url(tender),
        obj=tender,
        key=f"tender-awarded-{tender.pk}",
    )
    audit_record(
        actor=actor,
        action="tender.award",
        obj=tender,
        rule=RULE_AWARD,
        changes={"award_notice_at": [None, notice]},
        extra={"contract_due": due},
    )
    return tender


@transaction.atomic
def tender_record_service_fee(*, actor, tender_id: int, service_fee, invoice: str) -> Tender:
    """The winning service fee (中标服务费) and its invoice number (BR-DEAL-05): the bond
    comes back less the fee, and only once the invoice is on the tender."""
    tender = tender_locked(tender_id)
    viewer = viewer_of(actor)
    if not (
        Role.FINANCE in viewer.roles
        or tender.owner_id == actor.pk
        or on_team(actor, tender)
        or is_leader_over(actor, tender)
    ):
        raise PermissionDeniedError("BR-DEAL-05", _("您没有执行此操作的权限。"))
    _status(tender, WON_STATUSES, "中标后才有中标服务费")
    if tender.bond_refunded:
        raise ConflictError("BR-DEAL-05", _("保证金已退还，服务费不能再修改。"), code="refunded")
    fee = money(service_fee, "service_fee", rule="BR-DEAL-05")
    invoice = text(
        {"invoice": invoice},
        "invoice",
        rule="BR-DEAL-05",
        limit=40,
        label=_("服务费发票号"),
        required=True,
    )
    before = (tender.service_fee, tender.service_fee_invoice)
    tender.service_fee, tender.service_fee_invoice = fee, invoice
    tender.save_versioned(update_fields=["service_fee", "service_fee_invoice"])
    _step(
        tender,
        TenderStepKind.SERVICE_FEE,
        actor=actor,
        at=timezone.now(),
        note=_("中标服务费 ¥%(f)s，发票号 %(i)s") % {"f": f"{fee:,.2f}", "i": invoice},
    )
    audit_record(
        actor=actor,
        action="tender.service_fee",
        obj=tender,
        rule="BR-DEAL-05",
        changes={"service_fee": [before[0], fee], "service_fee_invoice": [before[1], invoice]},
    )
    return tender


@transaction.atomic
def tender_mark_contracted(*, actor, tender_id: int, at: dt.datetime | None = None) -> Tender:
    """The contract of an awarded tender was signed (called by the contracts app inside its
    signing transaction). Refused once the award has lapsed: more than
    ``deals.award_contract_days`` days after the notice (BR-DEAL-06). Idempotent."""
    tender = tender_locked(tender_id)
    at = at or timezone.now()
    if tender.status == TenderStatus.CONTRACTED:
        return tender
    state = tender_state(tender, at)
    if state.lapsed:
        raise BusinessRuleError(
            RULE_AWARD,
            _("中标通知后 %(n)s 天内未签合同（期限 %(d)s），中标已失效。")
            % {"n": policy.value("deals.award_contract_days"), "d": state.contract_due},
            code="award_lapsed",
        )
    _status(tender, {TenderStatus.AWARDED}, "收到中标通知书后才能签订合同")
    tender.status = TenderStatus.CONTRACTED
    tender.contracted_at = timezone.localdate(at)
    tender.save_versioned(update_fields=["status", "contracted_at"])
    _step(
        tender,
        TenderStepKind.CONTRACTED,
        actor=actor,
        at=at,
        note=_("中标通知后第 %(n)s 天签订") % {"n": state.days_since_notice},
    )
    audit_record(
        actor=actor,
        action="tender.contracted",
        obj=tender,
        rule=RULE_AWARD,
        changes={"status": [TenderStatus.AWARDED, TenderStatus.CONTRACTED]},
    )
    return tender


def tender_bond_recorded(
    *,
    actor,
    tender: Tender,
    paid: Decimal = Decimal(0),
    refunded: Decimal = Decimal(0),
    at: dt.datetime,
    note: str = "",
) -> None:
    """Finance recorded bond money for the tender (``l2c.finance.services.bonds``, inside
    its transaction, which writes the audit row): the tender keeps the totals and a step."""
    Tender.objects.filter(pk=tender.pk).update(
        bond_paid=F("bond_paid") + paid,
        bond_refunded=F("bond_refunded") + refunded,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    tender.refresh_from_db(fields=["bond_paid", "bond_refunded", "version", "updated_at"])
    kind = TenderStepKind.BOND_PAID if paid else TenderStepKind.BOND_REFUNDED
    _step(tender, kind, actor=actor, at=at, note=note)
