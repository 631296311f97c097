"""Writing the audit log. Every service calls ``audit_record`` once per business action."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from l2c.audit.models import AuditLog, object_type_of
from l2c.core import context


def _plain(value: Any) -> Any:
    """A JSON-safe rendering of a field value for the before/after record."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)[:100]}
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields whose value changed."""
    changed: dict[str, list[Any]] = {}
    for key in after:
        old, new = _plain(before.get(key)), _plain(after[key])
        if old != new:
            changed[key] = [old, new]
    return changed


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    rule: str = "",
    object_repr: str | None = None,
) -> AuditLog:
    """Append one audit row. ``actor`` is a user (or None for the system)."""
    ctx = context.current()
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    name = ""
    if actor_user is not None:
        person = getattr(actor_user, "person", None) if hasattr(actor_user, "person") else None
        name = person.name if person else actor_user.get_username()
    return AuditLog.objects.create(
        actor=actor_user,
        actor_name=name or "系统",
        action=action,
        object_type=object_type_of(obj) if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj) if obj else "")[:200],
        changes=_plain(changes or {}),
        extra=_plain(extra or {}),
        rule=rule,
        ip=ctx.ip,
    )
