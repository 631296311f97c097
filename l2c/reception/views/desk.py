"""The reception desk (接待台): today's order with who is next, out/back, registering a
walk-in or a call, the phone lookup, and the day's rotation history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from l2c.core.errors import BusinessRuleError
from l2c.core.scope import viewer_of
from l2c.customers.selectors import phone_lookup
from l2c.reception import selectors, services
from l2c.reception.forms import OutForm, ReceiveForm, RosterForm
from l2c.reception.models import OutReason
from l2c.reception.permissions import DESK_ROLES, RECEIVING_ROLES, ROSTER_ROLES
from l2c.reception.services.receive import default_roster
from l2c.reception.views._common import error_message, form_errors


def _desk_url(roster_id=None) -> str:
    url = reverse("reception:desk")
    return f"{url}?roster={roster_id}" if roster_id else url


def _pick_roster(request, now):
    rosters = list(selectors.rosters_for_day(viewer=request.user, day=timezone.localdate(now)))
    wanted = request.GET.get("roster") or request.POST.get("roster")
    chosen = next((r for r in rosters if str(r.pk) == str(wanted)), None)
    if chosen is None:
        fallback = default_roster(request.user, now)
        chosen = next((r for r in rosters if fallback and r.pk == fallback.pk), None)
    if chosen is None and rosters:
        chosen = rosters[0]
    return rosters, chosen


def _render_desk(request, form=None, status=200):
    now = timezone.now()
    viewer = viewer_of(request.user)
    rosters, roster = _pick_roster(request, now)
    department_id = roster.department_id if roster else viewer.department_id
    state = selectors.desk_state(roster, now) if roster else None
    context = {
        "now": now,
        "rosters": rosters,
        "roster": roster,
        "state": state,
        "form": form or ReceiveForm(department_id=department_id),
        "out_reasons": OutReason.choices,
        "can_set_roster": bool(viewer.roles & ROSTER_ROLES) or viewer.is_superuser,
        "can_receive": bool(viewer.roles & RECEIVING_ROLES) or viewer.is_superuser,
        "is_desk": bool(viewer.roles & DESK_ROLES) or viewer.is_superuser,
    }
    return render(request, "reception/desk.html", context, status=status)


@login_required
def desk(request):
    return _render_desk(request)


@login_required
def roster_edit(request):
    viewer = viewer_of(request.user)
    now = timezone.now()
    department_id = viewer.department_id
    source = request.POST if request.method == "POST" else request.GET
    team_id = source.get("team") or None
    if request.method == "POST":
        form = RosterForm(request.POST, department_id=department_id)
        if form.is_valid():
            try:
                roster = services.roster_set(
                    actor=request.user,
                    rep_ids=form.rep_ids(),
                    team_id=int(team_id) if team_id and str(team_id).isdigit() else None,
                )
            except BusinessRuleError as exc:
                error_message(request, exc)
            else:
                messages.success(request, _("今天的轮值顺序已保存。"))
                return redirect(_desk_url(roster.pk))
        else:
            form_errors(request, form)
    else:
        initial = {}
        _rosters, roster = _pick_roster(request, now)
        if roster is not None:
            for slot in selectors.slots_of(roster):
                initial[f"position_{slot.position}"] = slot.person.user_id
        form = RosterForm(initial=initial, department_id=department_id)
    teams = selectors.teams_of(viewer.department_id) if viewer.department_id else []
    return render(
        request,
        "reception/roster_form.html",
        {"form": form, "teams": teams, "team_id": team_id, "today": timezone.localdate(now)},
    )


@login_required
@require_POST
def mark_out(request, roster_id: int):
    form = OutForm(request.POST)
    if form.is_valid():
        try:
            services.desk_mark_out(
                actor=request.user,
                roster_id=roster_id,
                rep_id=form.cleaned_data["rep"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except BusinessRuleError as exc:
            error_message(request, exc)
    else:
        form_errors(request, form)
    return redirect(_desk_url(roster_id))


@login_required
@require_POST
def mark_back(request, roster_id: int):
    rep = request.POST.get("rep", "")
    try:
        services.desk_mark_back(
            actor=request.user, roster_id=roster_id, rep_id=int(rep) if rep.isdigit() else None
        )
    except BusinessRuleError as exc:
        error_message(request, exc)
    return redirect(_desk_url(roster_id))


@login_required
@require_POST
def receive(request):
    roster_id = request.POST.get("roster") or None
    department_id = viewer_of(request.user).department_id
    form = ReceiveForm(request.POST, department_id=department_id)
    if not form.is_valid():
        form_errors(request, form)
        return _render_desk(request, form, status=422)
    try:
        received = services.reception_receive(
            actor=request.user,
            kind=form.cleaned_data["kind"],
            data=form.service_data(),
            roster_id=int(roster_id) if roster_id and roster_id.isdigit() else None,
        )
    except BusinessRuleError as exc:
        error_message(request, exc)
        return _render_desk(request, form, status=422)
    entry = received.reception
    text = _("%(name)s 已由 %(rep)s 接待（%(how)s）。") % {
        "name": entry.name,
        "rep": entry.rep.person.name,
        "how": entry.get_assignment_display(),
    }
    if received.decision is not None:
        text += _(" 客户区分：%(rule)s。") % {"rule": received.decision.rule}
    messages.success(request, text)
    return redirect(_desk_url(entry.roster_id))


@login_required
@require_GET
def lookup(request):
    """HTMX partial: who owns this phone number and the card's state (BR-REC-06, BR-CUS-10):
    the owner's name and the state, never the customer's details."""
    raw = request.GET.get("mobile", "").strip()
    result, error = None, ""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if len(digits) >= 11:
        try:
            result = phone_lookup(raw)
        except BusinessRuleError as exc:
            error = str(exc.message)
    return render(
        request, "reception/_lookup.html", {"result": result, "error": error, "typed": raw}
    )
