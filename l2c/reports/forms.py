"""The filter bar of the register pages: period, project, team, rep, status — only the
choices inside the viewer's scope are offered (the selectors narrow again anyway)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from l2c.reports import selectors
from l2c.reports.registers import ACTIVITY, LEDGER, STATUS, Register


def _date_input():
    return forms.DateInput(
        format="%Y-%m-%d", attrs={"type": "date", "class": "form-control form-control-sm"}
    )


DATE = _date_input()
SELECT = {"class": "form-select form-select-sm"}


def _choices(empty, items) -> list[tuple[str, str]]:
    return [("", empty), *[(str(c.id), c.label) for c in items]]


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DATE)
    day = forms.DateField(label=_("日期"), required=False, widget=DATE)
    year = forms.IntegerField(
        label=_("年份"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(
            attrs={"class": "form-control form-control-sm", "style": "width:6rem"}
        ),
    )
    month = forms.TypedChoiceField(
        label=_("月份"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("全年"))] + [(str(m), _("%(m)s 月") % {"m": m}) for m in range(1, 13)],
        widget=forms.Select(attrs=SELECT),
    )
    project = forms.TypedChoiceField(
        label=_("项目"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    building = forms.CharField(
        label=_("楼栋"), required=False, max_length=20, widget=forms.Select(attrs=SELECT)
    )
    team = forms.TypedChoiceField(
        label=_("小组"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    rep = forms.TypedChoiceField(
        label=_("经办人"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(label=_("状态"), required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, data, *, user, register: Register, **kwargs) -> None:
        # always bound: the period shown is the period used (this month, today, this year)
        merged = data.copy() if data is not None else QueryDict(mutable=True)
        today = timezone.localdate()
        defaults = {
            "date_from": today.replace(day=1).isoformat(),
            "date_to": today.isoformat(),
            "day": today.isoformat(),
            "year": str(today.year),
        }
        for key, value in defaults.items():
            if not merged.get(key):
                merged[key] = value
        super().__init__(merged, **kwargs)
        self.register = register
        keep: set[str]
        if register.kind == LEDGER:
            keep = {"date_from", "date_to", "project", "team", "rep", "status"}
        elif register.kind == STATUS:
            keep = {"project", "building"}
        elif register.slug == "daily":
            keep = {"day", "team", "rep"}
        else:
            keep = {"year", "month", "team", "rep"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "project" in self.fields:
            empty = _("全部项目") if register.kind == LEDGER else _("选择项目")
            self.fields["project"].choices = _choices(empty, selectors.project_choices(user))
        if "team" in self.fields:
            teams = selectors.team_choices(user)
            self.fields["team"].choices = _choices(_("全部小组"), teams)
            if len(teams) < 2:
                del self.fields["team"]
        if "rep" in self.fields:
            reps = selectors.rep_choices(user)
            self.fields["rep"].choices = _choices(_("全部经办人"), reps)
            if len(reps) < 2:
                del self.fields["rep"]
        if "status" in self.fields:
            statuses = (
                selectors.CONTRACT_STATUSES
                if register.slug == "signings"
                else selectors.RESERVATION_STATUSES
            )
            self.fields["status"].choices = [("", _("全部状态"))] + [
                (k, v) for k, v in statuses if k != selectors.CURRENT
            ]

    def show_project(self, project_id: int | None) -> None:
        """Show the project the register is drawn for (the first one when none was asked)."""
        if project_id and "project" in self.fields:
            self.data["project"] = str(project_id)

    def set_buildings(self, buildings: list[str]) -> None:
        if "building" in self.fields:
            self.fields["building"].widget.choices = [("", _("全部楼栋"))] + [
                (b, _("%(b)s 栋") % {"b": b}) for b in buildings
            ]

    def params(self) -> dict[str, Any]:
        """The cleaned filters as the selectors take them (invalid values dropped)."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        out: dict[str, Any] = {
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "day": data.get("day"),
            "year": data.get("year"),
            "month": data.get("month"),
            "project_id": data.get("project"),
            "building": data.get("building") or "",
            "team_id": data.get("team"),
            "rep_id": data.get("rep"),
            "status": data.get("status") or "",
        }
        if self.register.kind == LEDGER:
            today = timezone.localdate()
            out["date_from"] = out["date_from"] or today.replace(day=1)
            out["date_to"] = out["date_to"] or today
            if out["date_to"] < out["date_from"]:
                out["date_from"], out["date_to"] = out["date_to"], out["date_from"]
        if self.register.kind == ACTIVITY and self.register.slug == "daily":
            out["day"] = out["day"] or timezone.localdate()
        return out
