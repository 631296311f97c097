"""Sales control (销控, BR-CAT-03): every state change of a unique unit.

Each service locks the unit row (``SELECT … FOR UPDATE``), checks the *effective* state
(a hold past its expiry is available), writes the new state, one :class:`UnitEvent` and one
audit record — all in one transaction, so two reps can never reserve the same unit, and a
refusal leaves nothing behind (002 art. 2 (九) 8: check the board before taking a deposit).

``unit_reserve``, ``unit_contract``, ``unit_deliver`` and ``unit_cancel`` are called by the
documents that cause them (reservation, contract, delivery, cancellation / exchange) inside
those documents' own transactions; the document's service has already checked who may
sign it, so here only the unit's state is checked.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c.audit.services import audit_record
from l2c.catalog.models import Unit, UnitEvent, UnitState
from l2c.catalog.policies import (
    HOLD_LEADERS,
    MAX_HOLD_HOURS,
    SALES_ROLES,
    effective_state,
    hold_hours,
    refusal,
    short_time,
)
from l2c.core.errors import BusinessRuleError, NotFoundError, PermissionDeniedError
from l2c.core.roles import Role
from l2c.core.scope import viewer_of, visible_to
from l2c.org.models import Person

RULE = "BR-CAT-03"
UNAVAILABLE = "unit_unavailable"
ILLEGAL = "illegal_transition"


# --- helpers ----------------------------------------------------------------------------


def _lock(unit_id: int) -> Unit:
    try:
        return Unit.objects.select_for_update().get(pk=int(unit_id))
    except (Unit.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(RULE, _("未找到该单位。")) from exc


def _name(user) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.name if person is not None else user.get_username()


def _holder_name(unit: Unit) -> str:
    if unit.holder_id is None:
        return ""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_related("person").filter(pk=unit.holder_id).first()
    return _name(user)


def _is_leader(actor) -> bool:
    v = viewer_of(actor)
    return bool(v.roles & HOLD_LEADERS) or v.is_superuser


def may_release(actor, unit: Unit) -> bool:
    """Who may give back someone's hold (BR-CAT-03): the holder; a leader over the holder —
    their supervisor, their department's manager, a company-wide leader (the holder's
    record is in the leader's data scope, BR-ORG-02); or the manager of the department
    whose project the unit belongs to."""
    if unit.holder_id == getattr(actor, "pk", None):
        return True
    if not _is_leader(actor):
        return False
    viewer = viewer_of(actor)
    if viewer.is_superuser:
        return True
    own_project = viewer.department_id is not None and (
        unit.project.department_id == viewer.department_id
    )
    if Role.MANAGER in viewer.roles and own_project:
        return True
    holder = Person.objects.filter(user_id=unit.holder_id)
    return visible_to(viewer, holder).exists()


def _require_sales(actor) -> None:
    v = viewer_of(actor)
    if not (v.roles & SALES_ROLES):
        raise PermissionDeniedError(RULE, _("只有销售人员可以操作销控。"))


def _customer_exists(customer_id: int | None) -> int | None:
    if customer_id is None:
        return None
    from l2c.customers.models import Customer

    try:
        pk = int(customer_id)
    except (TypeError, ValueError) as exc:
        raise NotFoundError(RULE, _("未找到该客户。"), field="customer_id") from exc
    if not Customer.objects.filter(pk=pk).exists():
        raise NotFoundError(RULE, _("未找到该客户。"), field="customer_id")
    return pk


def _refuse(unit: Unit, state: str, doing: str) -> BusinessRuleError:
    return BusinessRuleError(
        RULE,
        refusal(unit.code, state, _holder_name(unit), unit.held_until, doing),
        code=UNAVAILABLE,
    )


def _illegal(unit: Unit, state: str, doing: str) -> BusinessRuleError:
    return BusinessRuleError(
        RULE,
        _("%(code)s 当前为「%(state)s」，不能%(doing)s。")
        % {"code": unit.code, "state": UnitState(state).label, "doing": doing},
        code=ILLEGAL,
    )


def _settle_expired(unit: Unit, now: dt.datetime) -> bool:
    """A hold past its expiry is recorded as returned to available (as the tick would):
    the event is dated at the expiry. Returns whether it did."""
    if unit.state != UnitState.HELD or effective_state(unit.state, unit.held_until, now) != (
        UnitState.AVAILABLE
    ):
        return False
    UnitEvent.objects.create(
        unit=unit,
        from_state=UnitState.HELD,
        to_state=UnitState.AVAILABLE,
        at=unit.held_until or now,
        actor=None,
        reason=str(_("销控保留到期")),
        rule=RULE,
        document="",
    )
    unit.state = UnitState.AVAILABLE
    unit.state_changed_at = unit.held_until or now
    unit.holder = None
    unit.customer = None
    unit.held_until = None
    return True


def _move(
    unit: Unit,
    *,
    actor,
    to: str,
    now: dt.datetime,
    action: str,
    reason: str = "",
    document: str = "",
    holder=None,
    customer_id: int | None = None,
    held_until: dt.datetime | None = None,
    extra: dict | None = None,
) -> Unit:
    """Write the new state, the event and the audit record (the unit is locked)."""
    before = {
        "state": unit.state,
        "holder": unit.holder_id,
        "customer": unit.customer_id,
        "held_until": unit.held_until,
    }
    from_state = unit.state
    unit.state = to
    unit.state_changed_at = now
    unit.holder = holder
    unit.customer_id = customer_id
    unit.held_until = held_until
    unit.save_versioned(
        update_fields=["state", "state_changed_at", "holder", "customer", "held_until"]
    )
    UnitEvent.objects.create(
        unit=unit,
        from_state=from_state,
        to_state=to,
        at=now,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=(reason or "")[:200],
        rule=RULE,
        document=(document or "")[:60],
    )
    after = {
        "state": to,
        "holder": unit.holder_id,
        "customer": customer_id,
        "held_until": held_until,
    }
    audit_record(
        actor=actor,
        action=action,
        obj=unit,
        rule=RULE,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        extra={"document": document, "reason": reason} if (document or reason) else extra,
    )
    return unit


def _same_party(unit: Unit, actor, customer_id: int | None) -> bool:
    """A live hold may turn into a reservation/contract by the rep who holds it, or for the
    customer it is held for."""
    return unit.holder_id == getattr(actor, "pk", None) or (
        customer_id is not None and unit.customer_id == customer_id
    )


def _handler(unit: Unit, actor):
    """The handling rep (经办人) of a reservation/contract: the actor when a sales person,
    else the rep who held it (finance registering a deposit keeps the rep's name)."""
    if viewer_of(actor).roles & SALES_ROLES or unit.holder_id is None:
        return actor
    return unit.holder


# --- the services -----------------------------------------------------------------------


@transaction.atomic
def unit_hold(
    *, actor, unit_id: int, customer_id: int | None = None, hours: int | None = None
) -> Unit:
    """销控保留: available (or an expired hold) → held until now + policy
    ``catalog.hold_hours``; only a leader may choose another length."""
    _require_sales(actor)
    now = timezone.now()
    default = hold_hours(now)
    if hours is not None and int(hours) != default:
        if not _is_leader(actor):
            raise PermissionDeniedError(RULE, _("只有主管及以上可以设定保留时长。"), field="hours")
        if not 1 <= int(hours) <= MAX_HOLD_HOURS:
            raise BusinessRuleError(
                RULE,
                _("保留时长应在 1 到 %(max)s 小时之间。") % {"max": MAX_HOLD_HOURS},
                field="hours",
            )
    length = int(hours) if hours is not None else default
    if customer_id is not None:
        from l2c.customers.selectors import customer_get

        customer_id = customer_get(viewer=actor, customer_id=customer_id).pk
    unit = _lock(unit_id)
    _settle_expired(unit, now)
    if unit.state == UnitState.HELD and unit.holder_id == actor.pk:
        raise BusinessRuleError(
            RULE,
            _("您已保留 %(code)s 至 %(until)s。")
            % {"code": unit.code, "until": short_time(unit.held_until)},
            code="already_held",
        )
    if unit.state != UnitState.AVAILABLE:
        raise _refuse(unit, unit.state, _("保留"))
    return _move(
        unit,
        actor=actor,
        to=UnitState.HELD,
        now=now,
        action="unit.hold",
        reason=str(_("销控保留 %(h)s 小时") % {"h": length}),
        holder=actor,
        customer_id=customer_id,
        held_until=now + dt.timedelta(hours=length),
    )


@transaction.atomic
def unit_release(*, actor, unit_id: int, reason: str = "") -> Unit:
    """Give a hold back: held → available, by the holder or a leader."""
    _require_sales(actor)
    now = timezone.now()
    unit = _lock(unit_id)
    state = effective_state(unit.state, unit.held_until, now)
    if state != UnitState.HELD:  # an expired hold is available already: nothing to release
        raise _illegal(unit, state, _("释放保留"))
    if not may_release(actor, unit):
        raise PermissionDeniedError(
            RULE,
            _("只有保留人 %(who)s、其上级主管或本项目的销售经理可以释放。")
            % {"who": _holder_name(unit)},
        )
    return _move(
        unit,
        actor=actor,
        to=UnitState.AVAILABLE,
        now=now,
        action="unit.release",
        reason=reason or str(_("释放保留")),
    )


@transaction.atomic
def unit_reserve(*, actor, unit_id: int, customer_id: int, document: str) -> Unit:
    """认购 (deposit taken): available, an expired hold, or a live hold by the same rep or
    for the same customer → reserved. Anything else is refused naming the holder."""
    now = timezone.now()
    customer_id = _customer_exists(customer_id)
    unit = _lock(unit_id)
    _settle_expired(unit, now)
    if unit.state == UnitState.HELD and not _same_party(unit, actor, customer_id):
        raise _refuse(unit, unit.state, _("认购"))
    if unit.state not in (UnitState.AVAILABLE, UnitState.HELD):
        raise _refuse(unit, unit.state, _("认购"))
    return _move(
        unit,
        actor=actor,
        to=UnitState.RESERVED,
        now=now,
        action="unit.reserve",
        reason=str(_("认购")),
        document=document,
        holder=_handler(unit, actor),
        customer_id=customer_id,
    )


@transaction.atomic
def unit_contract(*, actor, unit_id: int, customer_id: int, document: str) -> Unit:
    """签约: reserved for the same customer → contracted; also available or an own / same
    customer's live hold → contracted (a contract straight from a quote)."""
    now = timezone.now()
    customer_id = _customer_exists(customer_id)
    unit = _lock(unit_id)
    _settle_expired(unit, now)
    if unit.state == UnitState.RESERVED:
        if unit.customer_id != customer_id:
            raise _refuse(unit, unit.state, _("签约"))
    elif unit.state == UnitState.HELD:
        if not _same_party(unit, actor, customer_id):
            raise _refuse(unit, unit.state, _("签约"))
    elif unit.state != UnitState.AVAILABLE:
        raise _refuse(unit, unit.state, _("签约"))
    holder = unit.holder if unit.state == UnitState.RESERVED else _handler(unit, actor)
    return _move(
        unit,
        actor=actor,
        to=UnitState.CONTRACTED,
        now=now,
        action="unit.contract",
        reason=str(_("签约")),
        document=document,
        holder=holder or actor,
        customer_id=customer_id,
    )


@transaction.atomic
def unit_deliver(*, actor, unit_id: int, document: str) -> Unit:
    """交付: contracted → delivered."""
    now = timezone.now()
    unit = _lock(unit_id)
    if unit.state != UnitState.CONTRACTED:
        raise _illegal(unit, effective_state(unit.state, unit.held_until, now), _("交付"))
    return _move(
        unit,
        actor=actor,
        to=UnitState.DELIVERED,
        now=now,
        action="unit.deliver",
        reason=str(_("交付")),
        document=document,
        holder=unit.holder,
        customer_id=unit.customer_id,
    )


@transaction.atomic
def unit_cancel(*, actor, unit_id: int, document: str, reason: str) -> Unit:
    """退订 / 换房 / 解约: reserved or contracted → available again."""
    now = timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError(RULE, _("请填写取消原因。"), field="reason")
    unit = _lock(unit_id)
    if unit.state not in (UnitState.RESERVED, UnitState.CONTRACTED):
        raise _illegal(unit, effective_state(unit.state, unit.held_until, now), _("取消"))
    return _move(
        unit,
        actor=actor,
        to=UnitState.AVAILABLE,
        now=now,
        action="unit.cancel",
        reason=reason,
        document=document,
    )
