"""BR-CUS-09: customer files are kept for ever; nobody deletes one without the general
manager's approval. The owner or a leader asks (申请归档, with a reason) through the approval
chain ``approvals.chain.customer_archive``; approved, the file is archived (once, audited).
The GM, who is the approver, archives directly."""

from __future__ import annotations

import pytest
from django.urls import reverse

from l2c.approvals import services as engine
from l2c.approvals.models import ApprovalRequest, ApprovalTask, RequestState, TaskState
from l2c.audit.models import AuditLog
from l2c.core.errors import BusinessRuleError, ConflictError, NotFoundError, PermissionDeniedError
from l2c.customers import services
from l2c.customers.models import ArchiveRequest, ArchiveStatus, Customer
from l2c.org.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/customers/"


def register(person, mobile="13800138000", name="赵先生"):
    return services.customer_register(
        actor=person.user, data={"name": name, "mobile": mobile}
    ).customer


def ask(person, customer, reason="重复建档"):
    return services.customer_archive_request(
        actor=person.user, customer_id=customer.pk, reason=reason
    )


def approval_of(archive_request) -> ApprovalRequest:
    return ApprovalRequest.objects.get(kind="customer_archive", object_id=str(archive_request.pk))


def decide(person, archive_request, decision="approve", opinion=""):
    return engine.approval_decide(
        actor=person.user,
        request_id=approval_of(archive_request).pk,
        decision=decision,
        opinion=opinion,
    )


def login(client, person):
    client.logout()
    assert client.login(username=person.user.username, password=PASSWORD)
    return client


def test_br_cus_09_rep_requests_gm_approves_and_the_file_is_archived(company, clock):
    customer = register(company.rep)
    request = ask(company.rep, customer, reason="客户要求删除")
    assert request.status == ArchiveStatus.IN_APPROVAL
    assert request.owner_id == company.rep.user_id and request.team_id == company.team1.pk
    approval = approval_of(request)
    assert approval.state == RequestState.IN_APPROVAL
    assert list(
        ApprovalTask.objects.filter(request=approval, state=TaskState.PENDING).values_list(
            "approver_id", flat=True
        )
    ) == [company.gm.user_id]
    customer.refresh_from_db()
    assert customer.archived_at is None  # not before the GM says so

    decide(company.gm, request)

    request.refresh_from_db()
    customer.refresh_from_db()
    assert request.status == ArchiveStatus.APPROVED
    assert customer.archived_at is not None and customer.archive_reason == "客户要求删除"
    assert Customer.objects.filter(pk=customer.pk).exists()  # archived, never deleted
    archived = AuditLog.objects.filter(action="customer.archive", object_id=str(customer.pk))
    assert archived.count() == 1
    entry = archived.get()
    assert entry.actor_id == company.gm.user_id and entry.rule == "BR-CUS-09"
    assert entry.extra["archive_request"] == request.pk
    assert entry.extra["requested_by"] == company.rep.user_id
    assert AuditLog.objects.filter(action="customer.archive_request").count() == 1
    with pytest.raises(NotFoundError):
        ask(company.rep, customer)


def test_br_cus_09_gm_rejects_and_the_file_stays(company, clock):
    customer = register(company.rep)
    request = ask(company.supervisor1, customer)
    with pytest.raises(BusinessRuleError):
        decide(company.gm, request, "reject")  # an opinion is required to reject
    decide(company.gm, request, "reject", "仍有跟进价值")
    request.refresh_from_db()
    customer.refresh_from_db()
    assert request.status == ArchiveStatus.REJECTED
    assert customer.archived_at is None and customer.archive_reason == ""
    assert not AuditLog.objects.filter(action="customer.archive").exists()
    # a rejected request is closed: a new one may be made
    assert ask(company.rep, customer, "客户已移民").status == ArchiveStatus.IN_APPROVAL


def test_br_cus_09_a_second_open_request_is_refused(company, clock):
    customer = register(company.rep)
    ask(company.rep, customer)
    with pytest.raises(ConflictError) as refused:
        ask(company.manager1, customer, "另一个原因")
    assert refused.value.rule == "BR-CUS-09" and refused.value.code == "archive_request_open"
    assert ArchiveRequest.objects.filter(customer=customer).count() == 1
    assert ApprovalRequest.objects.filter(kind="customer_archive").count() == 1


def test_br_cus_09_only_the_owner_and_leaders_in_scope_may_ask(company, clock):
    customer = register(company.rep)
    for outsider in (company.reps1[1], company.reps2[0], company.supervisor2, company.manager2):
        with pytest.raises(NotFoundError):
            ask(outsider, customer)
    with pytest.raises(PermissionDeniedError) as refused:
        ask(company.gm, customer)  # the approver would approve their own request
    assert refused.value.code == "archive_directly"
    assert not ArchiveRequest.objects.exists()
    assert ask(company.vp, customer).status == ArchiveStatus.IN_APPROVAL


def test_br_cus_09_reason_is_required(company, clock):
    customer = register(company.rep)
    for reason in ("", "   ", "长" * 201):
        with pytest.raises(BusinessRuleError) as refused:
            ask(company.rep, customer, reason)
        assert refused.value.field == "reason" and refused.value.status_code == 422
    assert not ArchiveRequest.objects.exists()


def test_br_cus_09_gm_archives_directly_and_an_open_request_is_cancelled(company, clock):
    customer = register(company.rep)
    request = ask(company.rep, customer)
    services.customer_archive(actor=company.gm.user, customer_id=customer.pk, reason="合并档案")
    request.refresh_from_db()
    customer.refresh_from_db()
    assert customer.archive_reason == "合并档案"
    assert request.status == ArchiveStatus.CANCELLED
    assert approval_of(request).state == RequestState.CANCELLED
    assert AuditLog.objects.filter(action="customer.archive").count() == 1


def test_br_cus_09_api_archive_request(company, clock, api):
    customer = register(company.rep)
    url = f"{URL}{customer.pk}/archive-requests/"
    response = api.as_(company.reps2[0]).post(url, {"reason": "重复"}, format="json")
    assert response.status_code == 404
    response = api.as_(company.rep).post(url, {"reason": ""}, format="json")
    assert response.status_code == 422
    response = api.as_(company.gm).post(url, {"reason": "重复"}, format="json")
    assert response.status_code == 403 and response.json()["rule"] == "BR-CUS-09"

    response = api.as_(company.rep).post(url, {"reason": "重复建档"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    request = ArchiveRequest.objects.get()
    assert body["id"] == request.pk and body["status"] == "in_approval"
    assert body["approval_request"] == approval_of(request).pk
    assert body["customer"] == customer.pk and body["reason"] == "重复建档"

    response = api.as_(company.supervisor1).post(url, {"reason": "再申请"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "archive_request_open"

    decision = api.as_(company.gm).post(
        f"/api/v1/approvals/requests/{body['approval_request']}/decide/",
        {"decision": "approve"},
        format="json",
    )
    assert decision.status_code == 200, decision.content
    assert Customer.objects.get(pk=customer.pk).archived_at is not None
    assert api.as_(company.rep).get(f"{URL}{customer.pk}/").status_code == 404


def test_br_cus_09_page_asks_and_shows_the_request(company, clock, client):
    customer = register(company.rep)
    page_url = f"/customers/{customer.pk}/"
    login(client, company.rep)
    page = client.get(page_url).content.decode()
    assert "archive-request-toggle" in page and "申请归档" in page
    assert 'id="archive-toggle"' not in page and 'id="archive-request"' not in page

    response = client.post(
        reverse("customers:archive_request", args=[customer.pk]), {"archive_request-reason": ""}
    )
    assert response.status_code == 302 and not ArchiveRequest.objects.exists()
    client.post(
        reverse("customers:archive_request", args=[customer.pk]),
        {"archive_request-reason": "客户要求删除"},
    )
    request = ArchiveRequest.objects.get()
    approval_url = reverse("approvals:request", args=[approval_of(request).pk])
    page = client.get(page_url).content.decode()
    assert 'id="archive-request"' in page and "审批中" in page and "客户要求删除" in page
    assert approval_url in page
    assert "archive-request-toggle" not in page  # one open request at a time

    login(client, company.supervisor1)  # a leader of the customer sees it too
    page = client.get(page_url).content.decode()
    assert 'id="archive-request"' in page and "archive-request-toggle" not in page

    login(client, company.gm)  # the GM archives directly; the request's link is there
    page = client.get(page_url).content.decode()
    assert 'id="archive-toggle"' in page and "archive-request-toggle" not in page
    assert approval_url in page
    assert client.get(approval_url).status_code == 200

    decide(company.gm, request, "reject", "暂不归档")
    login(client, company.rep)
    page = client.get(page_url).content.decode()
    assert "未批准" in page and "archive-request-toggle" in page
