"""The award notice after the publicity and the contract within
``deals.award_contract_days`` days, else the award lapses (BR-DEAL-06)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError
from l2c.deals.models import Tender, TenderStatus, TenderStepKind
from l2c.deals.policies import contract_due_on, tender_state
from l2c.deals.services._common import as_date, department_managers
from l2c.deals.services.tenders.common import (
    RULE_AWARD,
    add_step,
    require_status,
    tender_locked,
    tender_locked_for,
    tender_url,
)
from l2c.notifications.services import notify


@transaction.atomic
def tender_record_award(*, actor, tender_id: int, notice_date=None) -> Tender:
    """The award notice (中标通知书) after the publicity; the contract is then due within
    ``deals.award_contract_days`` days, else the award lapses (BR-DEAL-06)."""
    tender = tender_locked_for(actor, tender_id)
    require_status(tender, {TenderStatus.PUBLICITY}, "中标公示后才能登记中标通知书")
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
    add_step(
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
        url=tender_url(tender),
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
    require_status(tender, {TenderStatus.AWARDED}, "收到中标通知书后才能签订合同")
    tender.status = TenderStatus.CONTRACTED
    tender.contracted_at = timezone.localdate(at)
    tender.save_versioned(update_fields=["status", "contracted_at"])
    add_step(
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
