"""Helpers shared by the engine's services (no business action of their own)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from l2c import policy
from l2c.approvals import registry
from l2c.approvals.models import ApprovalEvent, ApprovalRequest, ApprovalStep
from l2c.core.errors import NotFoundError
from l2c.org.models import Person

# --- small helpers --------------------------------------------------------------------


def person_name(user) -> str:
    if user is None:
        return _("系统")
    person = Person.objects.filter(user=user).only("name").first()
    return person.name if person else user.get_username()


def json_facts(facts: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (facts or {}).items():
        out[str(key)] = str(value) if isinstance(value, Decimal) else value
    return out


def request_url(request: ApprovalRequest) -> str:
    return reverse("approvals:request", args=[request.pk])


def notify_people(recipients, kind: str, title: str, body: str, request: ApprovalRequest, key: str):
    from l2c.notifications.services import notify

    notify(
        recipients=[r for r in recipients if r is not None],
        kind=kind,
        title=title,
        body=body,
        url=request_url(request),
        obj=request,
        key=key,
    )


def record_event(request, action, *, actor=None, step_index=None, comment="", extra=None, at=None):
    return ApprovalEvent.objects.create(
        request=request,
        round=request.round,
        step_index=step_index,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=person_name(actor) if actor is not None else _("系统"),
        comment=comment,
        extra=extra or {},
        at=at or timezone.now(),
    )


def locked_request(request_id: int) -> ApprovalRequest:
    try:
        return ApprovalRequest.objects.select_for_update().get(pk=request_id)
    except (ApprovalRequest.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise NotFoundError("BR-APR-06", _("未找到该审批申请。")) from exc


def tell_outcome(request: ApprovalRequest, actor, comment: str = "") -> None:
    kind = registry.get(request.kind)
    if kind is None or kind.on_outcome is None:
        return
    obj = kind.model._default_manager.filter(pk=request.object_id).first()
    if obj is None:
        return
    kind.on_outcome(
        registry.Outcome(
            kind=request.kind,
            obj=obj,
            request=request,
            state=request.state,
            actor=actor,
            comment=comment,
        )
    )


def locked_current_step(request: ApprovalRequest) -> ApprovalStep:
    return ApprovalStep.objects.select_for_update().get(
        request=request, round=request.round, index=request.current_step
    )


def chain_with_version(kind_key: str) -> tuple[Any, int | None]:
    from l2c.policy.models import PolicyVersion

    key = f"approvals.chain.{kind_key}"
    raw = policy.value(key)
    version = (
        PolicyVersion.objects.filter(setting__key=key, effective_from__lte=timezone.now())
        .order_by("-effective_from", "-number")
        .values_list("number", flat=True)
        .first()
    )
    return raw, version
