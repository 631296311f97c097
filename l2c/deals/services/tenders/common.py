"""What every tender service shares: the rules, the statuses a won tender has, the
tender locked for its bid team, the status check, the step row, the bid team and who
may see the confidential price (BR-DEAL-04)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import BusinessRuleError, ConflictError, PermissionDeniedError
from l2c.core.models import MAX_ID
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.deals.models import Tender, TenderStatus, TenderStep
from l2c.deals.services._common import is_leader_over, locked
from l2c.org.models import Person

RULE_REPORT = "BR-DEAL-02"
RULE = "BR-DEAL-04"
RULE_AWARD = "BR-DEAL-06"
APPROVAL_KIND = "bid_decision"
NOT_FOUND = "未找到该投标项目。"
WON_STATUSES = frozenset(
    {TenderStatus.PUBLICITY, TenderStatus.AWARDED, TenderStatus.CONTRACTED, TenderStatus.LAPSED}
)
MAX_TEAM = 30


def tender_url(tender: Tender) -> str:
    return reverse("deals:tender", args=[tender.pk])


def add_step(tender, kind, *, actor, at, note: str = "", late: bool = False) -> TenderStep:
    return TenderStep.objects.create(
        tender=tender,
        step=kind,
        at=at,
        recorded_at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=str(note)[:500],
        late=late,
    )


def team_ids(tender: Tender) -> set[int]:
    return set(tender.bid_team.values_list("id", flat=True))


def on_team(user, tender: Tender) -> bool:
    return bool(user is not None and user.pk) and tender.bid_team.filter(pk=user.pk).exists()


def price_visible_to(user, tender: Tender, *, team: set[int] | None = None) -> bool:
    """BR-DEAL-04: the bid price is confidential to the bid team and the GM (who decides
    the large bids) until the opening, when the opening record makes it public."""
    if tender.status in {TenderStatus.OPENED, TenderStatus.LOST} | WON_STATUSES:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if Role.GM in viewer_of(user).roles:
        return True
    members = team if team is not None else team_ids(tender)
    return user.pk in members


def tender_locked(tender_id) -> Tender:
    """The tender row locked for the caller's transaction (for finance's bond services)."""
    return locked(Tender, tender_id, rule=RULE, message=_(NOT_FOUND))


def tender_locked_for(actor, tender_id, *, team: bool = True, leaders: bool = True) -> Tender:
    tender = tender_locked(tender_id)
    if tender.owner_id == actor.pk or (team and on_team(actor, tender)):
        return tender
    if leaders and is_leader_over(actor, tender):
        return tender
    raise PermissionDeniedError(RULE, _("只有投标小组成员或其上级可以操作。"))


def require_status(tender: Tender, allowed, message: str) -> None:
    if tender.status not in allowed:
        raise ConflictError(
            RULE,
            _(message) + _("（当前：%(s)s）") % {"s": tender.get_status_display()},
            code="wrong_status",
        )


def clean_bid_team(raw_ids, owner_id: int) -> list[int]:
    ids = []
    for raw in raw_ids or []:
        try:
            ids.append(int(raw))
            if not 0 < ids[-1] <= MAX_ID:
                raise ValueError(raw)
        except (TypeError, ValueError) as exc:
            raise BusinessRuleError(RULE, _("投标小组成员无效。"), field="bid_team") from exc
    wanted = set(ids) | {owner_id}
    if len(wanted) > MAX_TEAM:
        raise BusinessRuleError(
            RULE, _("投标小组最多 %(n)s 人。") % {"n": MAX_TEAM}, field="bid_team"
        )
    found = set(
        Person.objects.filter(user_id__in=wanted, left_on__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    if found != wanted:
        raise BusinessRuleError(RULE, _("投标小组中有人不存在或已离职。"), field="bid_team")
    return sorted(wanted)
