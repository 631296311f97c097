"""Changes after signing (BR-CON-07): unit exchange, name change with fee, cancellation and
the refund rule — before the contract only after a retention attempt, after it never
without the GM."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalStep, RequestState, StepState
from l2c.approvals.selectors import approval_for_object
from l2c.catalog.models import Unit, UnitState
from l2c.contracts import services
from l2c.contracts.models import Contract, ContractStatus, Reservation, ReservationStatus
from l2c.contracts.tests.conftest import approve_all, reserve, signed_contract
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def _decide(person, change, decision="approve"):
    request = approval_for_object(change, kind="contract_change")
    return engine.approval_decide(
        actor=person.user, request_id=request.pk, decision=decision, opinion="意见"
    )


def _state(unit):
    return Unit.objects.get(pk=unit.pk).state


def test_br_con_07_unit_exchange_after_contract_moves_both_units_and_the_price(
    company, catalog, customer
):
    old_unit, new_unit = catalog.unit, catalog.units["3-1602"]  # 1,650,000 → 1,660,000
    contract = signed_contract(company, reserve(company.rep, customer, old_unit))
    change = services.contract_change_request(
        actor=company.rep.user,
        contract_id=contract.pk,
        kind="unit_exchange",
        reason="客户想要高一层",
        new_unit_id=new_unit.pk,
    )
    assert change.status == RequestState.IN_APPROVAL and _state(old_unit) == UnitState.CONTRACTED
    _decide(company.manager1, change)  # the manager alone: no refund
    change.refresh_from_db()
    contract.refresh_from_db()
    assert change.status == RequestState.APPROVED and change.applied_at is not None
    assert change.old_unit_id == old_unit.pk and change.price_difference == Decimal("10000.00")
    assert contract.unit_id == new_unit.pk and contract.price == Decimal("1660000.00")
    assert _state(old_unit) == UnitState.AVAILABLE and _state(new_unit) == UnitState.CONTRACTED


def test_br_con_07_unit_exchange_of_a_reservation_is_its_next_version(company, catalog, customer):
    r = reserve(company.rep, customer, catalog.unit)
    new_unit = catalog.units["3-1401"]  # 1,640,000
    change = services.contract_change_request(
        actor=company.rep.user,
        reservation_id=r.pk,
        kind="unit_exchange",
        reason="以大换小",
        new_unit_id=new_unit.pk,
    )
    approve_all(approval_for_object(change, kind="contract_change"))
    old = Reservation.objects.get(pk=r.pk)
    new = Reservation.objects.get(previous=old)
    assert old.status == ReservationStatus.SUPERSEDED and old.unit_id == catalog.unit.pk
    assert new.number == old.number and new.version_no == 2 and new.unit_id == new_unit.pk
    assert new.agreed_price == Decimal("1640000.00") and "以大换小" in new.change_reason
    assert _state(catalog.unit) == UnitState.AVAILABLE and _state(new_unit) == UnitState.RESERVED


def test_br_con_07_unit_exchange_into_a_taken_unit_is_refused(company, catalog, customer):
    from l2c.catalog import services as catalog_services

    r = reserve(company.rep, customer, catalog.unit)
    taken = catalog.units["3-1401"]
    catalog_services.unit_hold(actor=company.reps1[1].user, unit_id=taken.pk)
    with pytest.raises(BusinessRuleError) as exc:
        services.contract_change_request(
            actor=company.rep.user,
            reservation_id=r.pk,
            kind="unit_exchange",
            reason="换房",
            new_unit_id=taken.pk,
        )
    assert exc.value.rule == "BR-CAT-03" and exc.value.field == "new_unit_id"


def test_br_con_07_name_change_records_the_transfer_fee(company, catalog, customer):
    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    with pytest.raises(BusinessRuleError) as exc:
        services.contract_change_request(
            actor=company.rep.user,
            contract_id=contract.pk,
            kind="name_change",
            reason="加名配偶",
            new_buyer_name="赵先生、孙女士",
        )
    assert exc.value.field == "fee"
    change = services.contract_change_request(
        actor=company.rep.user,
        contract_id=contract.pk,
        kind="name_change",
        reason="加名配偶",
        new_buyer_name="赵先生、孙女士",
        fee="3000",
    )
    approve_all(approval_for_object(change, kind="contract_change"))
    change.refresh_from_db()
    assert change.fee == Decimal("3000.00") and change.old_buyer_name == customer.name
    assert Contract.objects.get(pk=contract.pk).buyer_name == "赵先生、孙女士"
    with pytest.raises(BusinessRuleError):  # a reservation is not renamed: 签订合同后换名
        services.contract_change_request(
            actor=company.rep.user,
            reservation_id=reserve(company.rep, customer, catalog.units["3-1401"]).pk,
            kind="name_change",
            reason="x",
            new_buyer_name="y",
            fee="1",
        )


def test_br_con_07_refund_before_the_contract_needs_the_retention_attempt(
    company, catalog, customer
):
    r = reserve(company.rep, customer, catalog.unit)
    services.reservation_mark_paid(
        actor=company.finance.user, reservation_id=r.pk, amount=Decimal("50000"), at=None
    )
    with pytest.raises(BusinessRuleError) as exc:
        services.contract_change_request(
            actor=company.rep.user,
            reservation_id=r.pk,
            kind="cancellation",
            reason="家中变故",
            refund_amount="50000",
        )
    assert exc.value.rule == "BR-CON-07" and exc.value.field == "retention_note"
    with pytest.raises(BusinessRuleError) as exc:  # never more than was paid
        services.contract_change_request(
            actor=company.rep.user,
            reservation_id=r.pk,
            kind="cancellation",
            reason="家中变故",
            refund_amount="50000.01",
            retention_note="已挽留",
        )
    assert "退款金额 50,000.01 元超过已交金额 50,000.00 元" in str(exc.value.message)
    change = services.contract_change_request(
        actor=company.rep.user,
        reservation_id=r.pk,
        kind="cancellation",
        reason="家中变故",
        refund_amount="50000",
        retention_note="主管面谈挽留，客户坚持",
    )
    request = approval_for_object(change, kind="contract_change")
    steps = list(ApprovalStep.objects.filter(request=request).order_by("index"))
    assert [s.state for s in steps] == [StepState.PENDING, StepState.SKIPPED]
    assert steps[1].note == "条件不满足（合同签订后退款 = 是）"  # in words, not fact keys
    _decide(company.manager1, change)
    request.refresh_from_db()
    # before the contract the GM step does not apply
    assert request.state == RequestState.APPROVED
    assert Reservation.objects.get(pk=r.pk).status == ReservationStatus.CANCELLED
    assert _state(catalog.unit) == UnitState.AVAILABLE


def test_br_con_07_no_refund_after_the_contract_unless_the_gm_approves(company, catalog, customer):
    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    change = services.contract_change_request(
        actor=company.rep.user,
        contract_id=contract.pk,
        kind="cancellation",
        reason="客户要求退房",
        refund_amount="50000",
    )
    request = approval_for_object(change, kind="contract_change")
    assert request.facts["refund_after_contract"] is True
    _decide(company.manager1, change)
    request.refresh_from_db()
    change.refresh_from_db()
    # the manager's approval is not enough: the contract stands, nothing is refunded
    assert request.state == RequestState.IN_APPROVAL and change.applied_at is None
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.SIGNED
    assert _state(catalog.unit) == UnitState.CONTRACTED
    _decide(company.gm, change, "reject")
    change.refresh_from_db()
    assert change.status == RequestState.REJECTED and change.applied_at is None
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.SIGNED
    # asked again, the GM approves: cancelled, the unit for sale again
    again = services.contract_change_request(
        actor=company.rep.user,
        contract_id=contract.pk,
        kind="cancellation",
        reason="客户重病，总经理特批",
        refund_amount="50000",
    )
    approve_all(approval_for_object(again, kind="contract_change"))
    again.refresh_from_db()
    contract.refresh_from_db()
    assert again.status == RequestState.APPROVED and again.refund_amount == Decimal("50000.00")
    assert contract.status == ContractStatus.CANCELLED and contract.cancelled_at is not None
    assert _state(catalog.unit) == UnitState.AVAILABLE
    assert Reservation.objects.get(pk=contract.reservation_id).status == ReservationStatus.CANCELLED


def test_br_con_07_cancellation_after_contract_without_refund_is_the_managers(
    company, catalog, customer
):
    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    change = services.contract_change_request(
        actor=company.rep.user, contract_id=contract.pk, kind="cancellation", reason="违约解除"
    )
    assert (
        approval_for_object(change, kind="contract_change").facts["refund_after_contract"] is False
    )
    _decide(company.manager1, change)
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.CANCELLED


def test_br_con_07_only_the_handling_side_asks_and_one_at_a_time(company, catalog, customer):
    contract = signed_contract(company, reserve(company.rep, customer, catalog.unit))
    with pytest.raises(PermissionDeniedError):
        services.contract_change_request(
            actor=company.reps1[1].user, contract_id=contract.pk, kind="cancellation", reason="x"
        )
    services.contract_change_request(
        actor=company.rep.user, contract_id=contract.pk, kind="cancellation", reason="x"
    )
    with pytest.raises(ConflictError):
        services.contract_change_request(
            actor=company.rep.user, contract_id=contract.pk, kind="cancellation", reason="y"
        )
