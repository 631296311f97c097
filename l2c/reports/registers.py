"""The registers the reports module offers, and building one from cleaned parameters — the
one entry point the pages, the API and the Excel export share, so the three show the same
rows for the same filters (BR-RPT-04)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from l2c.contracts.models import ReservationKind
from l2c.core.errors import NotFoundError, PermissionDeniedError
from l2c.reports import selectors
from l2c.reports.tables import Report

LEDGER, STATUS, ACTIVITY = "ledger", "status", "activity"


@dataclass(frozen=True)
class Register:
    slug: str
    url_name: str
    label: str | Promise
    title: str | Promise
    icon: str
    kind: str
    rule: str
    #: the register has deals with attribution shares: the 我参与的 tab applies
    shared: bool = False
    #: finance sees every row (money registers)
    money: bool = True

    @property
    def scoped(self) -> bool:
        return self.kind != STATUS

    @property
    def url(self) -> str:
        return reverse(f"reports:{self.url_name}")

    @property
    def export_url(self) -> str:
        return reverse("reports:export", args=[self.slug])

    def scope_kwargs(self) -> dict[str, bool]:
        return {"shared": self.shared, "money": self.money}


REGISTERS: tuple[Register, ...] = (
    Register(
        "small-deposits",
        "small_deposits",
        _("小定明细"),
        _("小定明细表"),
        "receipt",
        LEDGER,
        "BR-RPT-02",
        shared=True,
    ),
    Register(
        "deposits",
        "deposits",
        _("定金明细"),
        _("定金明细表"),
        "cash-coin",
        LEDGER,
        "BR-RPT-02",
        shared=True,
    ),
    Register(
        "signings",
        "signings",
        _("签约明细"),
        _("签约明细表"),
        "file-earmark-check",
        LEDGER,
        "BR-RPT-02",
        shared=True,
    ),
    Register(
        "sales-status",
        "sales_status",
        _("销售状况一览"),
        _("销售状况一览表"),
        "grid-3x3-gap",
        STATUS,
        "BR-RPT-03",
    ),
    Register(
        "daily", "daily", _("销售日报"), _("销售日报表"), "journal-text", ACTIVITY, "BR-RPT-03"
    ),
    Register(
        "statistics",
        "statistics",
        _("销售统计"),
        _("销售统计表"),
        "bar-chart-line",
        ACTIVITY,
        "BR-RPT-02",
    ),
)
BY_SLUG = {r.slug: r for r in REGISTERS}


def register_of(slug: str) -> Register:
    try:
        return BY_SLUG[slug]
    except KeyError as exc:
        raise NotFoundError("BR-RPT-02", _("没有这张报表。")) from exc


def resolve_scope(user, register: Register, requested: str | None, *, strict: bool) -> str:
    """The tab to show: the one asked for if the viewer has it; otherwise the viewer's
    broadest (pages) or a refusal (the API, ``strict``)."""
    if not register.scoped:
        return ""
    kwargs = register.scope_kwargs()
    if requested:
        if strict:
            return selectors.check_scope(user, requested, **kwargs)
        if requested in selectors.scopes_for(user, **kwargs):
            return requested
    selectors.require_report_reader(user)
    scope = selectors.default_scope(user, **kwargs)
    if not scope:
        raise PermissionDeniedError("BR-RPT-04", _("您的角色无需查看台账报表。"))
    return scope


def build_report(register: Register, *, viewer, params: dict[str, Any]) -> Report:
    """The register for ``params`` (cleaned: ``scope``, ``date_from``, ``date_to``,
    ``project_id``, ``team_id``, ``rep_id``, ``status``, ``day``, ``year``, ``month``,
    ``building``), in the viewer's scope."""
    scope = params.get("scope", "")
    if register.kind == LEDGER:
        filters = selectors.LedgerFilters(
            scope=scope,
            date_from=params.get("date_from"),
            date_to=params.get("date_to"),
            project_id=params.get("project_id"),
            team_id=params.get("team_id"),
            rep_id=params.get("rep_id"),
            status=params.get("status") or None,
        )
        if register.slug == "signings":
            report = selectors.signing_register(viewer=viewer, filters=filters)
        else:
            kind = (
                ReservationKind.SMALL_DEPOSIT
                if register.slug == "small-deposits"
                else ReservationKind.DEPOSIT
            )
            report = selectors.reservation_register(viewer=viewer, kind=kind, filters=filters)
        today = timezone.localdate()
        start, end = filters.date_from or today.replace(day=1), filters.date_to or today
        report.subtitle = f"{start:%Y-%m-%d} ~ {end:%Y-%m-%d}"
        return report
    if register.kind == STATUS:
        return selectors.sales_status(
            viewer=viewer,
            project_id=params.get("project_id"),
            building=params.get("building") or None,
        )
    filters = selectors.ActivityFilters(
        scope=scope, team_id=params.get("team_id"), rep_id=params.get("rep_id")
    )
    if register.slug == "daily":
        return selectors.daily_report(viewer=viewer, day=params.get("day"), filters=filters)
    return selectors.sales_statistics(
        viewer=viewer, year=params.get("year"), month=params.get("month"), filters=filters
    )
