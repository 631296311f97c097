"""Form widgets for the busy pages."""

from __future__ import annotations

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


def _text(value) -> str:
    """Escaped like Django's ``escape`` (& < > " ' the same), safe strings kept as they are,
    without the lazy-string checks per call (two thousand calls a page add up)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _option_attrs(attrs: dict) -> str:
    if not attrs:
        return ""
    if attrs == {"selected": True}:
        return " selected"
    return flatatt(attrs)


def styled(form: forms.Form) -> None:
    """Bootstrap's classes on the widgets of ``form`` that have none: a check box, a
    select, an input."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    """A form whose widgets carry Bootstrap's classes (``styled``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        styled(self)


class QuickSelect(forms.Select):
    """A ``<select>`` with Django's markup, rendered in Python instead of one template per
    option: a manager's or the GM's owner filter has 50–340 options on every list page
    (18 ms of the GM's page through the templates; docs/benchmarks.md)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f"<select name={_quoted(widget['name'])}{flatatt(widget['attrs'])}>"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f"<optgroup label={_quoted(group_name)}>")
            parts.extend(
                f"<option value={_quoted(o['value'])}{_option_attrs(o['attrs'])}>"
                f"{_text(o['label'])}</option>"
                for o in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # every value and label is escaped above


def _quoted(value) -> str:
    return f'"{_text(value)}"'
