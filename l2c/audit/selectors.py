"""Reading the audit log: a record's history, and the log for administrators."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from l2c.audit.labels import actions_labelled, object_types_labelled
from l2c.audit.models import AuditLog, object_type_of
from l2c.core.roles import Role
from l2c.core.scope import require_roles

AUDIT_READERS = frozenset({Role.ADMIN, Role.GM})


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
