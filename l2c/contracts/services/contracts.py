"""Contracts (BR-CON-03…05, BR-FIN-08): prepared from a reservation, an accepted quote or
an awarded tender; classified standard or special from their deviations; a special one
goes through the ``special_contract`` chain; the supervisor's checklist; numbered AT
SIGNING inside the signing transaction (a rolled-back signing gives its number back);
archived by the 5th of the next month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.approvals import services as approvals
from l2c.approvals.models import RequestState
from l2c.approvals.registry import Outcome
from l2c.approvals.selectors import approval_for_object
from l2c.audit.services import audit_record
from l2c.catalog import services as catalog
from l2c.contracts import policies
from l2c.contracts.models import (
    Contract,
    ContractClass,
    ContractReview,
    ContractStatus,
    Reservation,
    ReservationStatus,
)
from l2c.contracts.services._common import (
    doc_ref,
    is_superior_of,
    locked_contract,
    locked_reservation,
    may_handle,
    money,
    person_of,
    sales_person,
)
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.core.numbering import next_number
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers import services as customers
from l2c.deals import services as deals
from l2c.deals.models import Quote, QuoteStatus, Tender, TenderStatus
from l2c.org.models import Department
from l2c.reception.services import attribution_settle_on_deal

RULE = "BR-CON-03"
EDITABLE = (ContractStatus.DRAFT, ContractStatus.REVIEW_REJECTED)
#: the checklist items every contract needs, and the one only a special contract needs
CHECKLIST = ("clauses_and_figures", "signatures_and_seals", "attachments")
SPECIAL_ITEM = "special_review_record"


# --- inputs -----------------------------------------------------------------------------


def clean_payment_terms(raw: Any) -> list[dict[str, str]]:
    """The payment schedule: ``[{"name": "首付款", "percent": "30", "due": "2026-12-01"}]``;
    the percentages add up to 100 when a schedule is given."""
    if raw in (None, "") or raw == [] or raw == ():
        return []
    if not isinstance(raw, list | tuple):
        raise BusinessRuleError(RULE, _("付款安排应为列表。"), field="payment_terms")
    out: list[dict[str, str]] = []
    total = Decimal(0)
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise BusinessRuleError(
                RULE, _("付款安排第 %(i)s 项有误。") % {"i": i}, field="payment_terms"
            )
        name = str(item.get("name", "")).strip()[:40]
        try:
            percent = Decimal(str(item.get("percent", "")).strip())
        except (InvalidOperation, ValueError) as exc:
            raise BusinessRuleError(
                RULE, _("付款安排第 %(i)s 项的比例应为数字。") % {"i": i}, field="payment_terms"
            ) from exc
        if not name or not percent.is_finite() or not 0 < percent <= 100:
            raise BusinessRuleError(
                RULE,
                _("付款安排第 %(i)s 项须有名称和 0–100 之间的比例。") % {"i": i},
                field="payment_terms",
            )
        due = str(item.get("due", "") or "").strip()
        if due:
            try:
                due = dt.date.fromisoformat(due).isoformat()
            except ValueError as exc:
                raise BusinessRuleError(
                    RULE,
                    _("付款安排第 %(i)s 项的日期应为 YYYY-MM-DD。") % {"i": i},
                    field="payment_terms",
                ) from exc
        total += percent
        out.append({"name": name, "percent": format(percent.normalize(), "f"), "due": due})
    if total != 100:
        raise BusinessRuleError(
            RULE,
            _("付款安排的比例合计应为 100%%（现为 %(t)s%%）。")
            % {"t": format(total.normalize(), "f")},
            field="payment_terms",
        )
    return out


def _source(actor, reservation_id, quote_id, tender_id) -> dict[str, Any]:
    """Customer, unit, list price and default price from the document the contract follows."""
    if reservation_id not in (None, ""):
        reservation = locked_reservation(reservation_id, RULE)
        if not may_handle(actor, reservation):
            raise NotFoundError(RULE, _("未找到该认购书。"))
        if reservation.status not in (ReservationStatus.SIGNED, ReservationStatus.PAID):
            raise ConflictError(
                RULE,
                _("认购书 %(n)s（第 %(v)s 版）当前为「%(s)s」，不能据此准备合同。")
                % {
                    "n": reservation.number,
                    "v": reservation.version_no,
                    "s": reservation.get_status_display(),
                },
                code="not_open",
            )
        if reservation.contracts.exclude(status=ContractStatus.CANCELLED).exists():
            raise ConflictError(RULE, _("该认购书已有合同。"), code="has_contract")
        return {
            "reservation": reservation,
            "customer": reservation.customer,
            "unit_id": reservation.unit_id,
            "list_price": reservation.list_price,
            "price": reservation.agreed_price,
            "owner_id": reservation.owner_id,
            "department_id": reservation.department_id,
            "team_id": reservation.team_id,
            "quote": reservation.quote,
        }
    if quote_id not in (None, ""):
        quote = Quote.objects.select_related("customer").filter(pk=quote_id).first()
        if quote is None or not may_handle(actor, quote):
            raise NotFoundError(RULE, _("未找到该报价单。"), field="quote_id")
        if quote.status != QuoteStatus.ACCEPTED:
            raise ConflictError(
                RULE, _("报价单 %(n)s 尚未被客户接受。") % {"n": quote.number}, code="not_accepted"
            )
        units = [u for u in quote.lines.values_list("unit_id", flat=True) if u is not None]
        tender = _tender(actor, tender_id) if tender_id not in (None, "") else None
        return {
            "quote": quote,
            "tender": tender,
            "customer": quote.customer,
            "unit_id": units[0] if len(units) == 1 else None,
            "list_price": quote.list_total or quote.total,
            "price": quote.total,
            "owner_id": quote.owner_id,
            "department_id": quote.department_id,
            "team_id": quote.team_id,
        }
    if tender_id not in (None, ""):
        tender = _tender(actor, tender_id)
        price = tender.bid_price or tender.estimated_price
        return {
            "tender": tender,
            "customer": tender.customer,
            "unit_id": None,
            "list_price": price,
            "price": price,
            "owner_id": tender.owner_id,
            "department_id": tender.department_id,
            "team_id": tender.team_id,
        }
    raise BusinessRuleError(
        RULE, _("合同须依据认购书、客户已接受的报价单或中标的投标办理。"), field="reservation_id"
    )


def _tender(actor, tender_id) -> Tender:
    tender = Tender.objects.select_related("customer").filter(pk=tender_id).first()
    if tender is None or not may_handle(actor, tender):
        raise NotFoundError(RULE, _("未找到该投标。"), field="tender_id")
    if tender.status != TenderStatus.AWARDED:
        raise ConflictError(
            "BR-DEAL-06",
            _("投标「%(t)s」当前为「%(s)s」，不能签订合同。")
            % {"t": tender.title, "s": tender.get_status_display()},
            code="not_awarded",
        )
    return tender


def _classify(contract: Contract) -> None:
    reasons = policies.classify_contract(
        price=contract.price,
        list_price=contract.list_price,
        standard_payment_terms=contract.standard_payment_terms,
        clause_changes=contract.clause_changes,
    )
    contract.special_reasons = reasons
    contract.classification = ContractClass.SPECIAL if reasons else ContractClass.STANDARD


def _check_price(price: Decimal, source_price: Decimal) -> None:
    if price < source_price:
        raise BusinessRuleError(
            "BR-APR-02",
            _("合同价 %(p)s 元低于认购书/报价约定的 %(s)s 元：须先变更认购书或重新报价审批。")
            % {"p": f"{price:,.2f}", "s": f"{source_price:,.2f}"},
            field="price",
        )


# --- the services -----------------------------------------------------------------------


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
    src = _source(actor, reservation_id, quote_id, tender_id)
    final = money(price, "price", RULE) if price not in (None, "") else src["price"]
    _check_price(final, src["price"])
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
    _classify(contract)
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
        _check_price(contract.price, source_price)
    if payment_terms is not None:
        contract.payment_terms = clean_payment_terms(payment_terms)
    if standard_payment_terms is not None:
        contract.standard_payment_terms = bool(standard_payment_terms)
    if clause_changes is not None:
        contract.clause_changes = clause_changes.strip()[:5000]
    if buyer_name not in (None, ""):
        contract.buyer_name = buyer_name.strip()[:100]
    _classify(contract)
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


@transaction.atomic
def contract_submit_review(*, actor, contract_id: int) -> Contract:
    """A standard contract is ready to sign at once; a special one goes through the
    ``special_contract`` chain (BR-CON-03, BR-APR-04: manager → GM)."""
    contract = locked_contract(contract_id, RULE)
    if not may_handle(actor, contract):
        raise PermissionDeniedError(RULE, _("只有经办人或其主管、经理可以提交合同。"))
    if contract.status not in EDITABLE:
        raise ConflictError(
            RULE,
            _("合同当前为「%(s)s」，不能提交。") % {"s": contract.get_status_display()},
            code="not_editable",
        )
    if contract.classification == ContractClass.STANDARD:
        contract.status = ContractStatus.READY
        contract.save_versioned(update_fields=["status"])
        audit_record(
            actor=actor,
            action="contract.ready",
            obj=contract,
            rule=RULE,
            changes={"status": [ContractStatus.DRAFT, ContractStatus.READY]},
            extra={"classification": ContractClass.STANDARD},
        )
        return contract
    labels = "、".join(str(policies.SPECIAL_REASON_LABELS[r]) for r in contract.special_reasons)
    title = _("特殊合同评审：%(c)s %(u)s ¥%(p)s（%(r)s）") % {
        "c": contract.buyer_name,
        "u": contract.unit.code if contract.unit_id else "",
        "p": f"{contract.price:,.2f}",
        "r": labels,
    }
    approvals.approval_submit(
        actor=actor,
        kind="special_contract",
        obj=contract,
        title=title,
        facts={
            "amount": contract.price,
            "list_price": contract.list_price,
            "discount_percent": policies.discount_percent_of(contract.list_price, contract.price),
            "special_reasons": list(contract.special_reasons),
        },
    )
    contract.refresh_from_db()
    return contract


def contract_on_outcome(outcome: Outcome) -> None:
    """The special-contract review's outcome sets the contract's status (no audit of its
    own: the engine's service wrote one)."""
    contract: Contract = outcome.obj
    status = {
        RequestState.IN_APPROVAL: ContractStatus.IN_REVIEW,
        RequestState.APPROVED: ContractStatus.READY,
        RequestState.REJECTED: ContractStatus.REVIEW_REJECTED,
        RequestState.WITHDRAWN: ContractStatus.DRAFT,
        RequestState.CANCELLED: ContractStatus.DRAFT,
    }.get(outcome.state)
    if status is None or contract.status == status:
        return
    if contract.status in (ContractStatus.SIGNED, ContractStatus.CANCELLED):
        return
    contract.status = status
    contract.save_versioned(update_fields=["status"])


def review_complete(contract: Contract, review: ContractReview | None) -> bool:
    if review is None:
        return False
    items = (
        [*CHECKLIST, SPECIAL_ITEM]
        if contract.classification == ContractClass.SPECIAL
        else CHECKLIST
    )
    return all(getattr(review, item) for item in items)


def _special_approved(contract: Contract) -> bool:
    request = approval_for_object(contract, kind="special_contract")
    return request is not None and request.state == RequestState.APPROVED


@transaction.atomic
def contract_review_checklist(
    *,
    actor,
    contract_id: int,
    clauses_and_figures: bool,
    signatures_and_seals: bool,
    attachments: bool,
    special_review_record: bool = False,
    note: str = "",
) -> ContractReview:
    """The supervisor's review (BR-CON-04; 002 art. 7: 销售主管复核签字 — every clause and
    figure, signatures and seals, attachments/drawings, the special review record). By the
    owner's supervisor or manager, never the owner; every item must be ticked before
    signing (the special review record only for a special contract, and only once that
    review has passed)."""
    contract = locked_contract(contract_id, "BR-CON-04")
    person = person_of(actor)
    if (
        actor is None
        or contract.owner_id == actor.pk
        or not is_superior_of(
            person, department_id=contract.department_id, team_id=contract.team_id
        )
    ):
        raise PermissionDeniedError("BR-CON-04", _("合同复核须由经办人的销售主管或销售经理完成。"))
    if contract.status != ContractStatus.READY:
        raise ConflictError(
            "BR-CON-04",
            _("合同当前为「%(s)s」：评审通过（标准合同提交）后才能复核。")
            % {"s": contract.get_status_display()},
            code="not_ready",
        )
    special = contract.classification == ContractClass.SPECIAL
    if special and special_review_record and not _special_approved(contract):
        raise BusinessRuleError(
            "BR-CON-04", _("特殊合同尚无通过的评审记录。"), field="special_review_record"
        )
    now = timezone.now()
    values = {
        "clauses_and_figures": bool(clauses_and_figures),
        "signatures_and_seals": bool(signatures_and_seals),
        "attachments": bool(attachments),
        "special_review_record": bool(special_review_record) and special,
        "note": (note or "").strip()[:500],
        "reviewer": actor,
        "reviewed_at": now,
    }
    review, _created = ContractReview.objects.update_or_create(contract=contract, defaults=values)
    audit_record(
        actor=actor,
        action="contract.review",
        obj=contract,
        rule="BR-CON-04",
        extra={
            **{k: v for k, v in values.items() if k not in ("reviewer", "reviewed_at")},
            "complete": review_complete(contract, review),
        },
    )
    return review


@transaction.atomic
def contract_sign(*, actor, contract_id: int, at: dt.datetime | None = None) -> Contract:
    """Sign (BR-CON-05): the next number of the year for the department is taken INSIDE
    this transaction (gapless: a failed signing gives it back); the unit → contracted, the
    reservation → contracted, the customer is a deal customer (BR-CUS-06), the opportunity
    won, the tender contracted."""
    contract = locked_contract(contract_id, "BR-CON-05")
    if not may_handle(actor, contract):
        raise PermissionDeniedError("BR-CON-05", _("只有经办人或其主管、经理可以签约。"))
    if contract.status != ContractStatus.READY:
        message = {
            ContractStatus.DRAFT: _("合同尚未提交评审。"),
            ContractStatus.IN_REVIEW: _("特殊合同评审尚未通过，不能签约。"),
            ContractStatus.REVIEW_REJECTED: _("特殊合同评审未通过，不能签约。"),
            ContractStatus.SIGNED: _("合同已签约。"),
            ContractStatus.CANCELLED: _("合同已解除。"),
        }.get(contract.status, _("合同当前不能签约。"))
        raise ConflictError(RULE, message, code="not_ready")
    if contract.classification == ContractClass.SPECIAL and not _special_approved(contract):
        raise BusinessRuleError(RULE, _("特殊合同评审尚未通过，不能签约。"))
    review = ContractReview.objects.filter(contract=contract).first()
    if not review_complete(contract, review):
        raise BusinessRuleError(
            "BR-CON-04",
            _("销售主管尚未完成合同复核（条款与数字、签字盖章、附件图纸%(s)s）。")
            % {
                "s": _("、特殊合同评审记录")
                if contract.classification == ContractClass.SPECIAL
                else ""
            },
        )
    at = at or timezone.now()
    code = Department.objects.filter(pk=contract.department_id).values_list("code", flat=True).get()
    contract.number = next_number("contract", department_code=code, at=at)
    contract.status = ContractStatus.SIGNED
    contract.signed_at = at
    contract.save_versioned(update_fields=["number", "status", "signed_at"])
    document = doc_ref(contract)
    if contract.unit_id is not None:
        catalog.unit_contract(
            actor=actor,
            unit_id=contract.unit_id,
            customer_id=contract.customer_id,
            document=document,
        )
    if contract.reservation_id is not None:
        reservation = locked_reservation(contract.reservation_id, "BR-CON-05")
        if reservation.status not in (ReservationStatus.SIGNED, ReservationStatus.PAID):
            raise ConflictError(
                "BR-CON-05",
                _("认购书 %(n)s 当前为「%(s)s」，不能签约。")
                % {"n": reservation.number, "s": reservation.get_status_display()},
                code="reservation_not_open",
            )
        reservation.status = ReservationStatus.CONTRACTED
        reservation.save_versioned(update_fields=["status"])
    customers.customer_mark_deal(actor=actor, customer_id=contract.customer_id, at=at)
    attribution_settle_on_deal(customer=contract.customer, deal_at=at, actor=actor)
    deals.opportunity_mark_won(
        actor=actor, customer_id=contract.customer_id, document=document, at=at
    )
    if contract.tender_id is not None:
        deals.tender_mark_contracted(actor=actor, tender_id=contract.tender_id, at=at)
    audit_record(
        actor=actor,
        action="contract.sign",
        obj=contract,
        rule="BR-CON-05",
        changes={"number": ["", contract.number], "status": [ContractStatus.READY, "signed"]},
        extra={"signed_at": at, "classification": contract.classification},
    )
    return contract


@transaction.atomic
def contract_deposit_converted(
    *, actor, contract_id: int, amount: Decimal, at: dt.datetime
) -> Contract:
    """定金转房款 (BR-FIN-08; called by finance against the returned deposit receipt):
    records the amount and the moment on the signed contract; a second time is refused."""
    viewer = viewer_of(actor) if actor is not None else None
    if viewer is not None and Role.FINANCE not in viewer.roles and not viewer.is_superuser:
        raise PermissionDeniedError("BR-FIN-08", _("只有财务可以办理定金转房款。"))
    contract = locked_contract(contract_id, "BR-FIN-08")
    if contract.status != ContractStatus.SIGNED:
        raise ConflictError("BR-FIN-08", _("合同签约后才能将定金转为房款。"), code="not_signed")
    if contract.deposit_converted_at is not None:
        raise ConflictError(
            "BR-FIN-08",
            _("合同 %(n)s 的定金已于 %(t)s 转为房款，不能重复办理。")
            % {
                "n": contract.number,
                "t": timezone.localtime(contract.deposit_converted_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="already_converted",
        )
    amount = money(amount, "amount", "BR-FIN-08")
    limit = contract.price
    if contract.reservation_id is not None:
        limit = min(limit, Reservation.objects.get(pk=contract.reservation_id).paid_amount)
    if amount > limit:
        raise BusinessRuleError(
            "BR-FIN-08",
            _("转房款金额 %(a)s 元超过已交定金 %(l)s 元。")
            % {"a": f"{amount:,.2f}", "l": f"{limit:,.2f}"},
            field="amount",
        )
    contract.deposit_converted = amount
    contract.deposit_converted_at = at or timezone.now()
    contract.save_versioned(update_fields=["deposit_converted", "deposit_converted_at"])
    audit_record(
        actor=actor,
        action="contract.deposit_converted",
        obj=contract,
        rule="BR-FIN-08",
        changes={"deposit_converted": [Decimal("0.00"), amount]},
        extra={"at": contract.deposit_converted_at},
    )
    return contract


#: who files contract originals (002 art. 7 管理: 此工作由销售助理承担，主管进行监督)
ARCHIVERS = frozenset({Role.ASSISTANT, Role.SUPERVISOR, Role.MANAGER})


@transaction.atomic
def contract_archive(*, actor, contract_id: int, location: str) -> Contract:
    """File the signed original (BR-CON-05): the department's assistant (or the team's
    supervisor, the department's manager) records where it is kept."""
    contract = locked_contract(contract_id, "BR-CON-05")
    person = person_of(actor)
    roles = set(person.role_codes) if person else set()
    allowed = person is not None and (
        (Role.ASSISTANT in roles and person.department_id == contract.department_id)
        or is_superior_of(person, department_id=contract.department_id, team_id=contract.team_id)
    )
    if not allowed:
        raise PermissionDeniedError("BR-CON-05", _("合同原件由本部门销售助理或主管归档。"))
    location = (location or "").strip()
    if not location:
        raise BusinessRuleError("BR-CON-05", _("请填写归档位置（册号/柜号）。"), field="location")
    if contract.signed_at is None:
        raise ConflictError("BR-CON-05", _("合同尚未签约，没有原件可归档。"), code="not_signed")
    if contract.archived_at is not None:
        raise ConflictError(
            "BR-CON-05",
            _("合同 %(n)s 已归档（%(l)s）。")
            % {"n": contract.number, "l": contract.archive_location},
            code="already_archived",
        )
    contract.archived_at = timezone.now()
    contract.archive_location = location[:100]
    contract.save_versioned(update_fields=["archived_at", "archive_location"])
    audit_record(
        actor=actor,
        action="contract.archive",
        obj=contract,
        rule="BR-CON-05",
        changes={"archive_location": ["", contract.archive_location]},
    )
    return contract
