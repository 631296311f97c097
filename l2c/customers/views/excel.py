"""Excel pages (BR-RPT-04, 06): the import template, the upload with its report, and the
export of the list the viewer is looking at (masked, audited)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError, NotFoundError
from l2c.core.scope import visible_to
from l2c.customers.excel import XLSX, template_workbook
from l2c.customers.exports import customers_export
from l2c.customers.forms import CustomerFilterForm, ImportForm, show_error
from l2c.customers.import_models import ImportJob, RowOutcome
from l2c.customers.imports import customers_import
from l2c.customers.views._common import owner_choices, refuse, scopes_for

REPORT_PAGE = 100


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def import_template(request):
    return xlsx_response(template_workbook(), "客户导入模板.xlsx")


@login_required
def customer_export(request):
    scopes = scopes_for(request.user)
    scope = request.GET.get("scope") or (scopes[0] if scopes else "mine")
    if scope not in scopes:
        scope = scopes[0] if scopes else "mine"
    owners = (
        owner_choices(request.user, scope=scope) if scope in ("team", "department", "all") else []
    )
    form = CustomerFilterForm(request.GET or None, owners=owners)
    filters = form.filters() if request.GET else {}
    try:
        content, _count = customers_export(actor=request.user, scope=scope, filters=filters)
    except BusinessRuleError as exc:
        refuse(request, exc)
        target = "customers:pool" if scope == "pool" else "customers:list"
        return redirect(f"{reverse(target)}?{request.GET.urlencode()}")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(content, f"客户列表-{stamp}.xlsx")


def import_job_get(user, job_id) -> ImportJob:
    """An import job the viewer started (or may see by scope)."""
    try:
        return visible_to(user, ImportJob.objects.select_related("created_by__person")).get(
            pk=int(job_id)
        )
    except (ImportJob.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-RPT-06", _("未找到该导入记录。")) from exc


@login_required
def customer_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = customers_import(
                actor=request.user,
                file=upload,
                file_name=upload.name,
                update_existing=form.cleaned_data["update_existing"],
            )
        except BusinessRuleError as exc:
            show_error(form, exc)
        else:
            return redirect("customers:import_job", pk=job.pk)
    recent = visible_to(request.user, ImportJob.objects.all()).filter(created_by=request.user)[:10]
    return render(request, "customers/import.html", {"form": form, "recent": recent})


@login_required
def customer_import_job(request, pk: int):
    job = import_job_get(request.user, pk)
    outcome = request.GET.get("outcome", "")
    rows = job.rows.select_related("customer").order_by("row_no", "id")
    if outcome in RowOutcome.values:
        rows = rows.filter(outcome=outcome)
    page = Paginator(rows, REPORT_PAGE).get_page(request.GET.get("page"))
    ctx = {"job": job, "page": page, "outcome": outcome, "outcomes": RowOutcome.choices}
    if request.htmx:
        return render(request, "customers/import_job.html#progress", ctx)
    return render(request, "customers/import_job.html", ctx)
