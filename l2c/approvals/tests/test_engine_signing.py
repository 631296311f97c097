"""会签 and 或签 (BR-APR-01): every approver, or the first decision — exactly one counts,
also with real parallel connections on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from l2c.approvals.models import ApprovalEvent, ApprovalTask, RequestState, TaskState
from l2c.approvals.tests.conftest import person_step, set_chain
from l2c.approvals.tests.engine_helpers import decide, pending_names, submit
from l2c.core.errors import BusinessRuleError, ConflictError

pytestmark = pytest.mark.django_db


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
