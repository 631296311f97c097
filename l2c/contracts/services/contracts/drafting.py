"""A contract prepared and edited as a draft, classified again at every change
(BR-CON-03; read-only while in review, BR-APR-06)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from l2c.approvals import services as approvals
from l2c.audit.services import audit_record
from l2c.contracts.models import Contract, ContractStatus
from l2c.contracts.services._common import doc_ref, locked_contract, may_handle, money, sales_person
from l2c.contracts.services.contracts.common import EDITABLE, RULE
from l2c.contracts.services.contracts.sources import (
    apply_classification,
    check_contract_price,
    clean_payment_terms,
    contract_source,
)
from l2c.core.errors import ConflictError, PermissionDeniedError


@transaction.atomic
def contract_create(
    *,
    actor,
    reservation_id: int | None = None,
    quote_id: int | None = None,
    tender_id: int | None = None,
    price: Any = None,
    payment_terms: Any = None,
    standard_payment_terms: bool = True,
    clause_changes: str = "",
    buyer_name: str = "",
) -> Contract:
    """Prepare a contract (000 E10) from a reservation (its unit and agreed price), an
    accepted quote or an awarded tender; classified at once (BR-CON-03). A draft: no
    number until it is signed (BR-CON-05)."""
    sales_person(actor, RULE)
    src = contract_source(actor, reservation_id, quote_id, tender_id)
    final = money(price, "price", RULE) if price not in (None, "") else src["price"]
    check_contract_price(final, src["price"])
    contract = Contract(
        customer=src["customer"],
        buyer_name=(buyer_name or "").strip()[:100] or src["customer"].name,
        reservation=src.get("reservation"),
        quote=src.get("quote"),
        tender=src.get("tender"),
        unit_id=src["unit_id"],
        list_price=src["list_price"],
        price=final,
        payment_terms=clean_payment_terms(payment_terms),
        standard_payment_terms=bool(standard_payment_terms),
        clause_changes=(clause_changes or "").strip()[:5000],
        status=ContractStatus.DRAFT,
        owner_id=src["owner_id"],
        department_id=src["department_id"],
        team_id=src["team_id"],
    )
    apply_classification(contract)
    contract.save()
    audit_record(
        actor=actor,
        action="contract.create",
        obj=contract,
        rule=RULE,
        changes={
            "price": [None, contract.price],
            "classification": [None, contract.classification],
        },
        extra={
            "source": doc_ref(src.get("reservation") or src.get("quote") or src.get("tender")),
            "special_reasons": contract.special_reasons,
        },
    )
    return contract


@transaction.atomic
def contract_update(
    *,
    actor,
    contract_id: int,
    expected_version: int | None = None,
    price: Any = None,
    payment_terms: Any = None,
    standard_payment_terms: bool | None = None,
    clause_changes: str | None = None,
    buyer_name: str | None = None,
) -> Contract:
    """Edit a draft (or a rejected special) contract; it is classified again. Read-only
    while in review (BR-APR-06)."""
    contract = locked_contract(contract_id, RULE)
    if not may_handle(actor, contract):
        raise PermissionDeniedError(RULE, _("只有经办人或其主管、经理可以修改合同。"))
    approvals.ensure_editable(contract)
    if contract.status not in EDITABLE:
        raise ConflictError(
            RULE,
            _("合同当前为「%(s)s」，不能修改。") % {"s": contract.get_status_display()},
            code="not_editable",
        )
    contract.check_version(expected_version)
    before = {
        f: getattr(contract, f)
        for f in (
            "price",
            "payment_terms",
            "standard_payment_terms",
            "clause_changes",
            "buyer_name",
        )
    }
    if price not in (None, ""):
        contract.price = money(price, "price", RULE)
        source_price = (
            contract.reservation.agreed_price
            if contract.reservation_id
            else contract.quote.total
            if contract.quote_id
            else contract.list_price
        )
        check_contract_price(contract.price, source_price)
    if payment_terms is not None:
        contract.payment_terms = clean_payment_terms(payment_terms)
    if standard_payment_terms is not None:
        contract.standard_payment_terms = bool(standard_payment_terms)
    if clause_changes is not None:
        contract.clause_changes = clause_changes.strip()[:5000]
    if buyer_name not in (None, ""):
        contract.buyer_name = buyer_name.strip()[:100]
    apply_classification(contract)
    contract.save_versioned(update_fields=[*before, "classification", "special_reasons"])
    audit_record(
        actor=actor,
        action="contract.update",
        obj=contract,
        rule=RULE,
        changes={
            k: [v, getattr(contract, k)] for k, v in before.items() if v != getattr(contract, k)
        },
        extra={
            "classification": contract.classification,
            "special_reasons": contract.special_reasons,
        },
    )
    return contract
