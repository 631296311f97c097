"""The rules of deals as pure functions of data and policy values (easy to test).

Price floor (BR-CAT-02, BR-APR-02)
    A line's list price is the market price of its unit (or product). The quoting person's
    floor for the line is ``list price × (1 − authority %)`` — the authority of policy
    ``approvals.discount_authority`` (rep 0 %, supervisor 2 %, manager 5 %; VP/director at
    least the manager's; the GM unlimited) — but never below the **lowest dealer price**
    (最低经销价): the company sells direct and must not undercut its own dealers' lowest
    resale price without the discount chain. A price below the floor is possible only with
    an approved discount request (the discount chain). The **lowest factory price**
    (最低出厂价) is the bottom no quote may go below at all, approved or not.

Tender clock (BR-DEAL-04, 06)
    Bid documents are due ``deals.bid_documents_days_before`` (2) days and the price
    ``deals.bid_price_days_before`` (1) day before the opening, to the minute. Publicity
    lasts ``deals.publicity_min_days``…``max_days`` (5–7) days; the contract is due within
    ``deals.award_contract_days`` (30) days of the award notice, else the award lapses —
    derived from the dates, whether or not the tick ran.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils import timezone

from l2c import policy
from l2c.core.money import to_yuan
from l2c.core.roles import Role

HUNDRED = Decimal(100)
#: the order in which a person's discount authority is looked up
AUTHORITY_ORDER = (Role.GM, Role.VP, Role.DIRECTOR, Role.MANAGER, Role.SUPERVISOR, Role.REP)


@dataclass(frozen=True)
class Authority:
    role: str
    own: Decimal  # the requester's own authority in %
    supervisor: Decimal
    manager: Decimal


def discount_authority(role_codes, at: dt.datetime | None = None) -> Authority:
    """The discount authority (%) of someone holding ``role_codes`` (BR-APR-02)."""
    table = policy.value("approvals.discount_authority", at=at)
    roles = set(role_codes)
    role = next((r for r in AUTHORITY_ORDER if r in roles), Role.REP)

    def level(code: str) -> Decimal:
        return Decimal(str(table.get(code, "0")))

    if role == Role.GM:
        own = HUNDRED
    elif role in (Role.VP, Role.DIRECTOR):
        # not in the authority table: at least the manager's (they sit above the managers)
        own = max(level(role), level(Role.MANAGER))
    else:
        own = level(role)
    return Authority(str(role), own, level(Role.SUPERVISOR), level(Role.MANAGER))


def percent_off(list_price: Decimal, price: Decimal) -> Decimal:
    """How far ``price`` is below ``list_price``, in % (exact)."""
    if not list_price:
        return Decimal(0)
    return (list_price - price) * HUNDRED / list_price


def line_floor(list_price: Decimal, authority: Decimal, dealer_floor: Decimal) -> Decimal:
    """The lowest unit price the quoting person may offer on their own (BR-CAT-02)."""
    own = to_yuan(list_price * (HUNDRED - min(authority, HUNDRED)) / HUNDRED)
    return max(own, dealer_floor)


def ceil2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def floor2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_FLOOR)


def quote_discount_facts(lines, authority: Authority) -> dict:
    """What the discount chain reads for a quote (BR-APR-02): the deepest line discount,
    and each authority capped by the dealer floor (nobody's own authority reaches below the
    lowest dealer price, so a line below it goes through the whole chain). Rounded so that
    a line below its floor always compares as *above* the authority."""
    deepest = max((percent_off(ln.list_price, ln.unit_price) for ln in lines), default=Decimal(0))
    caps = [percent_off(ln.list_price, ln.dealer_floor_price) for ln in lines if ln.list_price]
    cap = min(caps, default=HUNDRED)
    amount = sum((ln.list_price * ln.quantity for ln in lines), Decimal(0))
    return {
        "discount_percent": ceil2(max(deepest, Decimal(0))),
        "amount": to_yuan(amount),
        "requester_role": authority.role,
        "requester_authority": floor2(min(authority.own, cap)),
        "supervisor_authority": floor2(min(authority.supervisor, cap)),
        "manager_authority": floor2(min(authority.manager, cap)),
    }


# --- tenders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TenderClock:
    """Where a tender stands in time (BR-DEAL-04, 06), derived from its dates and ``now``."""

    status: str  # the effective status: an award past its contract deadline is "lapsed"
    documents_due: dt.datetime
    price_due: dt.datetime
    documents_late: bool  # ready after the deadline, or still not ready past it
    price_late: bool
    documents_overdue: bool  # not ready and the deadline has passed
    price_overdue: bool
    publicity_days: int | None
    contract_due: dt.date | None
    days_since_notice: int | None
    contract_days_left: int | None
    lapsed: bool

    @property
    def violations(self) -> list[str]:
        return [k for k in ("documents_late", "price_late") if getattr(self, k)]


@dataclass(frozen=True)
class TenderTerms:
    """The policy values of the tender clock, read once (a list reads them once per page)."""

    documents_days: int
    price_days: int
    award_contract_days: int


def tender_terms(at: dt.datetime | None = None) -> TenderTerms:
    return TenderTerms(
        documents_days=policy.value("deals.bid_documents_days_before", at=at),
        price_days=policy.value("deals.bid_price_days_before", at=at),
        award_contract_days=policy.value("deals.award_contract_days", at=at),
    )


def readiness_due(opening_at: dt.datetime, terms: TenderTerms | None = None):
    """(documents due, price due) for an opening moment."""
    terms = terms or tender_terms()
    return (
        opening_at - dt.timedelta(days=terms.documents_days),
        opening_at - dt.timedelta(days=terms.price_days),
    )


def contract_due_on(notice: dt.date, terms: TenderTerms | None = None) -> dt.date:
    terms = terms or tender_terms()
    return notice + dt.timedelta(days=terms.award_contract_days)


#: statuses in which the bid was still being prepared (a missing readiness counts as late)
PREPARING = {"reported", "deciding", "preparing"}


def tender_state(
    t, now: dt.datetime | None = None, terms: TenderTerms | None = None
) -> TenderClock:
    """The tender's clock at ``now``: deadlines, violations and the award lapse. Pass
    ``terms`` (``tender_terms()``) when computing it for many tenders."""
    now = now or timezone.now()
    terms = terms or tender_terms()
    docs_due, price_due = readiness_due(t.opening_at, terms)
    status = t.status
    declined = status == "declined"

    docs_overdue = t.documents_ready_at is None and now > docs_due and status in PREPARING
    price_overdue = t.price_ready_at is None and now > price_due and status in PREPARING
    docs_late = (t.documents_ready_at is not None and t.documents_ready_at > docs_due) or (
        docs_overdue and not declined
    )
    price_late = (t.price_ready_at is not None and t.price_ready_at > price_due) or (
        price_overdue and not declined
    )
    publicity_days = None
    if t.publicity_start and t.publicity_end:
        publicity_days = (t.publicity_end - t.publicity_start).days
    contract_due = days_since = days_left = None
    lapsed = status == "lapsed"
    if t.award_notice_at:
        contract_due = contract_due_on(t.award_notice_at, terms)
        today = timezone.localdate(now)
        days_since = (today - t.award_notice_at).days
        if status == "awarded":
            days_left = (contract_due - today).days
            if today > contract_due:
                lapsed = True
                status = "lapsed"
    return TenderClock(
        status=status,
        documents_due=docs_due,
        price_due=price_due,
        documents_late=docs_late,
        price_late=price_late,
        documents_overdue=docs_overdue,
        price_overdue=price_overdue,
        publicity_days=publicity_days,
        contract_due=contract_due,
        days_since_notice=days_since,
        contract_days_left=days_left,
        lapsed=lapsed,
    )
