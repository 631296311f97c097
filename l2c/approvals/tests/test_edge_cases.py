"""Edge cases of the engine found in review: nothing passes silently, nobody signs twice,
resubmission carries over only what was really approved (BR-APR-01, 05, 06)."""

from __future__ import annotations

import pytest

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalStep, ApprovalTask, RequestState, StepState, TaskState
from l2c.approvals.tests.conftest import make_document, person_step, set_chain
from l2c.core.errors import BusinessRuleError
from l2c.notifications.models import Notification
from l2c.org import services as org
from l2c.policy.services import policy_change

pytestmark = pytest.mark.django_db


def submit(requester, facts=None):
    doc = make_document(requester)
    return doc, engine.approval_submit(
        actor=requester.user, kind="process_change", obj=doc, title="申请", facts=facts or {}
    )


def decide(person, request, decision="approve", opinion="意见", **kw):
    return engine.approval_decide(
        actor=person.user, request_id=request.pk, decision=decision, opinion=opinion, **kw
    )


def pending(request):
    return sorted(
        ApprovalTask.objects.filter(request=request, state=TaskState.PENDING).values_list(
            "approver__username", flat=True
        )
    )


def test_br_apr_06_rejecting_step_resubmission_survives_an_org_change(company, clock, outcomes):
    set_chain(
        company,
        [
            {"name": "逐级", "approvers": [{"type": "superiors_up_to", "role": "manager"}]},
            person_step("总经理", company.gm),
        ],
        resubmit_from="rejecting_step",
    )
    doc, request = submit(company.rep)
    decide(company.supervisor1, request)
    decide(company.manager1, request)
    decide(company.gm, request, "reject", "价格不对")
    # the rep now reports to the manager directly: one level fewer
    org.person_set_superior(actor=company.admin.user, person=company.rep, superior=company.manager1)
    request = engine.approval_submit(
        actor=company.rep.user, kind="process_change", obj=doc, title="再次申请", facts={}
    )
    assert request.state == RequestState.IN_APPROVAL
    # the levels changed, so nothing is carried over by position: the manager signs again,
    # and the GM who rejected decides again — never skipped
    assert pending(request) == ["manager1"]
    decide(company.manager1, request)
    assert pending(request) == ["gm"]


def test_br_apr_06_a_step_skipped_last_round_is_not_carried_over(company, clock, outcomes):
    set_chain(
        company,
        [
            person_step(
                "大额经理", company.manager1, when=[{"fact": "amount", "op": "gt", "value": 100}]
            ),
            person_step("总经理", company.gm),
        ],
        resubmit_from="rejecting_step",
    )
    doc, request = submit(company.supervisor1, {"amount": 50})
    decide(company.gm, request, "reject", "再议")
    request = engine.approval_submit(
        actor=company.supervisor1.user,
        kind="process_change",
        obj=doc,
        title="t",
        facts={"amount": 5000},
    )
    assert pending(request) == ["manager1"]


def test_br_apr_05_an_administrator_requester_goes_to_the_gm(company, clock, outcomes):
    set_chain(
        company,
        [
            {
                "name": "仓库确认",
                "approvers": [{"type": "role", "role": "warehouse", "within": "department"}],
            }
        ],
    )
    from l2c.org.models import RoleAssignment

    RoleAssignment.objects.create(person=company.admin, role="rep")  # admin may ask, too
    doc, request = None, None
    from l2c.deals.models import DiscountRequest

    doc = DiscountRequest.objects.create(
        customer_name="x",
        unit_label="y",
        list_price=1,
        discount_percent=1,
        owner=company.admin.user,
        department=company.admin.department,
    )
    request = engine.approval_submit(
        actor=company.admin.user, kind="process_change", obj=doc, title="管理员的申请", facts={}
    )
    assert request.state == RequestState.IN_APPROVAL
    assert pending(request) == ["gm"]


def test_br_apr_01_countersign_with_an_empty_post_goes_to_the_administrator(
    company, clock, outcomes
):
    org.person_set_roles(actor=company.gm.user, person=company.manager2, roles=["supervisor"])
    set_chain(
        company,
        [
            {
                "name": "经理、副总会签",
                "mode": "all",
                "approvers": [
                    {"type": "role", "role": "manager", "within": "department"},
                    {"type": "role", "role": "vp", "within": "company"},
                ],
            }
        ],
    )
    _, request = submit(company.supervisor2)
    assert pending(request) == ["admin", "vp"]
    step = ApprovalStep.objects.get(request=request)
    assert "空缺" in step.note
    decide(company.vp, request)
    request.refresh_from_db()
    assert request.state == RequestState.IN_APPROVAL  # the administrator's part is missing
    decide(company.admin, request)
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED


def test_br_apr_02_a_vp_discount_never_passes_without_an_approver(company, clock):
    from l2c.deals.services import discount_request_create

    dr = discount_request_create(
        actor=company.vp.user,
        data={
            "customer_name": "孙",
            "unit_label": "1-101",
            "list_price": "100000",
            "discount_percent": "8",
        },
        submit=True,
    )
    assert dr.status == "in_approval"
    tasks = ApprovalTask.objects.filter(request__object_id=str(dr.pk), request__kind="discount")
    # the VP's own department has no sales manager: the administrator stands in, then the GM
    assert list(tasks.values_list("approver__username", flat=True)) == ["admin"]
    engine.approval_decide(
        actor=company.admin.user,
        request_id=tasks[0].request_id,
        decision="approve",
        opinion="代经理会签",
    )
    assert list(tasks.filter(state="pending").values_list("approver__username", flat=True)) == [
        "gm"
    ]


def test_br_pol_03_an_impossible_working_day_setting_never_crashes(company, clock, outcomes):
    policy_change(actor=company.gm.user, key="calendar.day_end_hour", value=9, reason="误操作")
    set_chain(
        company,
        [person_step("经理", company.manager1, deadline={"type": "working_hours", "value": 4})],
    )
    _, request = submit(company.supervisor1)
    step = ApprovalStep.objects.get(request=request)
    assert step.deadline_at is not None


def test_br_apr_01_nobody_signs_a_countersign_twice(company, clock, outcomes):
    set_chain(company, [person_step("会签", company.manager1, company.vp, mode="all")])
    _, request = submit(company.supervisor1)
    decide(company.manager1, request)
    with pytest.raises(BusinessRuleError):
        engine.approval_transfer(
            actor=company.vp.user, request_id=request.pk, to_user_id=company.manager1.user.pk
        )


def test_br_rpt_07_a_returned_step_notifies_its_approver_again(company, clock, outcomes):
    set_chain(
        company, [person_step("主管", company.supervisor1), person_step("经理", company.manager1)]
    )
    _, request = submit(company.rep)
    decide(company.supervisor1, request)
    decide(company.manager1, request, "return", "补资料", return_to=0)
    notices = Notification.objects.filter(recipient=company.supervisor1.user, kind="approval.task")
    assert notices.count() == 2
    step = ApprovalStep.objects.get(request=request, index=1)
    assert step.state == StepState.WAITING and step.deadline_at is None
