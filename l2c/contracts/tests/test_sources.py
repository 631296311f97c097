"""A contract follows the reservation OR the accepted quote (BR-CON-03), or an awarded
tender: signing wins the opportunity (BR-DEAL-01) and contracts the tender (BR-DEAL-06)."""

from __future__ import annotations

import pytest

from l2c.catalog.models import Unit, UnitState
from l2c.contracts import services
from l2c.contracts.models import ContractClass, ContractStatus
from l2c.core.errors import ConflictError
from l2c.core.testing import at
from l2c.deals import services as deals
from l2c.deals.models import Opportunity, OpportunityStage, QuoteStatus, TenderStatus
from l2c.deals.tests.factories import opportunity, quote, tender
from l2c.deals.tests.helpers import approve_all, everyone, request_of

pytestmark = pytest.mark.django_db


def _ready_and_sign(company, contract):
    services.contract_submit_review(actor=company.rep.user, contract_id=contract.pk)
    services.contract_review_checklist(
        actor=company.supervisor1.user,
        contract_id=contract.pk,
        clauses_and_figures=True,
        signatures_and_seals=True,
        attachments=True,
    )
    return services.contract_sign(actor=company.rep.user, contract_id=contract.pk)


def test_br_con_03_a_contract_follows_the_accepted_quote_and_wins_the_opportunity(
    company, catalog, clock
):
    opp = opportunity(company.rep, stage="proposal")
    q = quote(company.rep, opp, [{"unit": catalog.unit.pk, "unit_price": "1650000.00"}])
    with pytest.raises(ConflictError):  # not accepted yet
        services.contract_create(actor=company.rep.user, quote_id=q.pk)
    deals.quote_submit(actor=company.rep.user, quote_id=q.pk)
    approve_all(request_of(q, "quote"), everyone(company))
    deals.quote_send(actor=company.rep.user, quote_id=q.pk)
    q = deals.quote_accept(actor=company.rep.user, quote_id=q.pk)
    assert q.status == QuoteStatus.ACCEPTED
    contract = services.contract_create(actor=company.rep.user, quote_id=q.pk)
    assert contract.unit_id == catalog.unit.pk and contract.customer_id == opp.customer_id
    assert contract.classification == ContractClass.STANDARD
    contract = _ready_and_sign(company, contract)
    assert contract.status == ContractStatus.SIGNED
    assert Unit.objects.get(pk=catalog.unit.pk).state == UnitState.CONTRACTED
    opp = Opportunity.objects.get(pk=opp.pk)  # in negotiation once the quote went out
    assert opp.stage == OpportunityStage.WON and opp.won_document == f"contract:{contract.pk}"


def test_br_deal_06_a_contract_from_the_awarded_tender_marks_it_contracted(company, clock):
    from l2c.deals.tests.test_tenders import to_won

    t = to_won(company, clock, tender(company.rep), company.rep)
    clock.move_to(at(2026, 12, 17, 15))
    t = deals.tender_record_award(actor=company.rep.user, tender_id=t.pk)
    contract = services.contract_create(actor=company.rep.user, tender_id=t.pk)
    assert contract.price == t.bid_price and contract.unit_id is None
    clock.move_to(at(2027, 1, 11, 10))
    contract = _ready_and_sign(company, contract)
    assert contract.number == "HT-2027-S1-000001"  # the yearly sequence restarts
    t.refresh_from_db()
    assert t.status == TenderStatus.CONTRACTED
