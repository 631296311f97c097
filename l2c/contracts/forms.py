"""Forms of the reservation and contract pages (they only shape input; the services decide)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from l2c.contracts.models import AccessKind, ChangeKind, ReservationKind
from l2c.core.money import yuan
from l2c.core.widgets import StyledForm

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}


class ReservationForm(StyledForm):
    customer_id = forms.TypedChoiceField(label=_("客户"), coerce=int)
    unit_id = forms.TypedChoiceField(label=_("房号/单位（仅显示您可认购的）"), coerce=int)
    kind = forms.ChoiceField(label=_("类型"), choices=ReservationKind.choices)
    agreed_price = forms.DecimalField(label=_("成交价（元）"), **MONEY)
    deposit_amount = forms.DecimalField(label=_("定金（元）"), **MONEY)
    discount_id = forms.TypedChoiceField(
        label=_("已批准的优惠申请（低于标价时必需）"), coerce=int, required=False, empty_value=None
    )
    deposit_due = forms.DateField(
        label=_("交款期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sign_by = forms.DateField(
        label=_("签约期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    terms = forms.CharField(
        label=_("约定条款"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, customers=(), units=(), discounts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_id"].choices = [("", "—")] + [
            (c.pk, f"{c.name}（{c.get_klass_display()}）") for c in customers
        ]
        self.fields["unit_id"].choices = [("", "—")] + [
            (u.pk, f"{u.project.name} {u.code} · ¥{yuan(u.market_price)}") for u in units
        ]
        self.fields["discount_id"].choices = [("", "—")] + [
            (d.pk, f"{d.customer_name} · {d.unit_label} · {d.discount_percent}%") for d in discounts
        ]


class ReviseForm(StyledForm):
    reason = forms.CharField(label=_("变更原因"), max_length=200)
    agreed_price = forms.DecimalField(label=_("成交价（元）"), required=False, **MONEY)
    deposit_amount = forms.DecimalField(label=_("定金（元）"), required=False, **MONEY)
    deposit_due = forms.DateField(
        label=_("交款期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sign_by = forms.DateField(
        label=_("签约期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    terms = forms.CharField(
        label=_("约定条款"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason" and v not in (None, "")}


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("退订原因"), max_length=200)
    retention_note = forms.CharField(
        label=_("挽留情况（必填）"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


def parse_payment_terms(text: str) -> list[dict[str, str]]:
    """One line per instalment: ``首付款, 30, 2026-12-01`` (the date may be left out)."""
    rows = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if not any(parts):
            continue
        rows.append(
            {
                "name": parts[0] if parts else "",
                "percent": parts[1] if len(parts) > 1 else "",
                "due": parts[2] if len(parts) > 2 else "",
            }
        )
    return rows


def format_payment_terms(terms) -> str:
    return "\n".join(
        ", ".join(p for p in (t.get("name", ""), t.get("percent", ""), t.get("due", "")) if p)
        for t in terms or []
    )


class ContractForm(StyledForm):
    buyer_name = forms.CharField(label=_("买受人"), max_length=100, required=False)
    price = forms.DecimalField(label=_("合同价（元）"), required=False, **MONEY)
    standard_payment_terms = forms.BooleanField(
        label=_("付款日期为公布的标准日期"), required=False, initial=True
    )
    payment_terms = forms.CharField(
        label=_("付款安排（每行：款项, 比例%, 期限）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "首付款, 30, 2026-12-01"}),
    )
    clause_changes = forms.CharField(
        label=_("修改或增加的条款（有则为特殊合同）"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["payment_terms"] = parse_payment_terms(data.get("payment_terms", ""))
        return data


class ChecklistForm(StyledForm):
    clauses_and_figures = forms.BooleanField(
        label=_("合同每一条、每一款及各项数据正确无误"), required=False
    )
    signatures_and_seals = forms.BooleanField(label=_("签字盖章完毕"), required=False)
    attachments = forms.BooleanField(label=_("附件、附图正确齐全"), required=False)
    special_review_record = forms.BooleanField(label=_("特殊合同评审记录在案"), required=False)
    note = forms.CharField(label=_("备注"), required=False, max_length=500)


class ArchiveForm(StyledForm):
    location = forms.CharField(label=_("归档位置（册号/柜号）"), max_length=100)


class AccessRequestForm(StyledForm):
    number = forms.CharField(label=_("合同编号"), max_length=40)
    kind = forms.ChoiceField(
        label=_("申请类型"),
        choices=[(AccessKind.VIEW, _("查阅")), (AccessKind.BORROW, _("借阅原件"))],
    )
    reason = forms.CharField(label=_("理由"), max_length=200)


class ChangeForm(StyledForm):
    kind = forms.ChoiceField(label=_("变更类型"), choices=ChangeKind.choices)
    reason = forms.CharField(label=_("原因"), max_length=200)
    new_unit_id = forms.TypedChoiceField(
        label=_("换入房号（换房）"), coerce=int, required=False, empty_value=None
    )
    new_buyer_name = forms.CharField(label=_("新买受人（换名）"), max_length=100, required=False)
    fee = forms.DecimalField(
        label=_("过户费（换名，元）"), max_digits=14, decimal_places=2, required=False
    )
    refund_amount = forms.DecimalField(
        label=_("退款金额（退订，元）"), max_digits=14, decimal_places=2, required=False
    )
    retention_note = forms.CharField(
        label=_("挽留情况（签约前退订必填）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_unit_id"].choices = [("", "—")] + [
            (u.pk, f"{u.project.name} {u.code} · ¥{yuan(u.market_price)}") for u in units
        ]
