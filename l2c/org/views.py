"""Org pages: people directory, person page, org chart, absences. Thin: selectors + services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from l2c.core.errors import BusinessRuleError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.org import selectors, services
from l2c.org.forms import AbsenceForm
from l2c.org.models import Department

PAGE_SIZE = 50


@login_required
def people(request):
    department = request.GET.get("department") or None
    role = request.GET.get("role") or ""
    search = request.GET.get("q", "").strip()
    qs = selectors.person_list(
        viewer=request.user,
        department=int(department)
        if department and department.isdigit() and len(department) < 18
        else None,
        role=role if role in Role.values else None,
        search=search,
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "org/people.html",
        {
            "page": page,
            "departments": Department.objects.order_by("sort_order", "id"),
            "roles": Role.choices,
            "filters": {"department": department, "role": role, "q": search},
        },
    )


@login_required
def person_detail(request, pk: int):
    person = selectors.person_get(viewer=request.user, person_id=pk)
    viewer = viewer_of(request.user)
    may_see_absences = viewer.user_id == person.user_id or bool(
        viewer.roles
        & {
            Role.GM,
            Role.VP,
            Role.DIRECTOR,
            Role.MANAGER,
            Role.SUPERVISOR,
            Role.ADMIN,
            Role.ASSISTANT,
        }
    )
    return render(
        request,
        "org/person_detail.html",
        {
            "person": person,
            "chain": selectors.person_chain_of_superiors(person),
            "subordinates": selectors.person_queryset().filter(
                superior=person, left_on__isnull=True
            ),
            "absences": selectors.absence_list(viewer=request.user, person=person)[:10]
            if may_see_absences
            else [],
            "show_history": bool(viewer.roles & {Role.ADMIN, Role.GM})
            or viewer.user_id == person.user_id,
        },
    )


@login_required
def org_chart(request):
    roots = selectors.org_tree()
    return render(
        request,
        "org/chart.html",
        {
            "roots": roots,
            "chart_data": [r.as_echarts() for r in roots],
        },
    )


@login_required
def absences(request):
    viewer = viewer_of(request.user)
    me = getattr(request.user, "person", None) if hasattr(request.user, "person") else None
    # Whom the viewer may register an absence for: self and everyone below them.
    candidates = [me] if me else []
    if viewer.roles & {Role.ADMIN, Role.GM}:
        candidates = list(selectors.person_queryset().filter(left_on__isnull=True))
    elif me is not None:
        below = selectors.person_queryset().filter(left_on__isnull=True)
        by_superior: dict[int, list] = {}
        for p in below:
            by_superior.setdefault(p.superior_id, []).append(p)
        stack = [me.pk]
        while stack:
            for p in by_superior.get(stack.pop(), []):
                candidates.append(p)
                stack.append(p.pk)
    form = AbsenceForm(request.POST or None, people=candidates)
    if request.method == "POST" and form.is_valid():
        target = next(p for p in candidates if p.pk == form.cleaned_data["person"])
        try:
            services.absence_create(
                actor=request.user,
                person=target,
                kind=form.cleaned_data["kind"],
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                reason=form.cleaned_data["reason"],
            )
        except BusinessRuleError as exc:
            form.add_error(
                exc.field if exc.field in form.fields else None,
                f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message),
            )
        else:
            messages.success(request, _("已登记。"))
            return redirect("org:absences")
    elif request.method == "GET" and me is not None:
        form.initial["person"] = me.pk
    page = Paginator(selectors.absence_list(viewer=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "org/absences.html", {"form": form, "page": page})


@login_required
@require_POST
def absence_cancel(request, pk: int):
    absence = selectors.absence_list(viewer=request.user).filter(pk=pk).first()
    if absence is None:
        messages.error(request, _("未找到该记录。"))
        return redirect("org:absences")
    try:
        services.absence_cancel(actor=request.user, absence=absence)
    except BusinessRuleError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已取消。"))
    return redirect("org:absences")
