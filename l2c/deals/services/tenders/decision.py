"""A tender reported (BR-DEAL-02) and the bid decision through the approval kind
``bid_decision``: the decision's outcome becomes the tender's status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.approvals.registry import Outcome
from l2c.approvals.services.documents import document_submit, follow_outcome
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.core.numbering import next_number
from l2c.customers import selectors as customer_selectors
from l2c.deals.models import Opportunity, Tender, TenderStatus, TenderStepKind
from l2c.deals.services._common import (
    SALES_ROLES,
    as_moment,
    department_managers,
    integer,
    is_leader_over,
    money,
    not_in_future,
    person_of,
    text,
)
from l2c.deals.services.tenders.common import (
    RULE_REPORT,
    add_step,
    clean_bid_team,
    require_status,
    tender_locked_for,
    tender_url,
)
from l2c.notifications.services import notify

#: the decision's outcome → the tender's status (only while it is being decided)
OUTCOME_STATUS = {
    "in_approval": TenderStatus.DECIDING,
    "approved": TenderStatus.PREPARING,
    "rejected": TenderStatus.DECLINED,
    "withdrawn": TenderStatus.REPORTED,
    "cancelled": TenderStatus.REPORTED,
}


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
    members = clean_bid_team(bid_team, actor.pk)
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
    add_step(tender, TenderStepKind.REPORTED, actor=actor, at=now, note=_("向部门经理报告"))
    notify(
        recipients=department_managers(person.department_id),
        kind="deals.tender_reported",
        title=_("投标信息：%(t)s（估算价 ¥%(p)s）") % {"t": title, "p": yuan(estimated)},
        body=_("%(who)s 报告了招标信息，开标时间 %(o)s，请决定是否投标。")
        % {"who": person.name, "o": timezone.localtime(opening_at).strftime("%Y-%m-%d %H:%M")},
        url=tender_url(tender),
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
    tender = tender_locked_for(actor, tender_id, team=False)
    require_status(tender, {TenderStatus.REPORTED, TenderStatus.DECLINED}, "该投标不在待决策状态")
    threshold = policy.value("deals.gm_bid_threshold")
    return document_submit(
        actor=actor,
        doc=tender,
        title=_("投标决策：%(t)s（估算价 ¥%(p)s）")
        % {"t": tender.title, "p": yuan(tender.estimated_price)},
        facts={"amount": tender.estimated_price, "gm_threshold": threshold},
    )


def tender_on_outcome(outcome: Outcome) -> None:
    """The bid decision's state becomes the tender's (the engine wrote the audit row)."""
    tender: Tender = outcome.obj
    deciding = {TenderStatus.REPORTED, TenderStatus.DECIDING, TenderStatus.DECLINED}
    status = OUTCOME_STATUS.get(outcome.state) if tender.status in deciding else None
    fields = follow_outcome(tender, outcome, status=status)
    if not fields:
        return
    tender.save_versioned(update_fields=fields)
    if outcome.state in ("approved", "rejected"):
        note = _("决定投标") if outcome.state == "approved" else _("决定不投标")
        if outcome.comment:
            note = f"{note}：{outcome.comment}"
        add_step(tender, TenderStepKind.DECISION, actor=outcome.actor, at=timezone.now(), note=note)
