"""Helpers shared by the services of contracts (no business action of their own)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from l2c.contracts.models import Contract, ContractChange, Reservation
from l2c.core.errors import BusinessRuleError, NotFoundError, PermissionDeniedError
from l2c.core.money import to_yuan
from l2c.core.roles import Role
from l2c.org.models import Person

#: who may sign reservations and contracts for a customer (the handling rep and above)
SALES_ROLES = frozenset({Role.REP, Role.SUPERVISOR, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.GM})
#: who sees every contract (BR-CON-06 "公司领导")
COMPANY_LEADERS = frozenset({Role.GM, Role.VP, Role.DIRECTOR})
MAX_MONEY = Decimal("999999999999.99")


def person_of(actor) -> Person | None:
    if actor is None:
        return None
    return Person.objects.filter(user_id=actor.pk).select_related("department").first()


def _is_sales(person: Person | None) -> bool:
    return (
        person is not None
        and bool(set(person.role_codes) & SALES_ROLES)
        and person.department_id is not None
    )


def may_sign(actor) -> bool:
    """Whether the actor may sign reservations and contracts at all (the check of
    ``sales_person``, for pages that offer the action)."""
    return _is_sales(person_of(actor))


def sales_person(actor, rule: str) -> Person:
    """The actor's person, who must be a salesperson with a department."""
    person = person_of(actor)
    if not _is_sales(person):
        raise PermissionDeniedError(rule, _("只有销售人员可以办理认购与签约。"))
    return person


def money(raw: Any, field: str, rule: str, *, allow_zero: bool = False) -> Decimal:
    """An amount in 元 (BR-FIN-02): exact, two places, half-up; positive unless allowed."""
    try:
        value = to_yuan(raw)
    except (ValueError, InvalidOperation, TypeError) as exc:
        raise BusinessRuleError(rule, _("请输入正确的金额。"), field=field) from exc
    if value < 0 or (value == 0 and not allow_zero) or value > MAX_MONEY:
        raise BusinessRuleError(rule, _("金额应大于零且不超过上限。"), field=field)
    return value


def locked_reservation(reservation_id: Any, rule: str) -> Reservation:
    try:
        return Reservation.objects.select_for_update().get(pk=int(reservation_id))
    except (Reservation.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(rule, _("未找到该认购书。")) from exc


def locked_contract(contract_id: Any, rule: str) -> Contract:
    try:
        return Contract.objects.select_for_update().get(pk=int(contract_id))
    except (Contract.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(rule, _("未找到该合同。")) from exc


def locked_change(change_id: Any, rule: str) -> ContractChange:
    try:
        return ContractChange.objects.select_for_update().get(pk=int(change_id))
    except (ContractChange.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError(rule, _("未找到该变更申请。")) from exc


def is_superior_of(person: Person | None, *, department_id: int, team_id: int | None) -> bool:
    """The manager of the department or the supervisor of the team of a document."""
    if person is None:
        return False
    roles = set(person.role_codes)
    if Role.MANAGER in roles and person.department_id == department_id:
        return True
    return bool(
        Role.SUPERVISOR in roles and team_id is not None and team_id in person.scope_team_ids
    )


def may_handle(actor, doc) -> bool:
    """The handling rep, their supervisor or manager, or a company leader."""
    if actor is None:
        return False
    if doc.owner_id == actor.pk:
        return True
    person = person_of(actor)
    if person is None:
        return False
    if set(person.role_codes) & COMPANY_LEADERS:
        return True
    return is_superior_of(person, department_id=doc.department_id, team_id=doc.team_id)


def doc_ref(obj) -> str:
    """How a unit event names the document behind it: ``reservation:12``, ``contract:7``."""
    return f"{obj._meta.model_name}:{obj.pk}"
