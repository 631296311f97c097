"""BR-APR-06: the one approvable document — every document the engine approves stands on
``approvals.documents``, its status and its link to the request follow the request, and the
data migration links the documents that existed before the base."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from l2c.approvals import registry
from l2c.approvals import services as engine
from l2c.approvals.backfill import link_approvals
from l2c.approvals.documents import Approvable, ApprovableDocument, ApprovalStatus
from l2c.approvals.models import RequestState
from l2c.approvals.services.documents import document_withdraw
from l2c.approvals.tests.conftest import at, make_document
from l2c.core.models import OwnedRecord
from l2c.deals.models import DiscountRequest
from l2c.deals.services import discount_request_submit


def _concrete(base):
    return [m for m in apps.get_models() if issubclass(m, base)]


def test_br_apr_06_every_registered_kind_is_an_approvable_document_of_its_own_kind():
    kinds = registry.registered()
    assert {"discount", "quote", "bid_decision", "price_change", "customer_archive"} <= set(kinds)
    for key, kind in kinds.items():
        assert issubclass(kind.model, Approvable), key
        assert kind.model.approval_kind == key
        assert kind.on_outcome is not None, key  # the base's handler when none is given


def test_br_apr_06_every_approvable_document_has_the_status_constraint_of_the_base():
    documents = _concrete(ApprovableDocument)
    assert len(documents) >= 6
    for model in documents:
        field = model._meta.get_field("status")
        assert [value for value, _label in field.choices] == ApprovalStatus.values
        names = {c.name for c in model._meta.constraints}
        assert f"{model._meta.app_label}_{model._meta.model_name}_status" in names, model


@pytest.mark.django_db
def test_br_apr_06_the_database_refuses_a_status_outside_br_apr_06(company):
    doc = make_document(company.rep)
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscountRequest.objects.filter(pk=doc.pk).update(status="half_approved")


#: a person is the people directory's record of that person, not a record someone owns
NOT_OWNED = {"org.person"}


def test_br_org_02_every_model_with_its_own_owner_team_and_department_is_an_owned_record():
    """A model that declares a scope over its own owner, team and department columns stands
    on ``core.models.OwnedRecord`` (records scoped through a parent are not owned)."""
    for model in apps.get_models():
        if model._meta.label_lower in NOT_OWNED:
            continue
        spec = getattr(model, "scope", None)
        if spec is None or spec.owner is None or "__" in (spec.owner or ""):
            continue
        if spec.team is None and spec.department is None:
            continue  # scoped by one person column alone (a notification's recipient)
        assert issubclass(model, OwnedRecord), model


@pytest.mark.django_db
def test_br_apr_06_the_document_follows_its_request_link_and_times(company, clock):
    doc = make_document(company.rep, discount_percent="3")
    assert doc.approval is None and doc.submitted_at is None
    doc = discount_request_submit(actor=company.rep.user, discount=doc)
    request = doc.approval
    assert request is not None and request.kind == "discount"
    assert doc.status == ApprovalStatus.IN_APPROVAL == request.state
    assert doc.submitted_at == request.submitted_at == at(2026, 11, 23, 10)
    assert doc.decided_at is None

    clock.move_to(at(2026, 11, 23, 11))
    doc = document_withdraw(actor=company.rep.user, doc=doc, reason="改一下比例")
    assert doc.status == ApprovalStatus.WITHDRAWN and doc.decided_at == at(2026, 11, 23, 11)

    clock.move_to(at(2026, 11, 23, 12))
    doc = discount_request_submit(actor=company.rep.user, discount=doc)  # resubmitted
    assert doc.approval_id == request.pk and doc.status == ApprovalStatus.IN_APPROVAL
    assert doc.submitted_at == at(2026, 11, 23, 12) and doc.decided_at is None
    engine.approval_decide(
        actor=company.supervisor1.user, request_id=request.pk, decision="reject", opinion="不行"
    )
    doc.refresh_from_db()
    assert doc.status == ApprovalStatus.REJECTED == RequestState.REJECTED
    assert doc.decided_at == at(2026, 11, 23, 12)


@pytest.mark.django_db
def test_br_apr_06_the_migration_links_documents_submitted_before_the_base(company, clock):
    doc = discount_request_submit(actor=company.rep.user, discount=make_document(company.rep))
    request_id, submitted = doc.approval_id, doc.submitted_at
    DiscountRequest.objects.filter(pk=doc.pk).update(approval=None, submitted_at=None)

    link_approvals("deals", "DiscountRequest", "Quote", "Tender")(apps, None)

    doc.refresh_from_db()
    assert doc.approval_id == request_id and doc.submitted_at == submitted
    assert doc.status == ApprovalStatus.IN_APPROVAL and doc.decided_at is None
