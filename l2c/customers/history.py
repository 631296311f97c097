"""The customers app's own timeline entries (BR-CUS-01, 03, 07): every ownership record
(registration, claim, transfer, drop, redistribution, attribution) and every duplicate
card. Two queries whatever the customer's history."""

from __future__ import annotations

from django.utils.translation import gettext as _

from l2c.customers import selectors, timeline
from l2c.customers.models import OwnershipKind
from l2c.customers.timeline import TimelineEntry

ICONS = {
    OwnershipKind.REGISTER: "person-plus",
    OwnershipKind.CLAIM: "box-arrow-in-down",
    OwnershipKind.TRANSFER: "arrow-left-right",
    OwnershipKind.DROP: "box-arrow-up",
    OwnershipKind.REDISTRIBUTE: "shuffle",
    OwnershipKind.ATTRIBUTION: "signpost-split",
}


def _name(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.name if person is not None else user.get_username()


def ownership_entries(customer) -> list[TimelineEntry]:
    out = []
    for r in selectors.ownership_history(customer):
        kind = OwnershipKind(r.kind) if r.kind in OwnershipKind.values else None
        before, after = _name(r.from_owner), _name(r.to_owner)
        if r.kind == OwnershipKind.DROP:
            who = _("%(who)s 失去负责权") % {"who": before}
        elif before and after:
            who = f"{before} → {after}"
        else:
            who = _("负责人：%(who)s") % {"who": after or "—"}
        out.append(
            TimelineEntry(
                at=r.at,
                kind="ownership" if r.kind != OwnershipKind.REGISTER else "registration",
                title=str(kind.label) if kind else r.kind,
                detail="；".join(x for x in (who, r.reason) if x),
                actor=_name(r.actor) or _("系统"),
                icon=ICONS.get(r.kind, "dot"),
                rule=r.rule,
            )
        )
    for d in selectors.duplicate_cards(customer):
        out.append(
            TimelineEntry(
                at=d.at,
                kind="duplicate",
                title=_("重卡"),
                detail=_("%(who)s 再次登记该客户，归属不变（负责人：%(owner)s）")
                % {"who": _name(d.registered_by), "owner": _name(d.owner_at_the_time) or "—"},
                actor=_name(d.registered_by),
                icon="files",
                rule="BR-CUS-03",
            )
        )
    return out


def register() -> None:
    """Idempotent (the registry is keyed)."""
    timeline.register("customers", ownership_entries)
