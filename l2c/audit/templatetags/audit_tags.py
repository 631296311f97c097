"""``{% history_panel obj %}``: the audit history on every record page, in words."""

from django import template

from l2c.audit.display import display_value, present
from l2c.audit.labels import action_label as _action_label
from l2c.audit.selectors import audit_for_object

register = template.Library()


@register.inclusion_tag("audit/history_panel.html")
def history_panel(obj):
    return {"entries": present(audit_for_object(obj=obj)), "obj": obj}


@register.filter
def action_label(code):
    """``{{ e.action|action_label }}``: the action's label, or the code when it has none."""
    return _action_label(code)


@register.filter
def audit_value(value):
    """A before/after value as a person reads it, without knowing its field."""
    return display_value(value)
