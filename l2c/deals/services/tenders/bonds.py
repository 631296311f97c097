"""The tender's money with finance: the winning service fee and its invoice (BR-DEAL-05),
and the bond totals finance records (``l2c.finance.services.bonds``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.core.errors import ConflictError, PermissionDeniedError
from l2c.core.money import yuan
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.deals.models import Tender, TenderStepKind
from l2c.deals.services._common import is_leader_over, money, text
from l2c.deals.services.tenders.common import (
    WON_STATUSES,
    add_step,
    on_team,
    require_status,
    tender_locked,
)


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
    require_status(tender, WON_STATUSES, "中标后才有中标服务费")
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
    add_step(
        tender,
        TenderStepKind.SERVICE_FEE,
        actor=actor,
        at=timezone.now(),
        note=_("中标服务费 ¥%(f)s，发票号 %(i)s") % {"f": yuan(fee), "i": invoice},
    )
    audit_record(
        actor=actor,
        action="tender.service_fee",
        obj=tender,
        rule="BR-DEAL-05",
        changes={"service_fee": [before[0], fee], "service_fee_invoice": [before[1], invoice]},
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
    add_step(tender, kind, actor=actor, at=at, note=note)
