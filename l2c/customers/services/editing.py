"""Editing a customer file and revealing masked data (BR-CUS-01, 10)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record, diff, snapshot
from l2c.core.errors import BusinessRuleError, PermissionDeniedError
from l2c.customers.models import (
    Customer,
    Stage,
)
from l2c.customers.services._common import (
    EDITABLE_FIELDS,
    clean_customer_fields,
    locked_customer,
    may_edit_customer,
)


@transaction.atomic
def customer_update(
    *, actor, customer_id: int, data: dict[str, Any], expected_version: int | None = None
) -> Customer:
    customer = locked_customer(customer_id)
    if not may_edit_customer(actor, customer):
        raise PermissionDeniedError("BR-ORG-02", _("只有负责人或其上级可以修改客户资料。"))
    customer.check_version(expected_version)
    clean = clean_customer_fields(
        {k: v for k, v in data.items() if k in EDITABLE_FIELDS}, partial=True
    )
    if "mobile" in clean and clean["mobile"] != customer.mobile:
        if not clean["mobile"]:
            raise BusinessRuleError("BR-CUS-03", _("手机号码不能为空。"), field="mobile")
        if Customer.objects.filter(mobile=clean["mobile"]).exclude(pk=customer.pk).exists():
            raise BusinessRuleError(
                "BR-CUS-03",
                _("该手机号码已属于另一位客户（撞单）。"),
                field="mobile",
                code="duplicate_mobile",
            )
    if clean.get("stage") == Stage.LOST and not (clean.get("lost_reason") or customer.lost_reason):
        raise BusinessRuleError("BR-CUS-01", _("标记流失须填写原因。"), field="lost_reason")
    if clean.get("stage") == Stage.DEAL and customer.deal_at is None:
        raise BusinessRuleError(
            "BR-CUS-06", _("成交由签订预定书或合同产生，不能手工标记。"), field="stage"
        )
    before = snapshot(customer, list(clean))
    for key, value in clean.items():
        setattr(customer, key, value)
    if clean:
        customer.save_versioned(update_fields=list(clean))
    audit_record(
        actor=actor,
        action="customer.update",
        obj=customer,
        rule="BR-CUS-01",
        changes=diff(before, clean),
    )
    return customer


def customer_reveal(*, actor, customer: Customer, field: str) -> str:
    """Show one masked field in full (BR-CUS-10): allowed to whoever may see the customer;
    every reveal is audited. The caller has checked visibility through the selector."""
    if field not in {"mobile", "id_number"}:
        raise BusinessRuleError("BR-CUS-10", _("该字段无需解密显示。"), field="field")
    audit_record(
        actor=actor,
        action="customer.reveal",
        obj=customer,
        rule="BR-CUS-10",
        extra={"field": field},
    )
    return getattr(customer, field)
