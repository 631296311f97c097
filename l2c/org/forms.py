"""Forms of the org pages, and the login form with the lock-out of BR-SEC-02."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c.org.models import AbsenceKind
from l2c.org.services import (
    login_locked_until,
    login_record_failure,
    login_record_locked_attempt,
)


def _locked_message(until) -> str:
    return _("连续登录失败次数过多，账号已锁定至 %(t)s，请稍后再试（规则 BR-SEC-02）。") % {
        "t": timezone.localtime(until).strftime("%H:%M")
    }


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy("用户名或密码不正确。"),
        "inactive": gettext_lazy("该账号已停用。"),
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if username:
            locked = login_locked_until(username)
            if locked:
                login_record_locked_attempt(username=username, locked_until=locked)
                raise ValidationError(_locked_message(locked), code="locked")
        try:
            return super().clean()
        except ValidationError:
            if username:
                user = get_user_model().objects.filter(username=username).first()
                locked = login_record_failure(username=username, user=user)
                if locked:
                    raise ValidationError(_locked_message(locked), code="locked") from None
            raise


class AbsenceForm(forms.Form):
    person = forms.TypedChoiceField(label=gettext_lazy("员工"), coerce=int)
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=AbsenceKind.choices)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("开始"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=gettext_lazy("结束"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    reason = forms.CharField(label=gettext_lazy("事由"), max_length=200, required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, f"{p.name}（{p.department.name}）") for p in people]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
