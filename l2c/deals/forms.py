from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class DiscountRequestForm(forms.Form):
    customer_name = forms.CharField(label=_("客户"), max_length=60)
    unit_label = forms.CharField(label=_("房号/产品"), max_length=60)
    list_price = forms.DecimalField(
        label=_("标价（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    discount_percent = forms.DecimalField(
        label=_("优惠（%）"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("50"),
    )
    reason = forms.CharField(
        label=_("申请理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
