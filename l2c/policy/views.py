"""Policy pages: every setting with its value in force, and one setting's history + change."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError
from l2c.core.scope import viewer_of
from l2c.policy import selectors, services
from l2c.policy.display import NOT_SET
from l2c.policy.forms import PolicyChangeForm
from l2c.policy.kinds import coerce, display
from l2c.policy.models import PolicyKind

STRUCTURED = {PolicyKind.SPLIT, PolicyKind.CHAIN, PolicyKind.JSON}


def _shown(setting, value) -> str:
    """The readable value of one version (a structured one as lines, see kinds.display)."""
    return display(setting.kind, coerce(setting.kind, value), key=setting.key)


def _is_block(kind: str, shown: str) -> bool:
    """A value of several lines (or any approval chain) is drawn as a compact block."""
    return "\n" in shown or kind == PolicyKind.CHAIN


def _rows(settings):
    rows = []
    for s in settings:
        version = selectors.current_version(s)
        shown = _shown(s, version.value) if version else "—"
        rows.append(
            {
                "setting": s,
                "version": version,
                "display": shown,
                "lines": shown.split("\n"),
                "block": _is_block(s.kind, shown),
                "empty": shown == str(NOT_SET),
            }
        )
    return rows


@login_required
def settings_list(request):
    rows = _rows(selectors.policy_setting_list(viewer=request.user))
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row["setting"].group, []).append(row)
    return render(request, "policy/settings.html", {"groups": groups})


def _form_value(setting, raw_value):
    if setting.kind in STRUCTURED:

        def _reject(constant):
            raise ValueError(constant)

        try:
            if len(raw_value) > 20_000:
                raise ValueError("too long")
            return json.loads(raw_value, parse_constant=_reject)
        except (ValueError, RecursionError) as exc:
            raise BusinessRuleError("BR-POL-01", _("请输入合法的 JSON。"), field="value") from exc
    if setting.kind == PolicyKind.LIST:
        return raw_value
    return raw_value.strip()


@login_required
def setting_detail(request, key: str):
    setting = selectors.policy_setting_get(viewer=request.user, key=key)
    current = selectors.current_version(setting)
    may_edit = bool(viewer_of(request.user).roles & selectors.POLICY_EDITORS)
    if current is not None:
        shown = _shown(setting, current.value)
        initial_value = (
            json.dumps(current.value, ensure_ascii=False, indent=2)
            if setting.kind in STRUCTURED
            else ",".join(current.value)
            if setting.kind == PolicyKind.LIST
            else str(current.value).lower()
            if setting.kind == PolicyKind.BOOLEAN
            else current.value
        )
    else:
        shown, initial_value = "—", ""
    form = PolicyChangeForm(
        request.POST or None, initial={"value": initial_value, "version": setting.version}
    )
    if setting.kind in STRUCTURED:
        form.fields["value"].widget.attrs.update(
            {
                "rows": 18 if setting.kind == PolicyKind.CHAIN else 6,
                "class": "form-control font-monospace small",
            }
        )
    if request.method == "POST" and may_edit and form.is_valid():
        try:
            services.policy_change(
                actor=request.user,
                key=setting.key,
                value=_form_value(setting, form.cleaned_data["value"]),
                reason=form.cleaned_data["reason"],
                effective_from=form.cleaned_data["effective_from"],
                expected_version=form.cleaned_data["version"],
            )
        except BusinessRuleError as exc:
            target = exc.field if exc.field in form.fields and exc.field != "version" else None
            form.add_error(target, f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message))
        else:
            messages.success(request, _("已保存，新版本已记录。"))
            return redirect("policy:setting", key=setting.key)
    history = [
        {"v": v, "lines": _shown(setting, v.value).split("\n")} for v in setting.versions.all()
    ]
    return render(
        request,
        "policy/setting_detail.html",
        {
            "setting": setting,
            "current": current,
            "shown": shown,
            "lines": shown.split("\n"),
            "as_block": _is_block(setting.kind, shown) or setting.kind in STRUCTURED,
            "structured": setting.kind in STRUCTURED,
            "form": form,
            "may_edit": may_edit,
            "history": history,
        },
    )


@login_required
def calendar_page(request):
    """The working calendar of one year: days off and make-up workdays; entry by admin/GM."""
    from django.utils import timezone

    from l2c.policy.calendar import working_calendar
    from l2c.policy.models import CalendarDay, CalendarDayKind, CalendarYear

    selectors.policy_setting_list(viewer=request.user)  # readers only
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    may_edit = bool(viewer_of(request.user).roles & selectors.POLICY_EDITORS)
    error = None
    if request.method == "POST" and may_edit:
        try:
            if request.POST.get("action") == "confirm":
                services.calendar_year_confirm(actor=request.user, year=year)
                messages.success(request, _("%(y)s 年工作日历已确认。") % {"y": year})
            else:
                import datetime as dt

                try:
                    day = dt.date.fromisoformat(request.POST.get("date", ""))
                except ValueError as exc:
                    raise BusinessRuleError("BR-POL-03", _("请输入正确的日期。")) from exc
                services.calendar_day_set(
                    actor=request.user,
                    date=day,
                    kind=request.POST.get("kind", ""),
                    name=request.POST.get("name", ""),
                )
                messages.success(request, _("已保存。"))
            return redirect(f"{request.path}?year={year}")
        except BusinessRuleError as exc:
            error = exc
    cal = working_calendar([year])
    return render(
        request,
        "policy/calendar.html",
        {
            "year": year,
            "days": CalendarDay.objects.filter(date__year=year).order_by("date"),
            "known": cal.has_data_for(year),
            "entry": CalendarYear.objects.filter(year=year).first(),
            "kinds": CalendarDayKind.choices,
            "may_edit": may_edit,
            "error": error,
            "years": [year - 1, year, year + 1],
        },
    )
