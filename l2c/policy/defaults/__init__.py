"""Every policy setting the product knows, with the default of ``rules.md`` (BR-POL-01).

Adding a setting: add a ``Definition`` to its group's tuple (``platform``, ``sales``,
``delivery``; a new tuple joins ``DEFINITIONS`` at its end) and a migration that calls
``seed_definitions`` (idempotent: it creates only what is missing, never touches a value an
administrator changed). Until its row exists, ``policy.value`` answers the default.
"""

from __future__ import annotations

from l2c.policy.defaults.definition import DEFAULTS_EFFECTIVE_FROM, Definition
from l2c.policy.defaults.delivery import (
    CONTRACTS,
    FINANCE,
    FULFILLMENT,
    ORDER_TO_CASH,
    PERFORMANCE,
    SERVICE,
)
from l2c.policy.defaults.platform import (
    APPROVALS,
    CALENDAR,
    NOTIFICATIONS,
    ORGANISATION,
    SECURITY,
    TOKENS,
)
from l2c.policy.defaults.sales import (
    ACTIVITIES,
    ACTIVITY_REMINDERS,
    ATTRIBUTION,
    CATALOG,
    CUSTOMERS,
    DEALS,
)
from l2c.policy.models import PolicyKind as K

__all__ = ["BY_KEY", "DEFAULTS_EFFECTIVE_FROM", "DEFINITIONS", "Definition", "seed_definitions"]


def seed_definitions(setting_model, version_model, definitions=None) -> int:
    """Create the settings that do not exist yet, each with its default as version 1.

    Works with the real models and with a migration's historical models. Returns how many
    settings were created; a second call creates none.
    """
    from l2c.policy.kinds import coerce, to_json

    definitions = DEFINITIONS if definitions is None else definitions
    existing = set(setting_model.objects.values_list("key", flat=True))
    created = 0
    for d in definitions:
        if d.key in existing:
            continue
        setting = setting_model.objects.create(
            key=d.key,
            kind=d.kind,
            group=d.group,
            label=d.label,
            description=d.description,
            rule=d.rule,
        )
        version_model.objects.create(
            setting=setting,
            number=1,
            value=to_json(d.kind, coerce(d.kind, d.default)),
            effective_from=DEFAULTS_EFFECTIVE_FROM,
            reason="系统默认值（rules.md）",
        )
        created += 1
    return created


def _chain_definitions() -> tuple[Definition, ...]:
    from l2c.policy.default_chains import DEFAULT_CHAINS

    return tuple(
        Definition(f"approvals.chain.{key}", K.CHAIN, chain, f"审批流程：{label}", rule, "审批流程")
        for key, (label, rule, chain) in DEFAULT_CHAINS.items()
    )


#: every setting, in the order they were added (seeding creates the rows in this order)
DEFINITIONS: tuple[Definition, ...] = (
    *ORGANISATION,
    *SECURITY,
    *CUSTOMERS,
    *ATTRIBUTION,
    *ACTIVITIES,
    *CATALOG,
    *DEALS,
    *APPROVALS,
    *CONTRACTS,
    *FULFILLMENT,
    *FINANCE,
    *SERVICE,
    *PERFORMANCE,
    *NOTIFICATIONS,
    *ACTIVITY_REMINDERS,
    *CALENDAR,
    *_chain_definitions(),
    *ORDER_TO_CASH,
    *TOKENS,
)
BY_KEY: dict[str, Definition] = {d.key: d for d in DEFINITIONS}
