"""What ``l2c_tick`` does for deals (BR-DEAL-06): remind the owner when an awarded
tender's contract is due within a few days, and record the lapse of an award whose
contract was not signed within ``deals.award_contract_days`` days of the notice.

Whether an award has lapsed never depends on this job (``policies.tender_state`` derives it
from the notice date); the tick only records it (status, step, audit row) and tells the
owner and the department's managers. Idempotent: the status changes by a conditional
UPDATE and every notification carries a key, so a second or late run does nothing new."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.deals.models import Tender, TenderStatus, TenderStep, TenderStepKind
from l2c.deals.services._common import department_managers
from l2c.notifications.services import notify

BATCH = 500
#: remind this many days before the contract deadline
REMIND_DAYS = 5


def record_lapsed_awards(now: dt.datetime) -> dict[str, int]:
    days = policy.value("deals.award_contract_days", at=now)
    today = timezone.localdate(now)
    last_valid_notice = today - dt.timedelta(days=days)  # notice + days >= today → still valid
    lapsed = reminded = 0
    due = (
        Tender.objects.filter(status=TenderStatus.AWARDED, award_notice_at__lt=last_valid_notice)
        .select_related("owner")
        .order_by("award_notice_at", "id")[:BATCH]
    )
    for tender in due:
        with transaction.atomic():
            changed = Tender.objects.filter(pk=tender.pk, status=TenderStatus.AWARDED).update(
                status=TenderStatus.LAPSED, lapsed_at=now, version=F("version") + 1
            )
            if not changed:
                continue
            deadline = tender.award_notice_at + dt.timedelta(days=days)
            TenderStep.objects.create(
                tender=tender,
                step=TenderStepKind.LAPSED,
                at=now,
                note=_("中标通知 %(n)s 后 %(d)s 天内未签合同（期限 %(due)s）")
                % {"n": tender.award_notice_at, "d": days, "due": deadline},
            )
            audit_record(
                actor=None,
                action="tender.lapse",
                obj=tender,
                rule="BR-DEAL-06",
                changes={"status": [TenderStatus.AWARDED, TenderStatus.LAPSED]},
                extra={"award_notice_at": tender.award_notice_at, "contract_due": deadline},
            )
            notify(
                recipients=[tender.owner, *department_managers(tender.department_id)],
                kind="deals.tender_lapsed",
                title=_("中标已失效：%(t)s（%(due)s 前未签合同）")
                % {"t": tender.title, "due": deadline},
                url=reverse("deals:tender", args=[tender.pk]),
                obj=tender,
                key=f"tender-lapsed-{tender.pk}",
            )
            lapsed += 1
    soon = (
        Tender.objects.filter(
            status=TenderStatus.AWARDED,
            award_notice_at__gte=last_valid_notice,
            award_notice_at__lte=last_valid_notice + dt.timedelta(days=REMIND_DAYS),
        )
        .select_related("owner")
        .order_by("award_notice_at", "id")[:BATCH]
    )
    for tender in soon:
        deadline = tender.award_notice_at + dt.timedelta(days=days)
        with transaction.atomic():
            sent = notify(
                recipients=[tender.owner],
                kind="deals.tender_contract_due",
                title=_("中标项目“%(t)s”须于 %(due)s 前签订合同")
                % {"t": tender.title, "due": deadline},
                url=reverse("deals:tender", args=[tender.pk]),
                obj=tender,
                key=f"tender-contract-due-{tender.pk}",
            )
        reminded += len(sent)
    return {"lapsed": lapsed, "reminded": reminded}
