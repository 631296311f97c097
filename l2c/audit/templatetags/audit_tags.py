"""``{% history_panel obj %}``: the audit history on every record page, in words."""

from django import template

from l2c.audit.display import present
from l2c.audit.selectors import audit_for_object

register = template.Library()


@register.inclusion_tag("audit/history_panel.html")
def history_panel(obj):
    return {"entries": present(audit_for_object(obj=obj)), "obj": obj}
