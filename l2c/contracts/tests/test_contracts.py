"""Contracts (BR-CON-03, 04, 05, BR-FIN-08) under the fixed clock."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalStep
from l2c.approvals.selectors import approval_for_object
from l2c.catalog.models import Unit, UnitState
from l2c.contracts import policies, printing, services
from l2c.contracts.models import (
    Contract,
    ContractClass,
    ContractStatus,
    Reservation,
    ReservationStatus,
)
from l2c.contracts.tests.conftest import approve_all, approved_discount, reserve, signed_contract
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.models import DocumentSequence
from l2c.core.pdf import pdf_text
from l2c.core.testing import at

pytestmark = pytest.mark.django_db


def _checklist(company, contract, *, who=None, special=True, **items):
    values = {
        "clauses_and_figures": True,
        "signatures_and_seals": True,
        "attachments": True,
        "special_review_record": special,
        **items,
    }
    return services.contract_review_checklist(
        actor=(who or company.supervisor1).user, contract_id=contract.pk, **values
    )


# --- BR-CON-03 classification -----------------------------------------------------------


def test_br_con_03_classification_is_a_pure_function_of_the_deviations():
    standard = policies.classify_contract(
        price=Decimal("100"),
        list_price=Decimal("100"),
        standard_payment_terms=True,
        clause_changes="",
    )
    assert standard == []
    assert policies.classify_contract(
        price=Decimal("99.99"),
        list_price=Decimal("100"),
        standard_payment_terms=False,
        clause_changes="补充：赠送车位使用权一年",
    ) == ["discount", "payment_extension", "clause_change"]
    above = policies.classify_contract(
        price=Decimal("101"),
        list_price=Decimal("100"),
        standard_payment_terms=True,
        clause_changes=" ",
    )
    assert above == []


def test_br_con_03_a_standard_contract_is_ready_to_sign_at_once(company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    contract = services.contract_create(actor=company.rep.user, reservation_id=r.pk)
    assert contract.classification == ContractClass.STANDARD and contract.special_reasons == []
    assert contract.unit_id == catalog.unit.pk and contract.price == r.agreed_price
    assert contract.number == "" and contract.status == ContractStatus.DRAFT
    contract = services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    assert contract.status == ContractStatus.READY
    assert approval_for_object(contract, kind="special_contract") is None


def test_br_con_03_s1_the_discount_makes_it_special_reviewed_by_manager_then_gm(
    company, catalog, customer, clock
):
    unit = catalog.unit
    approved_discount(company, customer, unit, percent="3")
    r = reserve(company.rep, customer, unit, price=Decimal("1600500.00"))
    contract = services.contract_create(actor=company.rep.user, reservation_id=r.pk)
    assert contract.classification == ContractClass.SPECIAL
    assert contract.special_reasons == ["discount"]
    contract = services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    assert contract.status == ContractStatus.IN_REVIEW
    request = approval_for_object(contract, kind="special_contract")
    assert "¥1,600,500.00（" in request.title  # thousands separated, two decimals
    steps = list(ApprovalStep.objects.filter(request=request).order_by("index"))
    assert [s.name for s in steps] == ["销售经理评审", "总经理审批"]
    # read-only while in review (BR-APR-06)
    with pytest.raises(BusinessRuleError):
        services.contract_update(
            actor=company.rep.user, contract_id=contract.pk, clause_changes="x"
        )
    with pytest.raises(ConflictError):
        services.contract_sign(actor=company.rep.user, contract_id=contract.pk)
    engine.approval_decide(
        actor=company.manager1.user, request_id=request.pk, decision="approve", opinion="同意"
    )
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.IN_REVIEW
    engine.approval_decide(
        actor=company.gm.user, request_id=request.pk, decision="approve", opinion="同意"
    )
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.READY


def test_br_con_03_payment_extension_and_clauses_are_special_too(company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    contract = services.contract_create(
        actor=company.rep.user,
        reservation_id=r.pk,
        standard_payment_terms=False,
        payment_terms=[
            {"name": "首付款", "percent": "30", "due": "2026-12-01"},
            {"name": "按揭款", "percent": "70", "due": "2027-03-01"},
        ],
        clause_changes="第十二条交房期限延后三个月",
    )
    assert contract.special_reasons == ["payment_extension", "clause_change"]
    assert contract.payment_terms[1] == {"name": "按揭款", "percent": "70", "due": "2027-03-01"}
    contract = services.contract_update(
        actor=company.rep.user,
        contract_id=contract.pk,
        standard_payment_terms=True,
        clause_changes="",
    )
    assert contract.classification == ContractClass.STANDARD
    with pytest.raises(BusinessRuleError) as exc:
        services.contract_update(
            actor=company.rep.user,
            contract_id=contract.pk,
            payment_terms=[{"name": "首付款", "percent": "30"}],
        )
    assert exc.value.field == "payment_terms"


def test_br_con_03_a_price_below_the_reservation_is_refused(company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    with pytest.raises(BusinessRuleError) as exc:
        services.contract_create(actor=company.rep.user, reservation_id=r.pk, price="1600000")
    assert exc.value.rule == "BR-APR-02"
    assert "合同价 1,600,000.00 元低于认购书/报价约定的 1,650,000.00 元" in str(exc.value.message)
    with pytest.raises(BusinessRuleError):
        services.contract_create(actor=company.rep.user)


def test_br_con_03_a_rejected_special_review_cannot_be_signed(company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    contract = services.contract_create(
        actor=company.rep.user, reservation_id=r.pk, clause_changes="赠送装修"
    )
    services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    request = approval_for_object(contract, kind="special_contract")
    engine.approval_decide(
        actor=company.manager1.user, request_id=request.pk, decision="reject", opinion="不同意"
    )
    contract.refresh_from_db()
    assert contract.status == ContractStatus.REVIEW_REJECTED
    with pytest.raises(ConflictError) as exc:
        services.contract_sign(actor=company.rep.user, contract_id=contract.pk)
    assert "评审未通过" in str(exc.value.message)
    # edited back to standard it is ready at once
    services.contract_update(actor=company.rep.user, contract_id=contract.pk, clause_changes="")
    contract = services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    assert contract.status == ContractStatus.READY


# --- BR-CON-04 checklist ----------------------------------------------------------------


def test_br_con_04_the_supervisors_checklist_is_required_before_signing(company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    contract = services.contract_create(actor=company.rep.user, reservation_id=r.pk)
    with pytest.raises(ConflictError):  # not ready yet
        _checklist(company, contract)
    services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    with pytest.raises(BusinessRuleError) as exc:
        services.contract_sign(actor=company.rep.user, contract_id=contract.pk)
    assert exc.value.rule == "BR-CON-04"
    for outsider in (company.rep, company.reps1[1], company.supervisor2, company.assistant1):
        with pytest.raises(PermissionDeniedError):
            _checklist(company, contract, who=outsider)
    _checklist(company, contract, attachments=False)
    with pytest.raises(BusinessRuleError) as exc:
        services.contract_sign(actor=company.rep.user, contract_id=contract.pk)
    assert "附件图纸" in str(exc.value.message)
    review = _checklist(company, contract, who=company.manager1, special=False)
    assert review.special_review_record is False  # not needed for a standard contract
    contract = services.contract_sign(actor=company.rep.user, contract_id=contract.pk)
    assert contract.status == ContractStatus.SIGNED


def test_br_con_04_a_special_contract_needs_its_review_record(company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    contract = services.contract_create(
        actor=company.rep.user, reservation_id=r.pk, clause_changes="赠送车位一年"
    )
    services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    approve_all(approval_for_object(contract, kind="special_contract"))
    _checklist(company, contract, special=False)
    with pytest.raises(BusinessRuleError) as exc:
        services.contract_sign(actor=company.rep.user, contract_id=contract.pk)
    assert "特殊合同评审记录" in str(exc.value.message)
    _checklist(company, contract, special=True)
    assert services.contract_sign(actor=company.rep.user, contract_id=contract.pk).number


# --- BR-CON-05 numbering at signing -----------------------------------------------------


def test_br_con_05_the_number_is_taken_at_signing_and_consecutive(company, catalog, customer):
    first = signed_contract(company, reserve(company.rep, customer, catalog.units["3-1401"]))
    second = signed_contract(company, reserve(company.rep, customer, catalog.units["3-1402"]))
    assert (first.number, second.number) == ("HT-2026-S1-000001", "HT-2026-S1-000002")
    assert first.signed_at == at(2026, 11, 23)
    assert Unit.objects.get(pk=first.unit_id).state == UnitState.CONTRACTED
    assert Reservation.objects.get(pk=first.reservation_id).status == ReservationStatus.CONTRACTED


def test_br_con_05_a_rolled_back_signing_gives_its_number_back(
    company, catalog, customer, monkeypatch
):
    from l2c.deals import services as deals

    r = reserve(company.rep, customer, catalog.unit)
    contract = services.contract_create(actor=company.rep.user, reservation_id=r.pk)
    services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    _checklist(company, contract, special=False)

    def refuse(**kwargs):
        raise BusinessRuleError("BR-DEAL-01", "测试：签约中途失败")

    monkeypatch.setattr(deals, "opportunity_mark_won", refuse)
    with pytest.raises(BusinessRuleError):
        services.contract_sign(actor=company.rep.user, contract_id=contract.pk)
    contract.refresh_from_db()
    assert contract.number == "" and contract.status == ContractStatus.READY
    assert not DocumentSequence.objects.filter(kind="contract", last_value__gt=0).exists()
    assert Unit.objects.get(pk=catalog.unit.pk).state == UnitState.RESERVED
    monkeypatch.undo()
    contract = services.contract_sign(actor=company.rep.user, contract_id=contract.pk)
    assert contract.number == "HT-2026-S1-000001"


def test_br_con_05_only_the_handling_rep_or_superiors_sign(company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    contract = services.contract_create(actor=company.rep.user, reservation_id=r.pk)
    services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    _checklist(company, contract)
    for outsider in (company.reps1[1], company.finance, company.assistant1):
        with pytest.raises(PermissionDeniedError):
            services.contract_sign(actor=outsider.user, contract_id=contract.pk)
    assert services.contract_sign(actor=company.supervisor1.user, contract_id=contract.pk).number


# --- BR-FIN-08 deposit conversion (called by finance) -----------------------------------


def test_br_fin_08_the_deposit_converts_once_after_signing(company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    services.reservation_mark_paid(
        actor=company.finance.user, reservation_id=r.pk, amount=Decimal("50000"), at=None
    )
    contract = services.contract_create(actor=company.rep.user, reservation_id=r.pk)
    with pytest.raises(ConflictError):
        services.contract_deposit_converted(
            actor=company.finance.user, contract_id=contract.pk, amount=Decimal("50000"), at=None
        )
    services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    _checklist(company, contract)
    contract = services.contract_sign(actor=company.rep.user, contract_id=contract.pk)
    with pytest.raises(PermissionDeniedError):
        services.contract_deposit_converted(
            actor=company.rep.user, contract_id=contract.pk, amount=Decimal("50000"), at=None
        )
    with pytest.raises(BusinessRuleError) as exc:
        services.contract_deposit_converted(
            actor=company.finance.user, contract_id=contract.pk, amount=Decimal("50000.01"), at=None
        )
    assert "转房款金额 50,000.01 元超过已交定金 50,000.00 元" in str(exc.value.message)
    contract = services.contract_deposit_converted(
        actor=company.finance.user, contract_id=contract.pk, amount=Decimal("50000"), at=None
    )
    assert contract.deposit_converted == Decimal("50000.00") and contract.deposit_converted_at
    with pytest.raises(ConflictError) as exc:
        services.contract_deposit_converted(
            actor=company.finance.user, contract_id=contract.pk, amount=Decimal("1"), at=None
        )
    assert exc.value.code == "already_converted"


def test_br_fin_02_the_contract_prints_the_price_in_capitals(company, catalog, customer):
    contract = signed_contract(
        company,
        reserve(company.rep, customer, catalog.unit),
        payment_terms=[
            {"name": "首付款", "percent": "30", "due": "2026-12-01"},
            {"name": "按揭款", "percent": "70", "due": ""},
        ],
    )
    text = pdf_text(printing.contract_pdf(contract))
    assert "HT-2026-S1-000001" in text and "人民币壹佰陆拾伍万元整" in text
    assert "人民币肆拾玖万伍仟元整" in text  # 30 % of 1,650,000.00
    assert "客户联" in text and "销售部存档联" in text and customer.name in text
