"""Forms of the desk. They only shape input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from l2c.core.roles import Role
from l2c.org.models import Person
from l2c.reception.models import OutReason, ReceptionKind, Resolution, Source

#: the questions of 客户区分准则, as the situations the desk ticks (BR-ATT-*)
SITUATIONS = (
    ("earlier", _("找原接待人（在场交回；不在由他人协助）")),
    ("refuses", _("不愿找原接待人，要求另一位接待")),
    ("complaint", _("投诉原接待人，要求另一位接待")),
    ("several", _("说出多名置业顾问，未指定")),
    ("forgot", _("来过，但忘记谁接待")),
    ("nth_visit", _("第 N 次来访，指定某位接待")),
    ("discount", _("为争取折扣找其他置业顾问")),
    ("event", _("房展会/开盘等活动")),
)


BLANK = _("—— 请选择 ——")


def people_choices(department_id, *, blank=BLANK):
    people = (
        Person.objects.filter(
            department_id=department_id,
            left_on__isnull=True,
            user__is_active=True,
            roles__role__in=[Role.REP, Role.SUPERVISOR],
        )
        .distinct()
        .order_by("team_id", "employee_no")
        .values_list("user_id", "name")
    )
    return [("", blank), *people]


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class _PeopleForm(forms.Form):
    def __init__(self, *args, department_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = people_choices(department_id)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField) and getattr(field, "people", False):
                field.choices = choices
        style(self)


def style(form) -> None:
    """Bootstrap classes on the widgets."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _person_field(label, **kw):
    field = forms.TypedChoiceField(label=label, required=False, coerce=int, empty_value=None, **kw)
    field.people = True
    return field


class RosterForm(_PeopleForm):
    """The day's order: one select per place."""

    SIZE = 8

    def __init__(self, *args, department_id=None, **kwargs):
        super().__init__(*args, department_id=department_id, **kwargs)
        choices = people_choices(department_id, blank=_("（空）"))
        for i in range(1, self.SIZE + 1):
            self.fields[f"position_{i}"] = _person_field(_("第 %(n)s 位") % {"n": i})
            self.fields[f"position_{i}"].choices = choices
        style(self)

    def rep_ids(self) -> list[int]:
        return [
            self.cleaned_data[f"position_{i}"]
            for i in range(1, self.SIZE + 1)
            if self.cleaned_data.get(f"position_{i}")
        ]


class OutForm(_Styled):
    rep = forms.IntegerField()
    reason = forms.ChoiceField(choices=OutReason.choices, initial=OutReason.WITH_CUSTOMER)
    note = forms.CharField(max_length=100, required=False)


class ReceiveForm(_PeopleForm):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=ReceptionKind.choices,
        initial=ReceptionKind.WALK_IN,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("客户称呼"), max_length=60)
    mobile = forms.CharField(label=_("手机号"), max_length=30, required=False)
    source = forms.ChoiceField(label=_("渠道"), choices=Source.choices, initial=Source.PASSING)
    inquiry = forms.CharField(
        label=_("咨询内容"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    visit = forms.ChoiceField(
        label=_("是否来过"),
        choices=(("first", _("首次来访/来电")), ("returning", _("曾来过（老客户）"))),
        initial="first",
        widget=forms.RadioSelect,
    )
    requested_rep = _person_field(_("客户指定的置业顾问"))
    rep = _person_field(_("接听人（来电）"))
    situation = forms.ChoiceField(
        label=_("老客户情形"), choices=SITUATIONS, required=False, initial="earlier"
    )
    earlier_rep = _person_field(_("原接待人"))
    earlier_present = forms.ChoiceField(
        label=_("原接待人是否在场"),
        choices=(("", _("按接待台状态")), ("yes", _("在场")), ("no", _("不在"))),
        required=False,
    )
    wanted_rep = _person_field(_("客户现在要找的置业顾问"))
    helper_rep = _person_field(_("协助接待人（默认轮值下一位）"))
    named_1 = _person_field(_("说出的第 1 位"))
    named_2 = _person_field(_("说出的第 2 位"))
    named_3 = _person_field(_("说出的第 3 位"))

    def service_data(self) -> dict:
        d = self.cleaned_data
        data = {k: d.get(k) for k in ("name", "mobile", "source", "inquiry")}
        if d["visit"] == "first":
            data["is_first_visit"] = True
            data["requested_rep"] = d.get("requested_rep")
            data["rep"] = d.get("rep")
            return data
        data["is_first_visit"] = False
        situation = d.get("situation") or "earlier"
        answers = {
            "earlier_rep": d.get("earlier_rep"),
            "wanted_rep": d.get("wanted_rep"),
            "helper_rep": d.get("helper_rep"),
            "forgot": situation == "forgot",
            "refuses_earlier": situation == "refuses",
            "complaint": situation == "complaint",
            "nth_visit_named": situation == "nth_visit",
            "seeks_discount": situation == "discount",
            "event": situation == "event",
            "named_reps": [d[f"named_{i}"] for i in (1, 2, 3) if d.get(f"named_{i}")]
            if situation == "several"
            else [],
        }
        data["answers"] = answers
        data["rep"] = d.get("rep")
        if d.get("earlier_present"):
            data["earlier_present"] = d["earlier_present"] == "yes"
        return data


class AttributionForm(ReceiveForm):
    """The 客户区分 questions alone, for an entry recorded before the customer was known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (
            "kind",
            "name",
            "mobile",
            "source",
            "inquiry",
            "visit",
            "requested_rep",
            "rep",
        ):
            del self.fields[name]

    def service_data(self) -> dict:
        self.cleaned_data.update(visit="returning", name="", mobile="", source="", inquiry="")
        return super().service_data()


class RegisterForm(_Styled):
    name = forms.CharField(label=_("客户姓名"), max_length=60, required=False)
    mobile = forms.CharField(label=_("手机号"), max_length=30, required=False)
    company = forms.CharField(label=_("单位"), max_length=100, required=False)
    klass = forms.ChoiceField(
        label=_("等级"), choices=(("A", "A"), ("B", "B"), ("C", "C")), initial="C"
    )
    stage = forms.ChoiceField(
        label=_("阶段"),
        choices=(("prospect", _("准客户")), ("intent", _("意向客户"))),
        initial="prospect",
    )
    intent = forms.CharField(
        label=_("需求与意向"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DisputeForm(_Styled):
    reason = forms.CharField(label=_("异议理由"), max_length=300)


class VerifyForm(_Styled):
    upheld = forms.TypedChoiceField(
        label=_("核实结果"),
        choices=(
            ("1", _("投诉属实：原接待人不再享有")),
            ("0", _("投诉不属实：按拒绝原接待人处理")),
        ),
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("核实情况"), max_length=300)


class ConfirmMoveForm(_Styled):
    upheld = forms.TypedChoiceField(
        label=_("确认结果"),
        choices=(("1", _("同意按决定转移客户归属")), ("0", _("不转移，保持原负责人"))),
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("说明"), max_length=300)


class ResolveForm(_PeopleForm):
    how = forms.ChoiceField(
        label=_("裁定方式"),
        choices=[
            (Resolution.AGREED, Resolution.AGREED.label),
            (Resolution.MANAGER, Resolution.MANAGER.label),
            (Resolution.DEPARTMENT, Resolution.DEPARTMENT.label),
        ],
    )
    note = forms.CharField(label=_("裁定理由"), max_length=300)
    person_1 = _person_field(_("分成人 1（业绩归属）"))
    percent_1 = forms.DecimalField(label="%", max_digits=5, decimal_places=2, required=False)
    person_2 = _person_field(_("分成人 2"))
    percent_2 = forms.DecimalField(label="%", max_digits=5, decimal_places=2, required=False)
    person_3 = _person_field(_("分成人 3"))
    percent_3 = forms.DecimalField(label="%", max_digits=5, decimal_places=2, required=False)

    def shares(self) -> list[tuple[int, object]]:
        d = self.cleaned_data
        return [
            (d[f"person_{i}"], d.get(f"percent_{i}") or 0)
            for i in (1, 2, 3)
            if d.get(f"person_{i}")
        ]
