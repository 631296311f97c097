from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class DiscountRequestForm(forms.Form):
    """优惠申请: the customer's file and the unit picked from lists (the list price is the
    unit's), so the reservation later finds the approved discount by its links."""

    customer_id = forms.TypedChoiceField(
        label=_("客户"), coerce=int, empty_value=None, choices=[],
        error_messages={"required": _("请选择客户。")},
    )  # fmt: skip
    unit_id = forms.TypedChoiceField(
        label=_("房号/单位（标价取自价目表）"), coerce=int, empty_value=None, choices=[],
        error_messages={"required": _("请选择房号/单位。")},
    )  # fmt: skip
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

    def __init__(self, *args, customers=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_id"].choices = [("", _("—— 请选择客户 ——")), *customers]
        self.fields["unit_id"].choices = [("", _("—— 请选择房号/单位 ——")), *units]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


def _styled(form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}

#: a customer select starts empty, so nothing is recorded against whoever is listed first
PICK_CUSTOMER = _("—— 请选择客户 ——")
CUSTOMER_ERRORS = {"required": _("请选择客户。"), "invalid_choice": _("请选择客户。")}


def _customer_choices(customers) -> list[tuple]:
    return [("", PICK_CUSTOMER)] + [(c.pk, c.name) for c in customers]


class OpportunityForm(forms.Form):
    customer = forms.TypedChoiceField(label=_("客户"), coerce=int, error_messages=CUSTOMER_ERRORS)
    name = forms.CharField(label=_("商机名称"), max_length=100)
    amount = forms.DecimalField(label=_("预计金额（元）"), required=False, **MONEY)
    expected_close = forms.DateField(
        label=_("预计成交日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, customers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].choices = _customer_choices(customers)
        self.has_customers = len(self.fields["customer"].choices) > 1
        _styled(self)


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("新阶段"))
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = list(stages)
        _styled(self)


class QuoteTermsForm(forms.Form):
    valid_until = forms.DateField(
        label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    payment_terms = forms.CharField(
        label=_("付款条件"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )
    delivery_terms = forms.CharField(
        label=_("交付条件"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )
    tech_input = forms.CharField(
        label=_("技术意见"), required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )
    purchasing_input = forms.CharField(
        label=_("成本与交期意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class QuoteLineForm(forms.Form):
    product = forms.TypedChoiceField(label=_("产品"), coerce=int, required=False)
    unit_code = forms.CharField(label=_("房号/车架号/序列号"), max_length=40, required=False)
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=10**6, initial=1)
    unit_price = forms.DecimalField(label=_("报价单价（元）"), required=False, **MONEY)

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", "—")] + [
            (p.pk, f"{p.name}（{p.code}）") for p in products
        ]
        _styled(self)

    @property
    def filled(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("product"))


class ReviseForm(forms.Form):
    reason = forms.CharField(label=_("变更原因"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class TenderForm(forms.Form):
    customer = forms.TypedChoiceField(
        label=_("招标方（客户）"), coerce=int, error_messages=CUSTOMER_ERRORS
    )
    title = forms.CharField(label=_("项目名称"), max_length=200)
    notice_ref = forms.CharField(label=_("招标公告编号"), max_length=60, required=False)
    estimated_price = forms.DecimalField(label=_("项目估算价（元）"), **MONEY)
    opening_at = forms.DateTimeField(
        label=_("开标时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    bid_team = forms.TypedMultipleChoiceField(
        label=_("投标小组（报价仅小组成员可见）"), coerce=int, required=False
    )

    def __init__(self, *args, customers=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].choices = _customer_choices(customers)
        self.fields["bid_team"].choices = [
            (p.user_id, f"{p.name}（{p.department}）") for p in people
        ]
        self.fields["bid_team"].widget.attrs["size"] = 6
        _styled(self)


class BidderForm(forms.Form):
    name = forms.CharField(label=_("投标单位"), max_length=100, required=False)
    price = forms.DecimalField(label=_("报价（元）"), required=False, **MONEY)
    duration_days = forms.IntegerField(
        label=_("工期（天）"), min_value=1, max_value=3650, required=False
    )
    scope_note = forms.CharField(label=_("范围"), max_length=200, required=False)
    is_us = forms.BooleanField(label=_("本公司"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
