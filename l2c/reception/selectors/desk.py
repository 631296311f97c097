"""Reads of the desk: today's rosters, who is away, and the rotation derived from the day's
register (BR-REC-02/03, BR-ORG-03). A fixed number of queries whatever the day holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.core.errors import NotFoundError
from l2c.core.scope import viewer_of
from l2c.org.models import Person
from l2c.org.selectors import absent_person_ids
from l2c.reception import rotation
from l2c.reception.models import DeskEvent, DeskEventKind, DutyRoster, Reception, RosterSlot
from l2c.reception.permissions import company_wide


def roster_queryset() -> QuerySet[DutyRoster]:
    return DutyRoster.objects.select_related("department", "team", "set_by__person")


def _desk_q(viewer) -> Q | None:
    """The desk board is public inside the department (everyone there sees who is next);
    company-wide roles see every department's."""
    v = viewer_of(viewer)
    if company_wide(v):
        return None
    return Q(department_id=v.department_id) if v.department_id else Q(pk__in=[])


def rosters_for_day(*, viewer, day: dt.date) -> QuerySet[DutyRoster]:
    qs = roster_queryset().filter(day=day)
    q = _desk_q(viewer)
    return (qs if q is None else qs.filter(q)).order_by("department_id", "team_id", "id")


def roster_get(*, viewer, roster_id) -> DutyRoster:
    qs = roster_queryset()
    q = _desk_q(viewer)
    if q is not None:
        qs = qs.filter(q)
    try:
        return qs.get(pk=int(roster_id))
    except (DutyRoster.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-ORG-02", _("未找到该轮值表。")) from exc


def names_of(user_ids) -> dict[int, str]:
    """People's names by login id (one query)."""
    ids = [u for u in user_ids if isinstance(u, int)]
    return dict(Person.objects.filter(user_id__in=ids).values_list("user_id", "name"))


def teams_of(department_id: int | None) -> list:
    """The teams a department's roster may be set for."""
    from l2c.org.models import Team

    return list(Team.objects.filter(department_id=department_id).order_by("id"))


def slots_of(roster: DutyRoster) -> list[RosterSlot]:
    return list(
        RosterSlot.objects.filter(roster=roster)
        .select_related("person__user", "person__team")
        .order_by("position")
    )


def turns_of(roster: DutyRoster) -> list[rotation.Turn]:
    """The entries of the day that took a turn, in the order the turns were given (the
    roster row is locked while a turn is given, so ids follow that order) (one query)."""
    rows = (
        Reception.objects.filter(roster=roster, turn_consumed=True)
        .order_by("id")
        .values_list("rep_id", "assignment", "skipped")
    )
    return [rotation.Turn(rep, how, tuple(skipped or ())) for rep, how, skipped in rows]


@dataclass
class Away:
    kind: str  # "desk" (marked out at the desk) | "absence" | "left" (BR-ORG-03)
    label: str
    since: dt.datetime | None = None
    note: str = ""


def away_now(roster: DutyRoster, people: list[Person], now: dt.datetime) -> dict[int, Away]:
    """Who of ``people`` is away now, by user id: on an absence or gone (BR-ORG-03), or
    marked out at the desk (their last desk event is "out") (three queries)."""
    away: dict[int, Away] = {}
    by_person = {p.pk: p for p in people}
    absent = absent_person_ids(at=now)
    for person in people:
        if person.pk in absent:
            left = person.left_on is not None and person.left_on <= timezone.localdate(now)
            away[person.user_id] = Away(
                "left" if left else "absence", _("已离职") if left else _("请假/出差")
            )
    last: dict[int, DeskEvent] = {}
    for event in DeskEvent.objects.filter(roster=roster, at__lte=now).order_by("at", "id"):
        last[event.person_id] = event
    for person_id, event in last.items():
        person = by_person.get(person_id)
        if person is not None and event.kind == DeskEventKind.OUT and person.user_id not in away:
            label = event.get_reason_display() or _("离开接待台")
            away[person.user_id] = Away("desk", label, event.at, event.note)
    return away


@dataclass
class Rotation:
    """The rotation of one roster now: the order, the folded state, who is present."""

    roster: DutyRoster
    slots: list[RosterSlot]
    order: list[int]  # user ids in the day's order
    state: rotation.State
    away: dict[int, Away]

    @property
    def present(self) -> frozenset[int]:
        return frozenset(u for u in self.order if u not in self.away)

    def next_turn(self) -> rotation.Turn | None:
        return rotation.next_turn(self.order, self.state, self.present)

    def person(self, user_id: int) -> Person | None:
        return next((s.person for s in self.slots if s.person.user_id == user_id), None)


def rotation_now(roster: DutyRoster, now: dt.datetime | None = None) -> Rotation:
    now = now or timezone.now()
    slots = slots_of(roster)
    order = [s.person.user_id for s in slots]
    state = rotation.fold(order, turns_of(roster))
    away = away_now(roster, [s.person for s in slots], now)
    return Rotation(roster, slots, order, state, away)


@dataclass
class MemberState:
    person: Person
    position: int
    away: Away | None
    owed: int
    received: int
    is_next: bool = False
    upcoming: int | None = None  # 1-based place in the coming queue


@dataclass
class DeskState:
    roster: DutyRoster
    members: list[MemberState]
    next: MemberState | None
    next_is_makeup: bool
    history: list[Reception] = field(default_factory=list)


def desk_state(roster: DutyRoster, now: dt.datetime | None = None) -> DeskState:
    """Everything the desk page shows about a roster (five queries)."""
    now = now or timezone.now()
    rot = rotation_now(roster, now)
    coming = rotation.queue(rot.order, rot.state, rot.present, length=len(rot.order) or 1)
    upcoming: dict[int, int] = {}
    for i, turn in enumerate(coming, start=1):
        upcoming.setdefault(turn.rep, i)
    nxt = coming[0] if coming else None
    members = [
        MemberState(
            person=s.person,
            position=s.position,
            away=rot.away.get(s.person.user_id),
            owed=rot.state.owed_by(s.person.user_id),
            received=rot.state.received.get(s.person.user_id, 0),
            is_next=nxt is not None and nxt.rep == s.person.user_id,
            upcoming=upcoming.get(s.person.user_id),
        )
        for s in rot.slots
    ]
    history = list(
        Reception.objects.filter(roster=roster)
        .select_related("rep__person", "customer")
        .order_by("-received_at", "-id")
    )
    names = {s.person.user_id: s.person.name for s in rot.slots}
    for entry in history:
        entry.skipped_names = [names.get(u, "?") for u in entry.skipped or []]
    return DeskState(
        roster=roster,
        members=members,
        next=next((m for m in members if m.is_next), None),
        next_is_makeup=nxt is not None and nxt.how == rotation.MAKEUP,
        history=history,
    )
