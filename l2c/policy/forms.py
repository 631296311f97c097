from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PolicyChangeForm(forms.Form):
    value = forms.CharField(label=_("新值"), widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("变更原因"), max_length=300)
    effective_from = forms.DateTimeField(
        label=_("生效时间（留空即刻生效）"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.widget.attrs.setdefault("class", "form-control")
