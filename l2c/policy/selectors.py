"""Reading policy: the value in force at a moment, and the settings with their history."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
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


#: A setting's versions are read once per process and kept briefly: every page reads a
#: few settings, and at 1M customers the extra query per read showed (docs/benchmarks.md).
#: A change in this process clears the cache at once; another process sees it within
#: CACHE_SECONDS. Versions carry their effective_from, so a cached list still answers
#: "the value at any moment" correctly, future-dated versions included.
CACHE_SECONDS = 10.0
_cache: dict[tuple[str, str], tuple[float, list[tuple[dt.datetime, str, Any]]]] = {}


def clear_cache() -> None:
    _cache.clear()


def _versions(key: str) -> list[tuple[dt.datetime, str, Any]]:
    from django.db import connection

    cache_key = (str(connection.settings_dict.get("NAME")), key)
    hit = _cache.get(cache_key)
    tick = time.monotonic()
    seconds = getattr(settings, "L2C_POLICY_CACHE_SECONDS", CACHE_SECONDS)
    if hit is not None and tick - hit[0] < seconds:
        return hit[1]
    rows = list(
        PolicyVersion.objects.filter(setting__key=key)
        .order_by("-effective_from", "-number")
        .values_list("effective_from", "setting__kind", "value")
    )
    _cache[cache_key] = (tick, rows)
    return rows


def policy_value(key: str, *, at: dt.datetime | None = None) -> Any:
    """The typed value of ``key`` in force at ``at`` (now by default). At most one query
    (none while the setting's versions are cached)."""
    when = at or timezone.now()
    for effective_from, kind, raw in _versions(key):
        if effective_from <= when:
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
