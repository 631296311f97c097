"""Reading the audit log: a record's history, and the log for administrators."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from l2c.audit.labels import actions_labelled, object_types_labelled
from l2c.audit.models import AuditLog, object_type_of
from l2c.core.roles import Role
from l2c.core.scope import require_roles, viewer_of

AUDIT_READERS = frozenset({Role.ADMIN, Role.GM})
#: the actions of the platform itself (sign-ins, people, settings): the administrator's
#: concern. Every other action is business — a customer, an amount, a bank reference —
#: and the administrator, who holds no business data (BR-ORG-02), sees only that it
#: happened, who did it and when.
PLATFORM_ACTIONS = ("auth.", "org.", "policy.", "notifications.", "audit.")
#: what the administrator's log shows instead of a business record's values
HIDDEN = gettext_lazy("（业务数据）")


def business_values_hidden(viewer) -> bool:
    """The administrator reads the log without business values; the GM reads it whole."""
    roles = viewer_of(viewer).roles
    return Role.ADMIN in roles and not roles & (AUDIT_READERS - {Role.ADMIN})


def shown_to(viewer, entries):
    """``entries`` as ``viewer`` may read them: for the administrator, a business action
    keeps what happened, who and when, but not its record's name, changes or details.
    (In memory only: the log itself is never changed.)"""
    entries = list(entries)
    if not business_values_hidden(viewer):
        return entries
    for e in entries:
        if not e.action.startswith(PLATFORM_ACTIONS):
            e.object_repr, e.changes, e.extra = str(HIDDEN), {}, {}
    return entries


def audit_for_object(*, obj, limit: int = 50) -> list[AuditLog]:
    """The history of one record. The caller has already checked the viewer may see ``obj``
    (the record page did, through its scoped selector). One query."""
    return list(
        AuditLog.objects.filter(object_type=object_type_of(obj), object_id=str(obj.pk))
        .select_related(None)
        .order_by("-at", "-id")[:limit]
    )


def audit_list(
    *, viewer, action: str = "", actor_id: int | None = None, object_type: str = ""
) -> QuerySet[AuditLog]:
    """The whole log, for the administrator and the GM (BR-SEC-01). One query per page.

    ``action`` is a code prefix (``auth.``, ``policy.change``) or part of an action's label
    (``收款``); ``object_type`` is a type (``org.person``) or part of a model's name (``员工``)."""
    require_roles(
        viewer,
        AUDIT_READERS,
        rule="BR-SEC-01",
        message=_("只有系统管理员或总经理可以查看审计日志。"),
    )
    qs = AuditLog.objects.all()
    if action:
        qs = qs.filter(Q(action__startswith=action) | Q(action__in=actions_labelled(action)))
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if object_type:
        qs = qs.filter(
            Q(object_type=object_type) | Q(object_type__in=object_types_labelled(object_type))
        )
    return qs.order_by("-at", "-id")
