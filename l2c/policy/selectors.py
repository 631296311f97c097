"""Reading policy: the value in force at a moment, and the settings with their history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import NotFoundError
from l2c.core.roles import Role
from l2c.core.scope import require_roles
from l2c.policy.defaults import BY_KEY
from l2c.policy.kinds import coerce
from l2c.policy.models import PolicySetting, PolicyVersion

#: Policy is company configuration; these roles may read the settings pages and API.
POLICY_READERS = frozenset({Role.ADMIN, Role.GM, Role.VP, Role.DIRECTOR, Role.MANAGER})
POLICY_EDITORS = frozenset({Role.ADMIN, Role.GM})


def policy_value(key: str, *, at: dt.datetime | None = None) -> Any:
    """The typed value of ``key`` in force at ``at`` (now by default). One query."""
    when = at or timezone.now()
    row = (
        PolicyVersion.objects.filter(setting__key=key, effective_from__lte=when)
        .order_by("-effective_from", "-number")
        .values_list("setting__kind", "value")
        .first()
    )
    if row is not None:
        kind, raw = row
        return coerce(kind, raw)
    definition = BY_KEY.get(key)
    if definition is None:
        raise KeyError(f"unknown policy setting {key!r}")
    return coerce(definition.kind, definition.default)


def policy_setting_list(*, viewer) -> QuerySet[PolicySetting]:
    """All settings with their versions prefetched (a fixed number of queries)."""
    require_roles(viewer, POLICY_READERS, rule="BR-POL-02", message=_("您没有查看制度设置的权限。"))
    return PolicySetting.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=PolicyVersion.objects.select_related("created_by__person").order_by(
                "-effective_from", "-number"
            ),
        )
    ).order_by("group", "key")


def policy_setting_get(*, viewer, key: str) -> PolicySetting:
    try:
        return policy_setting_list(viewer=viewer).get(key=key)
    except PolicySetting.DoesNotExist as exc:
        raise NotFoundError(None, "未找到该设置。") from exc


def current_version(setting: PolicySetting, at: dt.datetime | None = None) -> PolicyVersion | None:
    """The version in force, from the prefetched versions (no query)."""
    when = at or timezone.now()
    for version in setting.versions.all():  # ordered newest first
        if version.effective_from <= when:
            return version
    return None
