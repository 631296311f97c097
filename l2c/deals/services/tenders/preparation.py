"""Preparing the bid (BR-DEAL-04): the bid team, the preparation steps (documents,
registration, survey, solution, review, submission) and the confidential bid price,
each late one recorded as a violation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.deals.models import Tender, TenderStatus, TenderStep, TenderStepKind
from l2c.deals.policies import readiness_due
from l2c.deals.services._common import as_moment, integer, money, not_in_future, text
from l2c.deals.services.tenders.common import (
    RULE,
    add_step,
    clean_bid_team,
    on_team,
    require_status,
    team_ids,
    tender_locked,
    tender_locked_for,
)
from l2c.org.models import Person

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


@transaction.atomic
def tender_set_team(*, actor, tender_id: int, members: list[int]) -> Tender:
    """Who is on the bid team (the owner always is); they see the confidential price."""
    tender = tender_locked_for(actor, tender_id, team=False)
    require_status(
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
    after = clean_bid_team(members, tender.owner_id)
    if before == after:
        return tender
    tender.bid_team.set(after)
    names = ", ".join(Person.objects.filter(user_id__in=after).values_list("name", flat=True))
    add_step(tender, TenderStepKind.TEAM, actor=actor, at=timezone.now(), note=names)
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
    tender = tender_locked_for(actor, tender_id)
    require_status(tender, {TenderStatus.PREPARING}, "只有决定投标后、递交前可以登记准备步骤")
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
    row = add_step(tender, step, actor=actor, at=moment, note=note, late=late)
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
    require_status(tender, {TenderStatus.PREPARING}, "只有递交前可以确定报价")
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
    add_step(
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
