"""Quotes (BR-DEAL-03): reviewed before sending, deviations re-reviewed as revisions; the
floor of BR-CAT-02 and the discount chain of BR-APR-02 before a quote below it goes out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from l2c.approvals.models import RequestState
from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.deals import services
from l2c.deals.models import DiscountRequest, DiscountStatus, OpportunityStage, QuoteStatus
from l2c.deals.tests.factories import customer, opportunity, quote
from l2c.deals.tests.helpers import approve, approve_all, everyone, reject, request_of, waiting

pytestmark = pytest.mark.django_db

LIST = Decimal("1650000.00")


def flat_line(cat, price, unit=None):
    return [{"unit": (unit or cat.unit).pk, "unit_price": str(price)}]


def reviewed(company, person, q):
    services.quote_submit(actor=person.user, quote_id=q.pk)
    request = request_of(q, "quote")
    approve_all(request, everyone(company))
    q.refresh_from_db()
    assert q.status == QuoteStatus.REVIEWED, q.status
    return q


def test_br_deal_03_a_quote_is_reviewed_before_it_is_sent(company, cat, clock):
    opp = opportunity(company.rep, stage="proposal")
    q = quote(company.rep, opp, flat_line(cat, LIST), payment_terms="首付 30%")
    assert q.number.startswith("BJ-2026-S1-") and q.status == QuoteStatus.DRAFT
    assert (q.list_total, q.total, q.discount_needed) == (LIST, LIST, False)
    with pytest.raises(ConflictError) as err:
        services.quote_send(actor=company.rep.user, quote_id=q.pk)
    assert err.value.rule == "BR-DEAL-03"
    q = services.quote_submit(actor=company.rep.user, quote_id=q.pk)
    assert q.status == QuoteStatus.IN_REVIEW
    request = request_of(q, "quote")
    assert request.title == f"报价审核：{q.number} {q.customer.name} ¥1,650,000.00"
    with pytest.raises(BusinessRuleError):  # read-only while in review (BR-APR-06)
        services.quote_update(actor=company.rep.user, quote_id=q.pk, data={"payment_terms": "x"})
    # the supervisor first (BR-APR-04), then the manager reviews the final quote
    assert waiting(request) == [company.supervisor1.user.username]
    approve(company.supervisor1, request, "价格与条款无误")
    q.refresh_from_db()
    assert q.status == QuoteStatus.IN_REVIEW
    assert waiting(request) == [company.manager1.user.username]
    with pytest.raises(ConflictError):  # not before the manager's review
        services.quote_send(actor=company.rep.user, quote_id=q.pk)
    approve(company.manager1, request, "同意报价")
    q.refresh_from_db()
    assert q.status == QuoteStatus.REVIEWED
    q = services.quote_send(actor=company.rep.user, quote_id=q.pk)
    assert q.status == QuoteStatus.SENT and q.sent_at is not None
    opp.refresh_from_db()
    assert opp.stage == OpportunityStage.NEGOTIATION
    assert opp.changes.filter(from_stage="proposal", to_stage="negotiation").exists()


def test_br_deal_03_a_rejected_review_is_edited_and_resubmitted(company, cat, clock):
    q = quote(company.rep, opportunity(company.rep), flat_line(cat, LIST))
    services.quote_submit(actor=company.rep.user, quote_id=q.pk)
    reject(company.supervisor1, request_of(q, "quote"), "有效期请写明")
    q.refresh_from_db()
    assert q.status == QuoteStatus.REJECTED
    services.quote_update(actor=company.rep.user, quote_id=q.pk, data={"valid_until": "2026-12-31"})
    services.quote_submit(actor=company.rep.user, quote_id=q.pk)
    # resubmitted from the rejecting step: the supervisor, then the manager
    approve_all(request_of(q, "quote"), everyone(company))
    q.refresh_from_db()
    assert q.status == QuoteStatus.REVIEWED and str(q.valid_until) == "2026-12-31"
    with pytest.raises(ConflictError):  # reviewed: changes only through a revision
        services.quote_update(actor=company.rep.user, quote_id=q.pk, data={"payment_terms": "x"})


def test_br_deal_03_any_deviation_from_a_sent_quote_is_a_new_revision(company, cat, clock):
    q = reviewed(
        company, company.rep, quote(company.rep, opportunity(company.rep), flat_line(cat, LIST))
    )
    services.quote_send(actor=company.rep.user, quote_id=q.pk)
    with pytest.raises(BusinessRuleError):  # a reason is required
        services.quote_revise(
            actor=company.rep.user,
            quote_id=q.pk,
            changes={"payment_terms": "一次性付款"},
            reason="",
        )
    with pytest.raises(BusinessRuleError):  # nothing changed
        services.quote_revise(actor=company.rep.user, quote_id=q.pk, changes={}, reason="客户要求")
    r2 = services.quote_revise(
        actor=company.rep.user,
        quote_id=q.pk,
        changes={"payment_terms": "一次性付款"},
        reason="客户改为一次性付款",
    )
    q.refresh_from_db()
    assert q.status == QuoteStatus.SUPERSEDED
    assert (r2.revision, r2.previous_id, r2.status) == (2, q.pk, QuoteStatus.DRAFT)
    assert r2.number == f"{q.number}-R2" and r2.deviation_reason == "客户改为一次性付款"
    assert r2.lines.count() == 1 and r2.total == LIST
    with pytest.raises(ConflictError):  # the manager must see the deviation again
        services.quote_send(actor=company.rep.user, quote_id=r2.pk)
    with pytest.raises(ConflictError):  # the superseded one cannot go out or be revised
        services.quote_revise(
            actor=company.rep.user, quote_id=q.pk, changes={"payment_terms": "x"}, reason="y"
        )
    r2 = reviewed(company, company.rep, r2)
    services.quote_send(actor=company.rep.user, quote_id=r2.pk)
    accepted = services.quote_accept(actor=company.rep.user, quote_id=r2.pk, note="客户签字确认")
    assert accepted.status == QuoteStatus.ACCEPTED and accepted.answered_at
    r3 = services.quote_revise(
        actor=company.rep.user,
        quote_id=r2.pk,
        changes={"lines": flat_line(cat, LIST, cat.unit2)},
        reason="客户改选 3-1602",
    )
    assert r3.number == f"{q.number}-R3" and r3.list_total == Decimal("1660000.00")
    assert r3.total == LIST and r3.discount_needed  # 10,000 below 3-1602's list price


def test_br_deal_03_the_customer_declines_with_a_reason(company, cat, clock):
    q = reviewed(
        company, company.rep, quote(company.rep, opportunity(company.rep), flat_line(cat, LIST))
    )
    with pytest.raises(ConflictError):
        services.quote_decline(actor=company.rep.user, quote_id=q.pk, reason="太贵")
    services.quote_send(actor=company.rep.user, quote_id=q.pk)
    with pytest.raises(BusinessRuleError):
        services.quote_decline(actor=company.rep.user, quote_id=q.pk, reason="")
    q = services.quote_decline(actor=company.rep.user, quote_id=q.pk, reason="太贵")
    assert q.status == QuoteStatus.DECLINED and q.answer_note == "太贵"


def test_br_cat_02_the_floor_is_list_less_authority_never_below_the_dealer_price(
    company, cat, clock
):
    # a rep has 0 %: the floor is the list price
    q = quote(company.rep, opportunity(company.rep), flat_line(cat, LIST))
    assert q.lines.get().floor_price == LIST
    # a supervisor has 2 %: 1,650,000 × 98 % = 1,617,000 (above the dealer price)
    sup = opportunity(company.supervisor1, customer(company.supervisor1, "钱先生"))
    q = quote(company.supervisor1, sup, flat_line(cat, "1617000.00"))
    assert q.lines.get().floor_price == Decimal("1617000.00") and not q.discount_needed
    q = quote(company.supervisor1, sup, flat_line(cat, "1616999.99"))
    assert q.discount_needed and q.max_discount_percent == Decimal("2.01")
    # a manager has 5 %: 1,567,500 — but never below the lowest dealer price 1,590,000
    mgr = opportunity(company.manager1, customer(company.manager1, "孙先生"))
    q = quote(company.manager1, mgr, flat_line(cat, "1590000.00"))
    assert q.lines.get().floor_price == Decimal("1590000.00") and not q.discount_needed
    q = quote(company.manager1, mgr, flat_line(cat, "1589999.00"))
    assert q.discount_needed


def test_br_cat_02_below_the_lowest_factory_price_is_refused(company, cat, clock):
    opp = opportunity(company.rep)
    with pytest.raises(BusinessRuleError) as err:
        quote(company.rep, opp, flat_line(cat, "1549999.99"))
    assert err.value.rule == "BR-CAT-02" and err.value.code == "below_factory_price"
    assert "报价 1,549,999.99 元低于最低出厂价 1,550,000.00 元" in str(err.value.message)
    # stock lines: list price = the product's market price, quantity counts
    q = quote(company.rep, opp, [{"product": cat.stock.pk, "quantity": 10, "unit_price": "120.00"}])
    assert (q.list_total, q.total) == (Decimal("1200.00"), Decimal("1200.00"))


def test_br_apr_02_a_quote_below_the_floor_goes_out_only_with_the_discount_approved(
    company, cat, clock
):
    cust = customer(company.rep, "吴女士")
    opp = opportunity(company.rep, cust)
    price = Decimal("1600500.00")  # 3 % off the list price
    q = quote(company.rep, opp, flat_line(cat, price))
    assert q.discount_needed and q.max_discount_percent == Decimal("3.00")
    q = reviewed(company, company.rep, q)
    with pytest.raises(BusinessRuleError) as err:
        services.quote_send(actor=company.rep.user, quote_id=q.pk)
    assert err.value.rule == "BR-APR-02" and err.value.code == "discount_required"
    dr = services.quote_request_discount(actor=company.rep.user, quote_id=q.pk, reason="当日签约")
    assert (dr.quote_id, dr.customer_id, dr.unit_id) == (q.pk, cust.pk, cat.unit.pk)
    assert (dr.list_price, dr.discount_percent, dr.final_price) == (LIST, Decimal("3.00"), price)
    assert dr.customer_name == "吴女士" and dr.unit_label == "3-1502"
    assert dr.status == DiscountStatus.IN_APPROVAL
    with pytest.raises(ConflictError):  # one at a time
        services.quote_request_discount(actor=company.rep.user, quote_id=q.pk)
    request = request_of(dr, "discount")
    # the rep asks: the supervisor first, then manager + VP (会签), then the GM
    order = approve_all(request, everyone(company))
    assert order == ["supervisor1", "manager1", "vp", "gm"]
    assert request.state == RequestState.APPROVED
    q = services.quote_send(actor=company.rep.user, quote_id=q.pk)
    assert q.status == QuoteStatus.SENT
    # a revision that keeps the discount depth keeps the approval; a deeper one needs another
    r2 = services.quote_revise(
        actor=company.rep.user, quote_id=q.pk, changes={"payment_terms": "按揭"}, reason="改按揭"
    )
    assert services.discount_covered(r2)
    r3 = reviewed(company, company.rep, r2)
    r3 = services.quote_revise(
        actor=company.rep.user,
        quote_id=r3.pk,
        changes={"lines": flat_line(cat, "1595000.00")},
        reason="再让 5,500 元",
    )
    assert not services.discount_covered(r3)


def test_br_apr_02_within_own_authority_no_discount_is_asked(company, cat, clock):
    q = quote(company.rep, opportunity(company.rep), flat_line(cat, LIST))
    with pytest.raises(BusinessRuleError) as err:
        services.quote_request_discount(actor=company.rep.user, quote_id=q.pk)
    assert err.value.code == "not_needed"


def test_br_apr_02_below_the_dealer_price_even_a_manager_needs_the_chain(company, cat, clock):
    # 4 % is within the manager's 5 %, but 1,584,000 is below the dealer price 1,590,000
    opp = opportunity(company.manager1, customer(company.manager1, "冯先生"))
    q = quote(company.manager1, opp, flat_line(cat, "1584000.00"))
    assert q.discount_needed
    dr = services.quote_request_discount(actor=company.manager1.user, quote_id=q.pk)
    assert dr.status == DiscountStatus.IN_APPROVAL  # not approved at once
    request = request_of(dr, "discount")
    assert request.facts["requester_authority"] == "3.63"  # capped by the dealer price
    order = approve_all(request, everyone(company))
    assert order[-1] == "gm"
    dr.refresh_from_db()
    assert dr.status == DiscountStatus.APPROVED and services.discount_covered(q)


def test_br_apr_02_the_discount_request_from_a_quote_is_not_edited_on_its_own(company, cat, clock):
    q = quote(company.rep, opportunity(company.rep), flat_line(cat, "1600500.00"))
    dr = services.quote_request_discount(actor=company.rep.user, quote_id=q.pk)
    reject(company.supervisor1, request_of(dr, "discount"), "先和客户再谈")
    dr.refresh_from_db()
    with pytest.raises(ConflictError):
        services.discount_request_update(
            actor=company.rep.user,
            discount=dr,
            data={
                "customer_name": "x",
                "unit_label": "y",
                "list_price": "1",
                "discount_percent": "1",
            },
        )
    assert DiscountRequest.objects.filter(quote=q).count() == 1


def test_br_deal_03_only_the_quoting_rep_acts_on_the_quote(company, cat, clock):
    q = quote(company.rep, opportunity(company.rep), flat_line(cat, LIST))
    with pytest.raises(PermissionDeniedError):
        services.quote_submit(actor=company.supervisor1.user, quote_id=q.pk)
    with pytest.raises(PermissionDeniedError):
        quote(company.reps1[1], q.opportunity, flat_line(cat, LIST))


def test_br_deal_03_a_supervisors_own_quote_is_reviewed_by_the_manager(company, cat, clock):
    q = quote(company.supervisor1, opportunity(company.supervisor1), flat_line(cat, LIST))
    services.quote_submit(actor=company.supervisor1.user, quote_id=q.pk)
    request = request_of(q, "quote")
    # no supervisor step for a supervisor's quote (the chain asks it only for a rep's)
    assert waiting(request) == [company.manager1.user.username]
    approve(company.manager1, request)
    q.refresh_from_db()
    assert q.status == QuoteStatus.REVIEWED
