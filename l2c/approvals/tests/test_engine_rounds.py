"""The approval engine's chains and rounds (BR-APR-01, 06): chains as policy data, return
to an earlier step, resubmission, the states and the read-only document — under a
fixed clock, on both databases."""

from __future__ import annotations

import pytest

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalEvent, ApprovalStep, RequestState, StepState
from l2c.approvals.tests.conftest import person_step, set_chain
from l2c.approvals.tests.engine_helpers import decide, pending_names, submit
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.deals.services import discount_request_update
from l2c.policy.defaults import DEFINITIONS
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db


def test_br_apr_01_shipped_chains_parse_and_a_bad_chain_is_refused(company):
    from l2c.approvals.chains import parse_chain

    chains = [d for d in DEFINITIONS if d.key.startswith("approvals.chain.")]
    assert {d.key.rsplit(".", 1)[1] for d in chains} >= {
        "discount",
        "annual_plan",
        "quote",
        "special_contract",
        "sales_report",
        "complaint",
        "monthly_assessment",
        "process_change",
        "expense_claim",
        "price_change",
        "return_exchange",
    }
    for d in chains:
        assert parse_chain(d.default).steps
    bad = {"steps": [{"name": "审批", "approvers": [{"type": "role", "role": "pope"}]}]}
    with pytest.raises(BusinessRuleError) as err:
        policy_change(actor=company.gm.user, key="approvals.chain.quote", value=bad, reason="试")
    assert err.value.rule == "BR-APR-01"
    assert "角色无效" in str(err.value.message)


def test_br_apr_01_return_to_a_named_earlier_step(company, clock, outcomes):
    set_chain(
        company,
        [
            person_step("主管", company.supervisor1),
            person_step("经理", company.manager1),
            person_step("总经理", company.gm),
        ],
    )
    _, request = submit(company, company.rep)
    decide(company.supervisor1, request)
    decide(company.manager1, request)
    with pytest.raises(BusinessRuleError):
        decide(company.gm, request, "return", "补充资料", return_to=5)
    decide(company.gm, request, "return", "请主管补充客户资料", return_to=0)
    request.refresh_from_db()
    assert request.state == RequestState.IN_APPROVAL and request.current_step == 0
    assert pending_names(request) == [company.supervisor1.name]
    states = dict(ApprovalStep.objects.filter(request=request).values_list("index", "state"))
    assert states == {0: StepState.PENDING, 1: StepState.WAITING, 2: StepState.WAITING}
    decide(company.supervisor1, request, opinion="已补充")
    decide(company.manager1, request)
    decide(company.gm, request)
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    returned = ApprovalEvent.objects.get(request=request, action="returned")
    assert returned.extra["to_name"] == "主管" and returned.comment == "请主管补充客户资料"


def test_br_apr_06_resubmission_restarts_from_the_first_step(company, clock, outcomes):
    set_chain(
        company,
        [person_step("主管", company.supervisor1), person_step("经理", company.manager1)],
        resubmit_from="start",
    )
    doc, request = submit(company, company.rep)
    decide(company.supervisor1, request)
    decide(company.manager1, request, "reject", "折扣太大")
    request.refresh_from_db()
    assert request.state == RequestState.REJECTED and request.rejected_step == 1
    request = engine.approval_submit(
        actor=company.rep.user, kind="process_change", obj=doc, title="再次申请", facts={}
    )
    assert request.round == 2 and request.current_step == 0
    assert pending_names(request) == [company.supervisor1.name]


def test_br_apr_06_resubmission_from_the_rejecting_step(company, clock, outcomes):
    set_chain(
        company,
        [person_step("主管", company.supervisor1), person_step("经理", company.manager1)],
        resubmit_from="rejecting_step",
    )
    doc, request = submit(company, company.rep)
    decide(company.supervisor1, request)
    decide(company.manager1, request, "reject", "折扣太大")
    request = engine.approval_submit(
        actor=company.rep.user, kind="process_change", obj=doc, title="再次申请", facts={}
    )
    assert request.round == 2 and request.current_step == 1
    first = ApprovalStep.objects.get(request=request, round=2, index=0)
    assert first.state == StepState.SKIPPED and first.note == "上一轮已通过"
    assert pending_names(request) == [company.manager1.name]


def test_br_apr_06_states_and_the_document_is_read_only_in_approval(company, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    doc, request = submit(company, company.supervisor1)
    assert request.state == RequestState.IN_APPROVAL
    with pytest.raises(BusinessRuleError) as err:
        discount_request_update(
            actor=company.supervisor1.user,
            discount=doc,
            data={
                "customer_name": "赵",
                "unit_label": "3-1502",
                "list_price": "1",
                "discount_percent": "1",
            },
        )
    assert err.value.rule == "BR-APR-06"
    with pytest.raises(PermissionDeniedError):
        engine.approval_withdraw(actor=company.rep.user, request_id=request.pk)
    engine.approval_withdraw(actor=company.supervisor1.user, request_id=request.pk, reason="改价")
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN
    assert outcomes.states[-1] == "withdrawn"
    with pytest.raises(ConflictError):
        decide(company.manager1, request)
    # after withdrawal the document may be edited and resubmitted
    doc.refresh_from_db()
    discount_request_update(
        actor=company.supervisor1.user,
        discount=doc,
        data={
            "customer_name": "赵先生",
            "unit_label": "3-1502",
            "list_price": "1000000",
            "discount_percent": "2.5",
        },
    )
    request = engine.approval_submit(
        actor=company.supervisor1.user, kind="process_change", obj=doc, title="t", facts={}
    )
    assert request.state == RequestState.IN_APPROVAL and request.round == 2
    engine.approval_cancel(actor=company.supervisor1.user, request_id=request.pk, reason="作废")
    request.refresh_from_db()
    assert request.state == RequestState.CANCELLED
