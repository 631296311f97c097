"""Forms of the customer pages. They check types only; the rules live in the services, whose
``BusinessRuleError`` is shown on the field it names (``show_error``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from l2c.core.errors import BusinessRuleError
from l2c.core.widgets import QuickSelect
from l2c.customers.models import CardState, Channel, CustomerClass, Stage

GENDERS = [("", _("—")), ("M", _("男")), ("F", _("女"))]
NEW_STAGES = [(s, Stage(s).label) for s in (Stage.PROSPECT, Stage.INTENT)]
EDIT_STAGES = [(s, Stage(s).label) for s in (Stage.PROSPECT, Stage.INTENT, Stage.AFTER_SALES)]


class _Styled:
    def style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def show_error(form: forms.Form, exc: BusinessRuleError) -> None:
    """Put a service's refusal on the field it names, with its rule."""
    message = f"{exc.message}（{exc.rule}）" if exc.rule else str(exc.message)
    form.add_error(exc.field if exc.field in form.fields else None, message)


class CustomerFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=60, label=_("搜索"))
    klass = forms.ChoiceField(
        required=False,
        choices=[("", _("全部等级")), *CustomerClass.choices],
        label=_("等级"),
        widget=QuickSelect,
    )
    stage = forms.ChoiceField(
        required=False,
        choices=[("", _("全部阶段")), *Stage.choices],
        label=_("阶段"),
        widget=QuickSelect,
    )
    state = forms.ChoiceField(
        required=False,
        choices=[("", _("全部卡状态")), *CardState.choices],
        label=_("卡状态"),
        widget=QuickSelect,
    )
    owner = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[],
        label=_("负责人"),
        widget=QuickSelect,
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("全部负责人")), *owners]
        for field in self.fields.values():
            css = "form-select form-select-sm" if field is not self.fields["q"] else ""
            field.widget.attrs["class"] = css or "form-control form-control-sm"
        self.fields["q"].widget.attrs["placeholder"] = _("姓名 / 单位 / 手机号")

    def filters(self) -> dict:
        """The selector's keyword arguments (invalid values are ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": data.get("q") or "",
            "klass": data.get("klass") or None,
            "stage": data.get("stage") or None,
            "state": data.get("state") or None,
            "owner_id": data.get("owner") or None,
        }


class CustomerRegisterForm(_Styled, forms.Form):
    name = forms.CharField(label=_("客户姓名"), max_length=60)
    mobile = forms.CharField(label=_("手机"), max_length=30)
    company = forms.CharField(label=_("单位"), max_length=100, required=False)
    gender = forms.ChoiceField(label=_("性别"), choices=GENDERS, required=False)
    klass = forms.ChoiceField(
        label=_("等级"), choices=CustomerClass.choices, initial="C", required=False
    )
    stage = forms.ChoiceField(
        label=_("阶段"), choices=NEW_STAGES, initial=Stage.PROSPECT, required=False
    )
    channel = forms.ChoiceField(
        label=_("来源"), choices=Channel.choices, initial=Channel.WALK_IN, required=False
    )
    birthday = forms.DateField(
        label=_("生日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    intent = forms.CharField(
        label=_("需求与意向"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.TypedChoiceField(
        label=_("负责人"), coerce=int, empty_value=None, required=False, choices=[]
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].choices = [("", _("本人")), *owners]
        self.style()

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        for key in ("owner", "channel"):
            data.pop(key, None)
        data["klass"] = data.get("klass") or CustomerClass.C
        data["stage"] = data.get("stage") or Stage.PROSPECT
        return data

    def chosen_channel(self) -> str:
        return self.cleaned_data.get("channel") or Channel.WALK_IN


class CustomerEditForm(_Styled, forms.Form):
    """The editable details; the owner also edits the mobile and the ID number (others
    see them masked and so cannot edit them)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("客户姓名"), max_length=60)
    company = forms.CharField(label=_("单位"), max_length=100, required=False)
    gender = forms.ChoiceField(label=_("性别"), choices=GENDERS, required=False)
    klass = forms.ChoiceField(label=_("等级"), choices=CustomerClass.choices)
    stage = forms.ChoiceField(label=_("阶段"), choices=EDIT_STAGES)
    birthday = forms.DateField(
        label=_("生日"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    intent = forms.CharField(
        label=_("需求与意向"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mobile = forms.CharField(label=_("手机"), max_length=30)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False)
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)

    def __init__(self, *args, customer, owner: bool, **kwargs):
        initial = {
            "version": customer.version,
            **{k: getattr(customer, k) for k in self.base_fields if k != "version"},
        }
        if not owner:
            initial.pop("mobile")
            initial.pop("id_number")
        super().__init__(*args, initial=initial, **kwargs)
        if customer.stage not in dict(EDIT_STAGES):
            # deal and lost come from their own actions; keep the current value selectable
            self.fields["stage"].choices = [
                (customer.stage, customer.get_stage_display()),
                *EDIT_STAGES,
            ]
        if not owner:
            for key in ("mobile", "id_number"):
                del self.fields[key]
        self.style()

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class LostForm(_Styled, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    lost_reason = forms.CharField(label=_("流失原因"), max_length=200)


class TransferForm(_Styled, forms.Form):
    to = forms.TypedChoiceField(label=_("转给"), coerce=int, choices=[])
    reason = forms.CharField(label=_("原因"), max_length=200)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = list(people)
        self.style()


class ReasonForm(_Styled, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class ContactForm(_Styled, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=60)
    relation = forms.CharField(label=_("关系/职务"), max_length=40, required=False)
    mobile = forms.CharField(label=_("手机"), max_length=30, required=False)
    is_family = forms.BooleanField(label=_("家庭成员（视为同一客户）"), required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, mobile_optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if mobile_optional:
            self.fields["mobile"].help_text = _("留空则保留原号码")
        self.style()


class ImportForm(_Styled, forms.Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))
    update_existing = forms.BooleanField(
        label=_("手机号已存在时更新客户资料（不改变负责人）"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        self.style()
