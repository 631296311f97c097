"""Reads of the registers (BR-RPT-02…05): each is computed live from the business records
in the viewer's scope, so it is up to date the moment an event happens."""

from l2c.reports.selectors._ledger import (
    CONTRACT_STATUSES,
    CURRENT,
    RESERVATION_STATUSES,
    LedgerFilters,
    discount_percent,
)
from l2c.reports.selectors.activity import ActivityFilters, Line, daily_report, sales_statistics
from l2c.reports.selectors.contracts import (
    contract_queryset,
    contract_rows,
    contract_totals,
    signing_register,
)
from l2c.reports.selectors.reservations import (
    reservation_queryset,
    reservation_register,
    reservation_rows,
    reservation_totals,
)
from l2c.reports.selectors.scope import (
    SCOPES,
    TABS,
    check_scope,
    default_scope,
    project_choices,
    rep_choices,
    require_report_reader,
    scoped,
    scopes_for,
    tabs_for,
    team_choices,
)
from l2c.reports.selectors.status import buildings_of, sales_status, status_project

__all__ = [
    "CONTRACT_STATUSES",
    "CURRENT",
    "RESERVATION_STATUSES",
    "SCOPES",
    "TABS",
    "ActivityFilters",
    "LedgerFilters",
    "Line",
    "buildings_of",
    "check_scope",
    "contract_queryset",
    "contract_rows",
    "contract_totals",
    "daily_report",
    "default_scope",
    "discount_percent",
    "project_choices",
    "rep_choices",
    "require_report_reader",
    "reservation_queryset",
    "reservation_register",
    "reservation_rows",
    "reservation_totals",
    "sales_statistics",
    "sales_status",
    "scoped",
    "scopes_for",
    "signing_register",
    "status_project",
    "tabs_for",
    "team_choices",
]
