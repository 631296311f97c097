"""Forms of the fulfillment pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from l2c.fulfillment.models import NoticeDepartment


class AcknowledgeForm(forms.Form):
    department = forms.ChoiceField(label=_("部门"), choices=NoticeDepartment.choices)


class ShipForm(forms.Form):
    warehouse = forms.CharField(label=_("出库仓库"), max_length=40, required=False)


class ConfirmationForm(forms.Form):
    signed_by = forms.CharField(
        label=_("签收人"), max_length=60, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    signed_at = forms.DateTimeField(
        label=_("签收时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}),
    )
    scan = forms.FileField(
        label=_("确认单扫描件（PDF/JPG/PNG）"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )


class OrderForm(forms.Form):
    contract = forms.TypedChoiceField(label=_("合同"), coerce=int)
    ship_by = forms.DateField(
        label=_("合同约定发货日期（不填按签约后工作日计算）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, *args, contracts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = [
            (c.pk, f"{c.number} · {c.customer.name} · {c.signed_at:%Y-%m-%d}") for c in contracts
        ]
        self.fields["contract"].widget.attrs["class"] = "form-select"
