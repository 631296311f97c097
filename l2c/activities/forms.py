"""Web forms of activities: input only — every rule is checked by the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from l2c.activities.models import FollowUpKind, VisitPurpose
from l2c.core.widgets import StyledForm


def _moment_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class FollowUpPickForm(StyledForm):
    """记录跟进's customer picker on the follow-up list: it starts empty, so a careless click
    never opens (and records against) whoever is listed first."""

    customer = forms.TypedChoiceField(
        label=_("客户"),
        coerce=int,
        error_messages={"required": _("请选择客户。"), "invalid_choice": _("请选择客户。")},
    )

    def __init__(self, *args, customers=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["customer"]
        field.choices = [("", _("—— 请选择客户 ——"))] + [(c.pk, c.name) for c in customers]
        field.widget.attrs.update(
            {"class": "form-select form-select-sm", "id": "pick-customer", "aria-label": _("客户")}
        )
        self.has_customers = len(field.choices) > 1


class FollowUpForm(StyledForm):
    kind = forms.ChoiceField(label=_("跟进方式"), choices=FollowUpKind.choices)
    answered = forms.BooleanField(
        label=_("客户已回复（短信/微信）"),
        required=False,
        help_text=_("未回复的短信不算有效回访；连续三次将使客户卡作废（BR-CUS-05）。"),
    )
    at = forms.DateTimeField(label=_("跟进时间"), widget=_moment_widget())
    outcome = forms.CharField(
        label=_("跟进内容与结果"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    next_date = forms.DateField(label=_("下次跟进日期"), required=False, widget=_date_widget())


class TrackingReviewForm(StyledForm):
    comment = forms.CharField(
        label=_("审阅意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )


class PlanNewForm(StyledForm):
    month = forms.CharField(
        label=_("计划月份"), widget=forms.DateInput(attrs={"type": "month"}), max_length=10
    )
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class PlanItemForm(StyledForm):
    customer_id = forms.TypedChoiceField(
        label=_("客户"), required=False, coerce=int, empty_value=None
    )
    target = forms.CharField(
        label=_("或拜访对象"),
        required=False,
        max_length=100,
        help_text=_("不在客户档案中的单位或人员"),
    )
    planned_on = forms.DateField(label=_("计划日期"), widget=_date_widget())
    purpose = forms.ChoiceField(label=_("拜访目的"), choices=VisitPurpose.choices)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def __init__(self, *args, customers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_id"].choices = [("", "—")] + [(c.pk, c.name) for c in customers]


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("原因"), max_length=200)


def _report_content_field():
    return forms.CharField(
        label=_("拜访情况"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )


def _report_feedback_field():
    return forms.CharField(
        label=_("客户意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )


class ReportForm(StyledForm):
    customer_id = forms.TypedChoiceField(
        label=_("客户"), required=False, coerce=int, empty_value=None
    )
    target = forms.CharField(label=_("或拜访对象"), required=False, max_length=100)
    visited_at = forms.DateTimeField(label=_("拜访时间"), widget=_moment_widget())
    content = _report_content_field()
    feedback = _report_feedback_field()

    def __init__(self, *args, customers=(), fixed=False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed:  # the visit is known (a planned visit or a visit follow-up)
            del self.fields["customer_id"]
            del self.fields["target"]
        else:
            self.fields["customer_id"].choices = [("", "—")] + [(c.pk, c.name) for c in customers]


class PromiseForm(StyledForm):
    title = forms.CharField(label=_("答应客户的事项"), required=False, max_length=200)
    due_on = forms.DateField(label=_("完成期限"), required=False, widget=_date_widget())


PromiseFormSet = forms.formset_factory(PromiseForm, extra=3, max_num=20)


class ReportEditForm(StyledForm):
    content = _report_content_field()
    feedback = _report_feedback_field()
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("审核结果"),
        choices=[("approve", _("审核通过")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("审核意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class TaskForm(StyledForm):
    title = forms.CharField(label=_("事项"), max_length=200)
    due_on = forms.DateField(label=_("完成期限"), widget=_date_widget())
    customer_id = forms.TypedChoiceField(
        label=_("客户"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, customers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer_id"].choices = [("", "—")] + [(c.pk, c.name) for c in customers]


class WorkLogForm(StyledForm):
    work_done = forms.CharField(
        label=_("今日工作"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    customer_feedback = forms.CharField(
        label=_("客户意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    suggestions = forms.CharField(
        label=_("问题与建议"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    plan_next = forms.CharField(
        label=_("明日计划"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SummaryForm(StyledForm):
    summary = forms.CharField(
        label=_("工作日志汇总"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000
    )
    orders = forms.CharField(
        label=_("当日定单情况"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    rep_feedback = forms.CharField(
        label=_("销售代表意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    customer_feedback = forms.CharField(
        label=_("客户意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
