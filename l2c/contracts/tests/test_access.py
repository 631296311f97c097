"""Confidential contracts (BR-CON-06): the circle, access requests, the access log."""

from __future__ import annotations

import datetime as dt

import pytest

from l2c.approvals.selectors import approval_for_object
from l2c.contracts import selectors, services
from l2c.contracts.models import AccessKind, ContractAccessLog
from l2c.contracts.tests.conftest import approve_all, reserve, signed_contract
from l2c.core.errors import ConflictError, NotFoundError, PermissionDeniedError

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(company, catalog, customer):
    return signed_contract(company, reserve(company.rep, customer, catalog.unit))


def test_br_con_06_only_leaders_the_manager_the_supervisor_and_the_rep_may_view(company, contract):
    circle = {
        company.gm: "role:gm",
        company.vp: "role:vp",
        company.director: "role:director",
        company.manager1: "role:manager",
        company.supervisor1: "role:supervisor",
        company.rep: "owner",
    }
    for person, via in circle.items():
        seen = selectors.contract_get(viewer=person.user, id=contract.pk)
        assert seen.access_via == via
    outsiders = (
        company.reps1[1],  # same team, not the handling rep
        company.assistant1,
        company.manager2,
        company.supervisor2,
        company.finance,
        company.admin,
    )
    for person in outsiders:
        with pytest.raises(NotFoundError):
            selectors.contract_get(viewer=person.user, id=contract.pk)
        assert not selectors.contract_list(viewer=person.user).filter(pk=contract.pk).exists()
    assert selectors.contract_list(viewer=company.supervisor1.user).filter(pk=contract.pk).exists()


def test_br_con_06_every_view_and_print_is_logged(company, contract):
    selectors.contract_get(viewer=company.manager1.user, id=contract.pk, via_page="page")
    selectors.contract_get(viewer=company.rep.user, id=contract.pk, log=AccessKind.PRINT)
    log = list(ContractAccessLog.objects.filter(contract=contract).order_by("id"))
    assert [(e.user_id, e.kind, e.via) for e in log] == [
        (company.manager1.user.pk, "view", "role:manager"),
        (company.rep.user.pk, "print", "owner"),
    ]
    with pytest.raises(NotFoundError):
        selectors.contract_get(viewer=company.reps1[1].user, id=contract.pk)
    assert ContractAccessLog.objects.filter(contract=contract).count() == 2


def test_br_con_06_an_outsider_sees_it_for_a_day_after_the_supervisor_approves(
    company, contract, clock
):
    colleague = company.reps1[1]
    with pytest.raises(ConflictError):  # the handling rep needs no request
        services.contract_access_request_create(
            actor=company.rep.user, contract_id=contract.pk, reason="x"
        )
    access = services.contract_access_request_create(
        actor=colleague.user, number=contract.number, reason="客户来电核对付款安排"
    )
    assert access.status == "in_approval"
    with pytest.raises(NotFoundError):
        selectors.contract_get(viewer=colleague.user, id=contract.pk)
    request = approval_for_object(access, kind="contract_access")
    assert request.tasks.get().approver == company.supervisor1.user  # the requester's superior
    approve_all(request)
    access.refresh_from_db()
    assert access.status == "approved"
    seen = selectors.contract_get(viewer=colleague.user, id=contract.pk)
    assert seen.access_via == f"approval:{access.pk}"
    assert selectors.contract_list(viewer=colleague.user).filter(pk=contract.pk).exists()
    # a view request does not let them take the original away
    with pytest.raises(NotFoundError):
        services.contract_borrow(actor=colleague.user, contract_id=contract.pk)
    clock.shift(dt.timedelta(days=1, seconds=1))
    with pytest.raises(NotFoundError):
        selectors.contract_get(viewer=colleague.user, id=contract.pk)
    assert not selectors.contract_list(viewer=colleague.user).filter(pk=contract.pk).exists()


def test_br_con_06_borrowing_the_original_is_signed_for_and_returned(company, contract):
    entry = services.contract_borrow(
        actor=company.supervisor1.user, contract_id=contract.pk, note="带去银行办按揭"
    )
    assert entry.kind == AccessKind.BORROW and entry.via == "role:supervisor"
    with pytest.raises(ConflictError) as exc:
        services.contract_borrow(actor=company.rep.user, contract_id=contract.pk)
    assert company.supervisor1.name in str(exc.value.message)
    with pytest.raises(PermissionDeniedError):
        services.contract_return(actor=company.reps1[1].user, contract_id=contract.pk)
    back = services.contract_return(actor=company.assistant1.user, contract_id=contract.pk)
    assert back.kind == AccessKind.RETURN
    with pytest.raises(ConflictError):
        services.contract_return(actor=company.assistant1.user, contract_id=contract.pk)
    kinds = list(
        ContractAccessLog.objects.filter(contract=contract)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["borrow", "return"]


def test_br_con_06_a_borrow_request_lets_an_outsider_borrow(company, contract):
    colleague = company.reps1[1]
    access = services.contract_access_request_create(
        actor=colleague.user, contract_id=contract.pk, kind="borrow", reason="复印给银行"
    )
    approve_all(approval_for_object(access, kind="contract_access"))
    entry = services.contract_borrow(actor=colleague.user, contract_id=contract.pk)
    assert entry.via == f"approval:{access.pk}"
    assert services.contract_return(actor=colleague.user, contract_id=contract.pk).via == "borrower"
