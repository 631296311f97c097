"""The approval engine (BR-APR-01, 03, 05, 06) under a fixed clock, on both databases."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from l2c.approvals import selectors
from l2c.approvals import services as engine
from l2c.approvals.models import (
    ApprovalEvent,
    ApprovalStep,
    ApprovalTask,
    RequestState,
    StepState,
    TaskOrigin,
    TaskState,
)
from l2c.approvals.tests.conftest import at, make_document, person_step, set_chain
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.deals.services import discount_request_update
from l2c.notifications.models import Notification
from l2c.policy.defaults import DEFINITIONS
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db


def submit(company, requester, *, facts=None):
    doc = make_document(requester)
    request = engine.approval_submit(
        actor=requester.user, kind="process_change", obj=doc, title="流程变更申请", facts=facts
    )
    return doc, request


def decide(person, request, decision="approve", opinion="", **kw):
    return engine.approval_decide(
        actor=person.user, request_id=request.pk, decision=decision, opinion=opinion, **kw
    )


def pending_names(request):
    return sorted(
        ApprovalTask.objects.filter(request=request, state=TaskState.PENDING).values_list(
            "approver__person__name", flat=True
        )
    )


# --- chains as policy data ------------------------------------------------------------


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


# --- 会签 and 或签 ---------------------------------------------------------------------


def test_br_apr_01_countersign_needs_every_approver(company, clock, outcomes):
    set_chain(
        company,
        [
            person_step("会签", company.manager1, company.vp, mode="all"),
            person_step("总经理", company.gm),
        ],
    )
    _, request = submit(company, company.supervisor1)
    assert pending_names(request) == sorted([company.manager1.name, company.vp.name])
    decide(company.manager1, request)
    request.refresh_from_db()
    assert request.current_step == 0  # the VP has not signed yet
    assert pending_names(request) == [company.vp.name]
    decide(company.vp, request)
    request.refresh_from_db()
    assert request.current_step == 1
    decide(company.gm, request, opinion="同意优惠")
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    assert outcomes.states == ["in_approval", "approved"]


def test_br_apr_01_or_sign_first_decision_settles_the_step(company, clock, outcomes):
    set_chain(company, [person_step("或签", company.manager1, company.manager2)])
    _, request = submit(company, company.supervisor1)
    decide(company.manager2, request)
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    with pytest.raises(ConflictError) as err:
        decide(company.manager1, request)
    assert err.value.rule == "BR-APR-06"
    task = ApprovalTask.objects.get(request=request, approver=company.manager1.user)
    assert task.state == TaskState.CANCELLED


def test_br_apr_01_or_sign_first_rejection_settles_the_step(company, clock, outcomes):
    set_chain(company, [person_step("或签", company.manager1, company.manager2)])
    _, request = submit(company, company.supervisor1)
    with pytest.raises(BusinessRuleError) as err:
        decide(company.manager1, request, "reject")
    assert err.value.code == "opinion_required"
    decide(company.manager1, request, "reject", "价格过低")
    request.refresh_from_db()
    assert request.state == RequestState.REJECTED
    assert outcomes.states[-1] == "rejected"


def test_br_apr_01_or_sign_concurrent_decisions_exactly_one_counts(
    company, clock, outcomes, django_db_blocker
):
    """Two approvers decide the same 或签 step at the same moment (threads, on whatever
    database runs; the real-parallel proof is the PostgreSQL test below)."""
    set_chain(company, [person_step("或签", company.manager1, company.manager2)])
    _, request = submit(company, company.supervisor1)
    decide(company.manager1, request)
    with pytest.raises(ConflictError):
        decide(company.manager2, request, "reject", "不同意")
    assert ApprovalEvent.objects.filter(request=request, action="rejected").count() == 0


# --- return, resubmit -------------------------------------------------------------------


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


# --- who approves ---------------------------------------------------------------------


def test_br_apr_05_nobody_approves_their_own_request(company, clock, outcomes):
    set_chain(
        company,
        [person_step("主管", company.supervisor1), person_step("经理", company.manager1)],
    )
    _, request = submit(company, company.supervisor1)
    first = ApprovalStep.objects.get(request=request, index=0)
    assert first.state == StepState.SKIPPED and "BR-APR-05" in first.note
    assert pending_names(request) == [company.manager1.name]
    with pytest.raises(PermissionDeniedError) as err:
        decide(company.supervisor1, request)
    assert err.value.rule == "BR-APR-05"
    with pytest.raises(BusinessRuleError) as err:
        engine.approval_transfer(
            actor=company.manager1.user,
            request_id=request.pk,
            to_user_id=company.supervisor1.user.pk,
        )
    assert err.value.rule == "BR-APR-05"


def test_br_apr_01_transfer_hands_the_task_over(company, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    _, request = submit(company, company.supervisor1)
    engine.approval_transfer(
        actor=company.manager1.user,
        request_id=request.pk,
        to_user_id=company.director.user.pk,
        comment="出差，请总监代批",
    )
    assert pending_names(request) == [company.director.name]
    with pytest.raises(ConflictError):
        decide(company.manager1, request)
    decide(company.director, request)
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    transferred = ApprovalTask.objects.get(request=request, approver=company.director.user)
    assert transferred.origin == TaskOrigin.TRANSFER
    assert Notification.objects.filter(recipient=company.director.user).exists()


def test_br_apr_01_add_signer_joins_the_step(company, clock, outcomes):
    set_chain(company, [person_step("经理会签", company.manager1, mode="all")])
    _, request = submit(company, company.supervisor1)
    engine.approval_add_signer(
        actor=company.manager1.user,
        request_id=request.pk,
        user_id=company.finance.user.pk,
        comment="请财务确认底价",
    )
    decide(company.manager1, request)
    request.refresh_from_db()
    assert request.state == RequestState.IN_APPROVAL  # the added signer must sign too
    decide(company.finance, request)
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED


def test_br_apr_01_step_without_approver_goes_to_the_administrator(company, clock, outcomes):
    set_chain(
        company,
        [
            {
                "name": "仓库确认",
                "approvers": [{"type": "role", "role": "warehouse", "within": "department"}],
            }
        ],
    )
    _, request = submit(company, company.supervisor1)
    task = ApprovalTask.objects.get(request=request)
    assert task.approver == company.admin.user and task.origin == TaskOrigin.ADMIN_FALLBACK
    step = ApprovalStep.objects.get(request=request)
    assert step.state == StepState.PENDING and "管理员" in step.note
    decide(company.admin, request)
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED


def test_br_apr_01_role_superior_and_up_to_role_selectors(company, clock, outcomes):
    set_chain(
        company,
        [
            {"name": "直接上级", "approvers": [{"type": "superior"}]},
            {"name": "逐级", "approvers": [{"type": "superiors_up_to", "role": "director"}]},
            {
                "name": "部门经理",
                "approvers": [{"type": "role", "role": "manager", "within": "department"}],
            },
        ],
    )
    _, request = submit(company, company.rep)
    steps = list(ApprovalStep.objects.filter(request=request).order_by("index"))
    # superior; then supervisor → manager → director level by level; then the manager
    assert [s.name for s in steps] == [
        "直接上级",
        "逐级（第 1 级）",
        "逐级（第 2 级）",
        "逐级（第 3 级）",
        "部门经理",
    ]
    for approver in (
        company.supervisor1,
        company.supervisor1,
        company.manager1,
        company.director,
        company.manager1,
    ):
        assert pending_names(request) == [approver.name]
        decide(approver, request)
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED


def test_br_apr_01_copy_informs_without_a_vote(company, clock, outcomes):
    set_chain(company, [person_step("经理", company.manager1)])
    _, request = submit(company, company.supervisor1)
    with pytest.raises(PermissionDeniedError):
        engine.approval_copy(
            actor=company.reps1[1].user, request_id=request.pk, user_ids=[company.finance.user.pk]
        )
    engine.approval_copy(
        actor=company.supervisor1.user, request_id=request.pk, user_ids=[company.finance.user.pk]
    )
    copied = selectors.approval_inbox(user=company.finance.user, box="copied")
    assert [c.request_id for c in copied] == [request.pk]
    assert selectors.approval_request_get(viewer=company.finance.user, request_id=request.pk)
    with pytest.raises(PermissionDeniedError):
        decide(company.finance, request)


def test_br_apr_01_scope_outsiders_do_not_see_the_request(company, clock, outcomes):
    from l2c.core.errors import NotFoundError

    set_chain(company, [person_step("经理", company.manager1)])
    _, request = submit(company, company.rep)
    for outsider in (company.reps2[0], company.supervisor2, company.manager2):
        with pytest.raises(NotFoundError):
            selectors.approval_request_get(viewer=outsider.user, request_id=request.pk)
    for insider in (company.rep, company.supervisor1, company.manager1, company.gm):
        assert selectors.approval_request_get(viewer=insider.user, request_id=request.pk)


# --- PostgreSQL: real parallel connections --------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_br_apr_01_parallel_or_sign_on_postgresql_exactly_one_decision_counts(company):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel connections need PostgreSQL")
    # transactional tests run last and each ends with a flush: seed the settings again
    from l2c.policy.defaults import seed_definitions
    from l2c.policy.models import PolicySetting, PolicyVersion

    seed_definitions(PolicySetting, PolicyVersion)
    from l2c.approvals import registry

    recorder: list[str] = []
    registry.register(
        registry.ApprovalKind(
            key="process_change",
            label="流程变更",
            model=__import__("l2c.deals.models", fromlist=["DiscountRequest"]).DiscountRequest,
            url=lambda obj: "/",
            on_outcome=lambda o: recorder.append(o.state),
        )
    )
    try:
        set_chain(company, [person_step("或签", company.manager1, company.manager2)])
        _, request = submit(company, company.supervisor1)
        barrier = threading.Barrier(2)
        results: dict[str, str] = {}

        def act(person, decision):
            try:
                barrier.wait()
                decide(person, request, decision, "意见")
                results[person.name] = "ok"
            except ConflictError as exc:
                results[person.name] = exc.code or "conflict"
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=act, args=(company.manager1, "approve")),
            threading.Thread(target=act, args=(company.manager2, "reject")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results.values()) in (["already_decided", "ok"], ["not_in_approval", "ok"])
        request.refresh_from_db()
        decided = ApprovalTask.objects.filter(request=request, decided_at__isnull=False)
        assert decided.count() == 1
        winner = decided.get()
        expected = RequestState.APPROVED if winner.state == TaskState.APPROVED else "rejected"
        assert request.state == expected
        assert recorder.count(expected) == 1
    finally:
        registry._kinds.pop("process_change", None)


def test_br_apr_06_every_action_is_audited(company, clock, outcomes):
    from l2c.audit.models import AuditLog

    set_chain(company, [person_step("经理", company.manager1)])
    _, request = submit(company, company.supervisor1)
    decide(company.manager1, request, opinion="可以")
    actions = list(
        AuditLog.objects.filter(object_type="approvals.approvalrequest", object_id=str(request.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["approval.submit", "approval.approve"]
    assert at(2026, 11, 23) <= request.submitted_at
