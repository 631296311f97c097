"""Receiving a walk-in or a call (BR-REC-01…07): the register entry, who receives (rotation,
make-up, the named rep, or the rules of 客户区分 for a returning customer), registering the
customer, and the same-day first message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from l2c import policy
from l2c.audit.services import audit_record
from l2c.core.errors import BusinessRuleError, ConflictError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of
from l2c.customers import services as customer_services
from l2c.customers.models import Customer
from l2c.customers.policies import normalise_mobile
from l2c.notifications.services import notify
from l2c.org.selectors import absent_person_ids
from l2c.reception import attribution as rules
from l2c.reception import rotation
from l2c.reception.models import (
    Assignment,
    AttributionDecision,
    DutyRoster,
    Reception,
    ReceptionKind,
    Source,
)
from l2c.reception.permissions import RECEIVING_ROLES, require, require_desk_of
from l2c.reception.selectors.desk import Rotation, rotation_now
from l2c.reception.services._common import (
    local_day,
    lock_roster,
    people_by_user,
    require_today,
)
from l2c.reception.services.attribution import answers_from, record_decision, splits
from l2c.reception.services.entries import entry_for

#: who may receive customers
RECEIVER_ROLES = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER})
#: a clock a little ahead of the server's is not an error
FUTURE_SLACK = dt.timedelta(minutes=5)


@dataclass
class Received:
    reception: Reception
    turn: rotation.Turn | None = None
    decision: AttributionDecision | None = None


def default_roster(actor, now: dt.datetime) -> DutyRoster | None:
    """Today's roster of the actor's department: the department's own, else their team's."""
    viewer = viewer_of(actor)
    rosters = list(
        DutyRoster.objects.filter(day=local_day(now), department_id=viewer.department_id)
    )
    for roster in rosters:
        if roster.team_id is None:
            return roster
    for roster in rosters:
        if roster.team_id in viewer.team_ids:
            return roster
    return rosters[0] if len(rosters) == 1 else None


def received_at_of(value: Any, now: dt.datetime) -> dt.datetime:
    """The moment of first contact: now, or earlier the same day — never a back-dated entry
    (BR-REC-01)."""
    if value in (None, ""):
        return now
    at = value if isinstance(value, dt.datetime) else parse_datetime(str(value))
    if at is None:
        raise BusinessRuleError("BR-REC-01", _("时间格式无效。"), field="received_at")
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at > now + FUTURE_SLACK:
        raise BusinessRuleError("BR-REC-01", _("不能登记将来的时间。"), field="received_at")
    if local_day(at) != local_day(now):
        raise BusinessRuleError(
            "BR-REC-01",
            _("来人来电须在首次接触当天登记，不能补登以前日期的记录。"),
            field="received_at",
            code="back_dated",
        )
    return at


def _clean(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    if kind not in ReceptionKind.values:
        raise BusinessRuleError("BR-REC-01", _("登记类型无效。"), field="kind")
    name = str(data.get("name") or "").strip()
    if not name or len(name) > 60:
        raise BusinessRuleError("BR-REC-01", _("请填写客户称呼（不超过 60 字）。"), field="name")
    source = str(data.get("source") or Source.PASSING)
    if source not in Source.values:
        raise BusinessRuleError("BR-REC-01", _("渠道无效。"), field="source")
    return {
        "name": name,
        "mobile": normalise_mobile(data.get("mobile")),
        "source": source,
        "inquiry": str(data.get("inquiry") or "").strip()[:500],
    }


def _user_id(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise BusinessRuleError("BR-REC-04", _("置业顾问无效。"), field=field) from exc


def _present(rot: Rotation | None, candidates: set[int], now: dt.datetime) -> frozenset[int]:
    """Who is here now: on duty and not away, or off duty but in the office (no absence)."""
    people = people_by_user(candidates)
    absent = absent_person_ids(at=now)
    here = {
        uid
        for uid, p in people.items()
        if p.pk not in absent and (rot is None or uid not in rot.away)
    }
    return frozenset(here | (rot.present if rot else set()))


def _earlier_receivers(customer: Customer, now: dt.datetime) -> tuple[int, ...]:
    since = now - dt.timedelta(days=policy.value("customers.protection_days", at=now))
    reps = (
        Reception.objects.filter(customer=customer, received_at__gte=since)
        .order_by("received_at", "id")
        .values_list("rep_id", flat=True)
    )
    return tuple(dict.fromkeys(reps))


def _facts(customer, answers, rot, now, earlier_present) -> rules.Facts:
    nxt = rot.next_turn() if rot else None
    candidates = {customer.owner_id, answers.earlier_rep, answers.wanted_rep, *answers.named_reps}
    present = set(_present(rot, {c for c in candidates if c}, now))
    b = answers.earlier_rep or customer.owner_id
    if earlier_present is not None and b is not None:
        present = present | {b} if earlier_present else present - {b}
    return rules.Facts(
        owner=customer.owner_id,
        owner_valid=customer_services.is_effectively_owned(customer, now),
        present=frozenset(present),
        rotation_rep=nxt.rep if nxt else None,
        earlier_receivers=_earlier_receivers(customer, now),
    )


@transaction.atomic
def reception_receive(
    *, actor, kind: str, data: dict[str, Any], roster_id: int | None = None
) -> Received:
    """Register a walk-in (来人登记) or a call (来电登记) and give it to a rep.

    * a new walk-in: the rep the visitor asks for (BR-REC-04, no turn), else the rotation:
      make-up turns first, absentees skipped and owed (BR-REC-02/03);
    * a returning walk-in (the phone is in the register, or the visitor says they came
      before): no turn (BR-REC-05); 客户区分 decides who receives and records the split
      (BR-ATT-*), from the desk's answers in ``data["answers"]``;
    * a call: the rep the desk chooses (default: the card holder, the actor if a rep, or the
      next in line, without taking a turn).
    """
    now = timezone.now()
    at = received_at_of(data.get("received_at"), now)
    clean = _clean(kind, data)
    walk_in = kind == ReceptionKind.WALK_IN
    if roster_id is None:
        found = default_roster(actor, now)
        roster_id = found.pk if found else None
    if walk_in and roster_id is None:
        raise BusinessRuleError(
            "BR-REC-02", _("今天还没有安排轮值表，请先安排值班顺序。"), code="no_roster"
        )
    roster = lock_roster(roster_id) if roster_id is not None else None
    if roster is not None:
        require_desk_of(actor, roster)
        require_today(roster, now)
    else:
        require(actor, RECEIVING_ROLES, _("您没有登记来人来电的权限。"))
    rot = rotation_now(roster, now) if roster is not None else None
    customer = (
        Customer.objects.select_related("owner")
        .filter(mobile=clean["mobile"], archived_at=None)
        .first()
        if clean["mobile"]
        else None
    )
    said_first = data.get("is_first_visit")
    first_visit = customer is None and said_first not in (False, "false", "0", 0)
    requested = _user_id(data.get("requested_rep"), "requested_rep")
    turn: rotation.Turn | None = None
    outcome: rules.Outcome | None = None
    answers = None
    facts = None
    if walk_in and first_visit:
        if requested is not None:
            rep, how = requested, Assignment.NAMED
            note = _("客户指定接待（BR-REC-04），不占轮次")
        else:
            turn = rot.next_turn()
            if turn is None:
                raise BusinessRuleError(
                    "BR-REC-03", _("值班人员都不在接待台，请先标记有人返回。"), code="nobody_here"
                )
            rep, how = turn.rep, turn.how
            names = [rot.person(u).name for u in turn.skipped]
            note = (
                _("补接（空几轮，补接几名，BR-REC-03）")
                if how == rotation.MAKEUP
                else _("轮流接待（BR-REC-02）")
            )
            if names:
                note += _("；跳过：%(n)s（不在，欠补接）") % {"n": "、".join(names)}
    elif walk_in:
        how = Assignment.RETURNING
        note = _("老客户再次来访，不计入接待名额（BR-REC-05）")
        if customer is not None:
            answers = answers_from(data.get("answers"))
            if requested is not None and answers.wanted_rep is None:
                answers = replace(answers, wanted_rep=requested)
            facts = _facts(customer, answers, rot, now, data.get("earlier_present"))
            outcome = rules.decide(answers, facts, splits(now))
            rep = outcome.receiver
            note += f"；{outcome.rule}"
        else:
            nxt = rot.next_turn()
            rep = requested if requested is not None else (nxt.rep if nxt else None)
    else:
        how = Assignment.NAMED if requested is not None else Assignment.CHOSEN
        note = _("来电不占轮次")
        rep = _user_id(data.get("rep"), "rep") or requested
        if (
            rep is None
            and customer is not None
            and customer_services.is_effectively_owned(customer, now)
        ):
            rep = customer.owner_id
        if rep is None and Role.REP in viewer_of(actor).roles:
            rep = actor.pk
        if rep is None and rot is not None:
            nxt = rot.next_turn()
            rep = nxt.rep if nxt else None
    person = people_by_user([rep]).get(rep) if rep is not None else None
    if person is None or not set(person.role_codes) & RECEIVER_ROLES:
        raise BusinessRuleError("BR-REC-01", _("请选择一位在职的置业顾问接待。"), field="rep")
    entry = Reception.objects.create(
        kind=kind,
        roster=roster,
        received_at=at,
        rep=person.user,
        team_id=person.team_id,
        department_id=person.department_id,
        is_first_visit=first_visit,
        customer=customer,
        assignment=how,
        turn_consumed=turn is not None,
        turn_note=str(note)[:200],
        skipped=list(turn.skipped) if turn else [],
        recorded_by=actor,
        **clean,
    )
    decision = None
    if outcome is not None:
        decision = record_decision(
            actor=actor,
            customer=customer,
            reception=entry,
            outcome=outcome,
            answers=answers,
            facts=facts,
            at=now,
        )
    audit_record(
        actor=actor,
        action="reception.receive",
        obj=entry,
        rule=outcome.rule if outcome else ("BR-REC-02" if turn else "BR-REC-01"),
        extra={
            "kind": kind,
            "rep": person.name,
            "assignment": how,
            "turn_consumed": turn is not None,
            "skipped": list(turn.skipped) if turn else [],
            "decision": decision.pk if decision else None,
        },
    )
    notify(
        recipients=[person.user],
        kind="reception.assigned",
        title=_("新接待：%(name)s（%(kind)s）")
        % {"name": clean["name"], "kind": entry.get_kind_display()},
        body=str(note),
        url=f"/reception/entries/{entry.pk}/",
        obj=entry,
    )
    return Received(entry, turn, decision)


@transaction.atomic
def attribution_decide(
    *, actor, reception_id, answers: dict[str, Any], earlier_present: bool | None = None
) -> AttributionDecision:
    """Record the 客户区分 decision for a returning visitor whose entry has a customer but no
    decision yet (e.g. registered after the visit) (BR-ATT-*)."""
    now = timezone.now()
    entry = entry_for(actor, reception_id)
    if entry.customer_id is None:
        raise BusinessRuleError("BR-ATT-01", _("请先登记或查到客户。"), code="no_customer")
    if entry.decisions.exists():
        raise ConflictError("BR-ATT-01", _("该次接待已有客户区分记录。"), code="decided")
    roster = lock_roster(entry.roster_id) if entry.roster_id else None
    rot = rotation_now(roster, now) if roster is not None else None
    customer = Customer.objects.select_related("owner").get(pk=entry.customer_id)
    parsed = answers_from(answers)
    facts = _facts(customer, parsed, rot, now, earlier_present)
    outcome = rules.decide(parsed, facts, splits(now))
    decision = record_decision(
        actor=actor,
        customer=customer,
        reception=entry,
        outcome=outcome,
        answers=parsed,
        facts=facts,
        at=now,
    )
    audit_record(
        actor=actor,
        action="attribution.decide",
        obj=decision,
        rule=outcome.rule,
        extra={"shares": [[s.user, str(s.percent), s.condition] for s in outcome.shares]},
    )
    return decision
