"""Reads of contracts, scoped, with a fixed number of queries.

Reservations follow the sales scope (BR-ORG-02). Contracts are confidential (BR-CON-06):
company leaders, the department's manager, the team's supervisor and the handling rep see
them; anyone else only with an approved, unexpired access request — and every view or
print through :func:`contract_get` is written to the contract's access log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.approvals.models import RequestState
from l2c.catalog import selectors as catalog
from l2c.catalog.models import Unit
from l2c.contracts import policies
from l2c.contracts.models import (
    AccessKind,
    ChangeKind,
    Contract,
    ContractAccessLog,
    ContractAccessRequest,
    ContractChange,
    Reservation,
    ReservationStatus,
)
from l2c.core.errors import NotFoundError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of, visible_to

CURRENT = [ReservationStatus.SIGNED, ReservationStatus.PAID, ReservationStatus.CONTRACTED]


# --- reservations -----------------------------------------------------------------------


def _reservations() -> QuerySet[Reservation]:
    return Reservation.objects.select_related(
        "customer", "unit__project", "owner__person", "department", "team"
    )


def reservation_list(
    *,
    viewer,
    status: str | None = None,
    kind: str | None = None,
    q: str = "",
    include_history: bool = False,
) -> QuerySet[Reservation]:
    """Reservations in the viewer's scope; superseded versions only with ``include_history``."""
    qs = visible_to(viewer, _reservations())
    if status:
        qs = qs.filter(status=status)
    elif not include_history:
        qs = qs.exclude(status=ReservationStatus.SUPERSEDED)
    if kind:
        qs = qs.filter(kind=kind)
    q = (q or "").strip()[:40]
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(customer__name__startswith=q) | Q(unit__code=q))
    return qs.order_by("-signed_at", "-id")


def reservation_get(*, viewer, reservation_id) -> Reservation:
    try:
        return visible_to(viewer, _reservations()).get(pk=int(reservation_id))
    except (Reservation.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ORG-02", _("未找到该认购书。")) from exc


def reservation_versions(reservation: Reservation) -> QuerySet[Reservation]:
    """Every version of the reservation's number, newest first (BR-CON-02)."""
    return Reservation.objects.filter(number=reservation.number).order_by("-version_no")


def units_for_reservation(*, viewer, now: dt.datetime | None = None) -> QuerySet[Unit]:
    """The units this rep may reserve now (``catalog.selectors.units_open_to``)."""
    return catalog.units_open_to(viewer=viewer, now=now)


# --- contracts (BR-CON-06) --------------------------------------------------------------


def _granted(viewer_user_id: int, now: dt.datetime) -> Exists:
    return Exists(
        ContractAccessRequest.objects.filter(
            contract=OuterRef("pk"),
            owner_id=viewer_user_id,
            status=RequestState.APPROVED,
            valid_until__gt=now,
        )
    )


def contract_q(viewer, now: dt.datetime) -> Q | None:
    """The contracts ``viewer`` may see (``None``: all) — the circle of BR-CON-06 plus the
    approved access requests, as one WHERE."""
    v = viewer_of(viewer)
    if v.roles & {Role.GM, Role.VP, Role.DIRECTOR}:
        return None
    q = Q(pk__in=[])
    if Role.MANAGER in v.roles and v.department_id is not None:
        q |= Q(department_id=v.department_id)
    if Role.SUPERVISOR in v.roles and v.team_ids:
        q |= Q(team_id__in=sorted(v.team_ids))
    if v.user_id is not None:
        q |= Q(owner_id=v.user_id) | Q(_granted(v.user_id, now))
    return q


def _contracts() -> QuerySet[Contract]:
    return Contract.objects.select_related(
        "customer",
        "unit__project",
        "owner__person",
        "department",
        "team",
        "reservation",
        "review__reviewer__person",
    )


def contract_list(
    *,
    viewer,
    status: str | None = None,
    classification: str | None = None,
    q: str = "",
    now: dt.datetime | None = None,
) -> QuerySet[Contract]:
    now = now or timezone.now()
    qs = _contracts()
    where = contract_q(viewer, now)
    if where is not None:
        qs = qs.filter(where)
    if status:
        qs = qs.filter(status=status)
    if classification:
        qs = qs.filter(classification=classification)
    q = (q or "").strip()[:40]
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(buyer_name__startswith=q) | Q(unit__code=q))
    return qs.order_by("-created_at", "-id")


def contract_get(*, viewer, id, log: str | None = AccessKind.VIEW, via_page: str = "") -> Contract:
    """One contract for ``viewer`` (BR-CON-06): NotFound outside the circle unless an
    approved access request is in force. Every read is logged (``log``: ``view`` or
    ``print``); ``log=None`` only for an access check that shows nothing of the contract
    (before a write, or the access-log panel)."""
    from l2c.contracts.services.access import basis, contract_access_record

    try:
        contract = _contracts().get(pk=int(id))
    except (Contract.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-CON-06", _("未找到该合同。")) from exc
    via = basis(viewer, contract)
    if not via:
        raise NotFoundError("BR-CON-06", _("未找到该合同。"))
    contract.access_via = via
    if log is not None:
        contract_access_record(actor=viewer, contract=contract, kind=log, via=via, note=via_page)
    return contract


def access_log(contract: Contract, limit: int = 50) -> list[ContractAccessLog]:
    return list(
        ContractAccessLog.objects.filter(contract=contract)
        .select_related("user__person")
        .order_by("-at", "-id")[:limit]
    )


def access_requests(*, viewer) -> QuerySet[ContractAccessRequest]:
    """The viewer's own access requests, and those in their scope (a supervisor sees the
    team's)."""
    qs = ContractAccessRequest.objects.select_related("contract", "owner__person")
    return visible_to(viewer, qs).order_by("-created_at", "-id")


# --- archiving (BR-CON-05) --------------------------------------------------------------


@dataclass
class ArchiveRow:
    contract: Contract
    deadline: dt.datetime
    overdue: bool
    #: the open borrowing of the original, when a page needs it
    borrowed: ContractAccessLog | None = None


def unarchived_q() -> Q:
    return Q(signed_at__isnull=False, archived_at__isnull=True)


def contracts_to_archive(
    *, viewer, now: dt.datetime | None = None, overdue_only: bool = False
) -> list[ArchiveRow]:
    """Signed originals not yet archived in the viewer's sales scope (the assistant sees
    the department's; only number, date and rep are shown), with their deadline: the
    ``contracts.archive_by_day`` of the month after signing."""
    now = now or timezone.now()
    by_day = int(policy.value("contracts.archive_by_day", at=now))
    tz = timezone.get_current_timezone()
    qs = visible_to(
        viewer,
        Contract.objects.filter(unarchived_q()).select_related("owner__person", "department"),
    )
    if overdue_only:
        qs = qs.filter(signed_at__lt=policies.archive_month_start(now, by_day, tz))
    rows = []
    for contract in qs.order_by("signed_at", "id")[:500]:
        deadline = policies.archive_deadline(contract.signed_at, by_day, tz)
        rows.append(ArchiveRow(contract, deadline, now > deadline))
    return rows


def overdue_archive_qs(now: dt.datetime) -> QuerySet[Contract]:
    """Every unarchived original past its deadline (the tick's query)."""
    by_day = int(policy.value("contracts.archive_by_day", at=now))
    start = policies.archive_month_start(now, by_day, timezone.get_current_timezone())
    return Contract.objects.filter(unarchived_q(), signed_at__lt=start)


# --- changes (BR-CON-07) ----------------------------------------------------------------


def _changes() -> QuerySet[ContractChange]:
    return ContractChange.objects.select_related(
        "contract", "reservation", "new_unit", "old_unit", "owner__person"
    )


def change_list(*, viewer, status: str | None = None) -> QuerySet[ContractChange]:
    qs = visible_to(viewer, _changes())
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def change_get(*, viewer, change_id) -> ContractChange:
    try:
        return visible_to(viewer, _changes()).get(pk=int(change_id))
    except (ContractChange.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-CON-07", _("未找到该变更申请。")) from exc


def _fees_due() -> QuerySet[ContractChange]:
    """Applied name changes whose transfer fee finance has not received (BR-CON-07)."""
    return ContractChange.objects.filter(
        kind=ChangeKind.NAME_CHANGE,
        status=RequestState.APPROVED,
        applied_at__isnull=False,
        fee__gt=0,
        fee_paid_at__isnull=True,
        contract__isnull=False,
    )


def name_change_fee_due(contract_id: int) -> ContractChange | None:
    """The oldest name change of the contract whose fee is still to be received, for
    finance's 收款登记 (BR-CON-07, BR-FIN-01)."""
    return _fees_due().filter(contract_id=contract_id).order_by("applied_at", "id").first()


def name_change_fees_due(*, limit: int = 20) -> list[ContractChange]:
    """Every transfer fee still to be received (finance's to-do), oldest first."""
    return list(
        _fees_due()
        .select_related("contract__customer", "owner__person")
        .order_by("applied_at", "id")[:limit]
    )
