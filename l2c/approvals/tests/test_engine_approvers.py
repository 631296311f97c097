"""Who approves (BR-APR-01, 05): never one's own request, transfer, add signer, the
administrator for a step without approver, the role selectors, copies, scope; and every
action audited (BR-APR-06)."""

from __future__ import annotations

import pytest

from l2c.approvals import selectors
from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalStep, ApprovalTask, RequestState, StepState, TaskOrigin
from l2c.approvals.tests.conftest import at, person_step, set_chain
from l2c.approvals.tests.engine_helpers import decide, pending_names, submit
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.notifications.models import Notification

pytestmark = pytest.mark.django_db


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
