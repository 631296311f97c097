from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class HoldForm(_Styled):
    customer_id = forms.TypedChoiceField(
        label=_("为客户保留（可选）"), required=False, coerce=int, empty_value=None
    )
    hours = forms.IntegerField(
        label=_("保留时长（小时，仅主管及以上可改）"), required=False, min_value=1, max_value=720
    )

    def __init__(self, *args, customers=(), leader=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_id"].choices = [("", _("— 不指定客户 —"))] + [
            (c.pk, f"{c.name} {c.mobile[-4:] if c.mobile else ''}") for c in customers
        ]
        if not leader:
            del self.fields["hours"]


class ReleaseForm(_Styled):
    reason = forms.CharField(label=_("释放原因"), required=False, max_length=200)


class PriceChangeForm(_Styled):
    target = forms.CharField(
        label=_("产品编码或房号"),
        max_length=40,
        help_text=_("如 CHTD-A（产品）或 3-1502（单位）"),
    )
    market_price = forms.DecimalField(label=_("新市场价（元）"), **MONEY)
    dealer_floor_price = forms.DecimalField(label=_("新最低经销价（元）"), **MONEY)
    factory_floor_price = forms.DecimalField(label=_("新最低出厂价（元）"), **MONEY)
    reason = forms.CharField(
        label=_("调价理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
