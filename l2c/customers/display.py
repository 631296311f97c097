"""How a customer is shown on pages, in the API and in exports: the card state with its
countdown, the owner's name, and the personal data masked unless the viewer owns the
customer (BR-CUS-10). No queries: the policy values a list needs are read once per request
(:class:`Shown`), never once per row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.core.scope import viewer_of
from l2c.customers.models import CardState, Customer, Stage
from l2c.customers.policies import mask_id_number, mask_mobile

#: Bootstrap colour of each card state's badge
STATE_BADGE = {
    CardState.VALID: "success",
    CardState.DUE_SOON: "warning text-dark",
    CardState.VOID: "danger",
    CardState.POOL: "secondary",
    CardState.DEAL: "primary",
    CardState.LOCKED: "dark",
}


@dataclass
class Shown:
    """What one viewer sees of customers at one moment."""

    viewer_user_id: int | None
    now: dt.datetime
    ahead: dt.timedelta

    @classmethod
    def for_viewer(cls, user, now: dt.datetime | None = None) -> Shown:
        now = now or timezone.now()
        days = policy.value("customers.drop_reminder_days", at=now)
        return cls(viewer_of(user).user_id, now, dt.timedelta(days=days))

    # --- the card ------------------------------------------------------------------------

    def state(self, c: Customer) -> str:
        """Same answer as ``selectors.card_state``, without a query per row."""
        return self._state(c.deal_at, c.locked, c.owner_id, c.void_at)

    def _state(self, deal_at, locked: bool, owner_id, void_at) -> str:
        if deal_at is not None:
            return CardState.DEAL
        if locked:
            return CardState.LOCKED
        if owner_id is None:
            return CardState.POOL
        if void_at is not None and void_at <= self.now:
            return CardState.VOID
        if void_at is not None and void_at <= self.now + self.ahead:
            return CardState.DUE_SOON
        return CardState.VALID

    def owns(self, c: Customer) -> bool:
        """BR-CUS-10: only the owner of a card that is not void sees the data unmasked."""
        return self._owns(c.owner_id, self.state(c))

    def _owns(self, owner_id, state: str) -> bool:
        return owner_id is not None and owner_id == self.viewer_user_id and state != CardState.VOID

    def countdown(self, c: Customer) -> str:
        """ "还剩 2 天" until the card goes void; "" when it never will."""
        return self._countdown(self.state(c), c.void_at, _("还剩 %(n)s 天"), _("还剩 %(n)s 小时"))

    def _countdown(self, state: str, void_at, days: str, hours: str) -> str:
        if state not in (CardState.VALID, CardState.DUE_SOON) or void_at is None:
            return ""
        left = void_at - self.now
        if left >= dt.timedelta(days=1):
            return days % {"n": left.days}
        return hours % {"n": max(1, int(left.total_seconds() // 3600))}

    # --- personal data -------------------------------------------------------------------

    def mobile(self, c: Customer) -> str:
        return c.mobile if self.owns(c) else mask_mobile(c.mobile)

    def id_number(self, c: Customer) -> str:
        if not c.id_number:
            return ""
        return c.id_number if self.owns(c) else mask_id_number(c.id_number)

    def decorate(self, customers) -> list[Customer]:
        """Attach ``state``, ``state_label``, ``badge``, ``countdown``, ``shown_mobile`` and
        ``owner_name`` to each customer (for templates)."""
        rows = list(customers)
        # one reverse() per page, not per row (the list page's cost was in the template)
        detail_prefix = reverse("customers:detail", args=[0])[:-2]
        for c in rows:
            state = self.state(c)
            c.state = state
            c.state_label = str(CardState(state).label)
            c.badge = STATE_BADGE[state]
            c.countdown = self.countdown(c)
            c.shown_mobile = self.mobile(c)
            c.owner_name = owner_name(c)
            c.url = f"{detail_prefix}{c.pk}/"
            # dates formatted once here: Django's |date per cell was a tenth of the page
            c.last_contact_text = _local(c.last_contact_at, "%m-%d %H:%M") or "—"
            c.registered_text = _local(c.registered_at, "%Y-%m-%d")
            c.pool_since_text = (
                _local(getattr(c, "dropped_at", None) or c.void_at, "%Y-%m-%d %H:%M") or "—"
            )
        return rows

    def rows(self, values) -> list[dict]:
        """A list page's rows as plain dicts from ``selectors.list_rows`` (no model
        instance per row; a template looks a key up in a dict at the first try): the
        shown columns, the card state, the masked mobile (BR-CUS-10), labels, links and
        dates formatted once (docs/benchmarks.md, the rep's page)."""
        detail = reverse("customers:detail", args=[0]).replace("/0/", "/{}/", 1)
        claim = reverse("customers:claim", args=[0]).replace("/0/", "/{}/", 1)
        stages = {code: str(label) for code, label in Stage.choices}
        states = {code: str(label) for code, label in CardState.choices}
        days, hours = _("还剩 %(n)s 天"), _("还剩 %(n)s 小时")
        out = []
        for r in values:
            owner_id, void_at = r["owner_id"], r["void_at"]
            state = self._state(r["deal_at"], r["locked"], owner_id, void_at)
            r.update(
                pk=r["id"],
                url=detail.format(r["id"]),
                claim_url=claim.format(r["id"]),
                state=state,
                state_label=states[state],
                badge=STATE_BADGE[state],
                countdown=self._countdown(state, void_at, days, hours),
                shown_mobile=(
                    r["mobile"] if self._owns(owner_id, state) else mask_mobile(r["mobile"])
                ),
                owner_name=(r["owner_name"] or r["owner_login"]) if owner_id else "",
                stage_label=stages.get(r["stage"], r["stage"]),
                last_contact_text=_local(r["last_contact_at"], "%m-%d %H:%M") or "—",
                registered_text=_local(r["registered_at"], "%Y-%m-%d"),
                pool_since_text=_local(r["dropped_at"] or void_at, "%Y-%m-%d %H:%M") or "—",
            )
            out.append(r)
        return out


def _local(moment: dt.datetime | None, fmt: str) -> str:
    return timezone.localtime(moment).strftime(fmt) if moment is not None else ""


def owner_name(c: Customer) -> str:
    """The owner's name (the login name for an account without a person), "" for none."""
    user = c.owner
    if user is None:
        return ""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.name if person is not None else user.get_username()


def owner_person_id(c: Customer) -> int | None:
    user = c.owner
    if user is None:
        return None
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.pk if person is not None else None


def already_owned_message(customer: Customer) -> str:
    """What the rep (or the desk) learns when the customer registered is already the
    owner's with a valid card: nothing was done (BR-CUS-03) — one sentence everywhere."""
    return _("%(name)s 已是 %(owner)s 的客户（卡有效），无需重复建档。") % {
        "name": customer.name,
        "owner": owner_name(customer),
    }


def duplicate_message(owner: str, state: str) -> str:
    """What a rep learns when the customer already has a card (BR-CUS-03, 10): who owns
    the customer, never the details."""
    card = {
        CardState.VALID: _("有效卡"),
        CardState.DUE_SOON: _("有效卡"),
        CardState.DEAL: _("已成交"),
        CardState.LOCKED: _("已锁定"),
    }.get(state)
    if not owner or card is None:
        return _("该客户已在公海中，可从公海领取。")
    return _("该客户已由 %(owner)s 负责（%(card)s）") % {"owner": owner, "card": card}
