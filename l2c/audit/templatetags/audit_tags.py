"""``{% history_panel obj %}``: the audit history on every record page."""

from django import template

from l2c.audit.selectors import audit_for_object

register = template.Library()


@register.inclusion_tag("audit/history_panel.html")
def history_panel(obj):
    return {"entries": audit_for_object(obj=obj), "obj": obj}


@register.filter
def audit_value(value):
    """A before/after value as a person reads it: a related record by its name."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dict) and "repr" in value:
        return value["repr"]
    if isinstance(value, list):
        return "、".join(str(audit_value(v)) for v in value)
    if value is True:
        return "是"
    if value is False:
        return "否"
    return value
