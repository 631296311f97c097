"""Forms of the finance pages. They only shape input; the services decide (BR-FIN-01…08)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from l2c.core.widgets import StyledForm
from l2c.finance.models import Method, MoneyKind, ReceiptStatus
from l2c.finance.services import RECEIVABLE_KINDS


class ReceiveForm(StyledForm):
    """收款登记: against a reservation (by number) or a contract (by number)."""

    reservation_number = forms.CharField(
        label=_("认购书编号"), max_length=40, required=False, help_text=_("收取定金时必填")
    )
    contract_number = forms.CharField(
        label=_("合同编号"), max_length=40, required=False, help_text=_("收取房款时填写")
    )
    kind = forms.ChoiceField(
        label=_("款项"), choices=[(k.value, k.label) for k in RECEIVABLE_KINDS]
    )
    amount = forms.CharField(label=_("金额（元）"), max_length=20)
    payer = forms.CharField(label=_("交款人"), max_length=100)
    method = forms.ChoiceField(label=_("收款方式"), choices=Method.choices, initial=Method.BANK)
    bank_ref = forms.CharField(
        label=_("银行流水号"),
        max_length=60,
        required=False,
        help_text=_("同一流水号只入账一次；银行转账必填"),
    )
    at = forms.DateTimeField(
        label=_("收款时间"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("默认为现在"),
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class ConvertForm(StyledForm):
    """定金转房款 (BR-FIN-08)."""

    contract_number = forms.CharField(label=_("合同编号"), max_length=40)
    receipt_number = forms.CharField(
        label=_("交回的定金收据号"),
        max_length=200,
        help_text=_("小定与定金的收据一并交回时，用逗号分隔多个收据号"),
    )
    returned = forms.BooleanField(
        label=_("客户已将定金收据原件交回财务收银处"),
        error_messages={"required": _("定金只能凭交回的定金收据转入房款（BR-FIN-08）。")},
    )


class RefundForm(StyledForm):
    amount = forms.CharField(label=_("退款金额（元）"), max_length=20)
    method = forms.ChoiceField(label=_("付款方式"), choices=Method.choices, initial=Method.BANK)
    bank_ref = forms.CharField(label=_("银行流水号"), max_length=60, required=False)
    reason = forms.CharField(label=_("退款原因"), max_length=200)


class VoidForm(StyledForm):
    reason = forms.CharField(label=_("作废原因"), max_length=200)


class MoneyFilterForm(forms.Form):
    q = forms.CharField(
        label=_("搜索"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("收据号、付款人、流水号、认购书/合同编号")}),
    )
    kind = forms.ChoiceField(
        label=_("款项"), choices=[("", _("全部款项")), *MoneyKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部状态")), *ReceiptStatus.choices], required=False
    )
    date_from = forms.DateField(
        label=_("起"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("止"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            small = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            width = " l2c-fin-q" if name == "q" else " w-auto"
            field.widget.attrs["class"] = f"{small} {small}-sm{width}"
