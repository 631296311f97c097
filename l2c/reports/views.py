"""The register pages under /reports/ (BR-RPT-02…05): a tab per register, the scope tabs of
the viewer's role, the filter bar, summary cards, the tables with their totals rows, and
导出 Excel with the same scope and filters. Thin: the selectors compute, the export service
writes and audits."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property

from l2c.core.errors import BusinessRuleError
from l2c.reports import selectors
from l2c.reports.exports import XLSX, export_filename, report_export
from l2c.reports.forms import ReportFilterForm
from l2c.reports.registers import (
    REGISTERS,
    STATUS,
    Register,
    build_report,
    register_of,
    resolve_scope,
)

PAGE_SIZE = 100


class KnownCountPaginator(Paginator):
    """The ledger's total is already in its totals row: no second COUNT(*)."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


def _scope(request, register: Register) -> str:
    return resolve_scope(request.user, register, request.GET.get("scope"), strict=False)


@login_required
def index(request):
    return redirect("reports:small_deposits")


@login_required
def register_page(request, slug: str):
    register = register_of(slug)
    if not _reads_reports(request.user):
        return render(
            request,
            "reports/register.html",
            {"register": register, "registers": REGISTERS, "no_access": True},
        )
    scope = _scope(request, register)
    form = ReportFilterForm(request.GET or None, user=request.user, register=register)
    params = {**form.params(), "scope": scope}
    if register.kind == STATUS:
        project = selectors.status_project(viewer=request.user, project_id=params["project_id"])
        form.set_buildings(selectors.buildings_of(project))
        if project is not None:
            params["project_id"] = project.pk
            form.show_project(project.pk)
    try:
        report = build_report(register, viewer=request.user, params=params)
    except BusinessRuleError as exc:
        messages.error(request, f"{exc.message}（{exc.rule}）")
        return redirect(reverse(f"reports:{register.url_name}"))
    page = None
    if report.queryset is not None and report.make_rows is not None:
        table = report.tables[0]
        page = KnownCountPaginator(
            report.queryset, PAGE_SIZE, count=table.paged_count or 0
        ).get_page(request.GET.get("page"))
        table.rows = report.make_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    query["scope"] = scope
    if register.kind == STATUS:
        query.pop("scope", None)
    return render(
        request,
        "reports/register.html",
        {
            "register": register,
            "registers": REGISTERS,
            "report": report,
            "form": form,
            "scope": scope,
            "tabs": selectors.tabs_for(request.user, **register.scope_kwargs())
            if register.scoped
            else [],
            "page": page,
            "query": query.urlencode(),
        },
    )


def _reads_reports(user) -> bool:
    try:
        selectors.require_report_reader(user)
    except BusinessRuleError:
        return False
    return True


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def register_export(request, slug: str):
    register = register_of(slug)
    scope = _scope(request, register)
    form = ReportFilterForm(request.GET or None, user=request.user, register=register)
    params = {**form.params(), "scope": scope}
    try:
        content, _rows = report_export(actor=request.user, register=register, params=params)
    except BusinessRuleError as exc:
        messages.error(request, f"{exc.message}（{exc.rule}）")
        return redirect(f"{reverse(f'reports:{register.url_name}')}?{request.GET.urlencode()}")
    return xlsx_response(content, export_filename(register))
