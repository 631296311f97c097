"""What the engine knows about the business objects it approves (no signals).

An owning app registers its kind in ``AppConfig.ready()``::

    approvals.registry.register(ApprovalKind(
        key="discount", label="折扣审批", model=DiscountRequest,
        url=lambda obj: reverse("deals:discount", args=[obj.pk]),
    ))

(the model stands on ``approvals.documents.ApprovableDocument`` with
``approval_kind = "discount"``; its status follows the request unless ``on_outcome`` says
more) and submits with ``approvals.services.documents.document_submit(actor=…, doc=…,
title=…, facts=…)``. The chain is the policy setting ``approvals.chain.<key>``. When the
request ends (approved, rejected, withdrawn, cancelled) or re-enters approval, the engine
calls ``on_outcome(Outcome)`` inside the same transaction, so the object's own state and
the request's never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Outcome:
    """What happened to a request, for the owning app."""

    kind: str
    obj: Any
    request: Any  # ApprovalRequest
    state: str  # RequestState value: in_approval, approved, rejected, withdrawn, cancelled
    actor: Any  # the user whose action caused it (None for the system)
    comment: str = ""


@dataclass(frozen=True)
class ApprovalKind:
    key: str
    label: str
    model: type[models.Model]
    url: Callable[[Any], str]
    on_outcome: Callable[[Outcome], None] | None = None

    @property
    def chain_key(self) -> str:
        return f"approvals.chain.{self.key}"


_kinds: dict[str, ApprovalKind] = {}


def register(kind: ApprovalKind) -> None:
    """Register an approvable document's kind. A document whose status simply follows its
    approval (``approvals.documents.ApprovableDocument``), registered under its own
    ``approval_kind``, needs no outcome handler of its own: ``document_follows_outcome``
    is used."""
    from l2c.approvals.documents import ApprovableDocument

    own_kind = getattr(kind.model, "approval_kind", None) == kind.key
    if kind.on_outcome is None and own_kind and issubclass(kind.model, ApprovableDocument):
        from l2c.approvals.services.documents import document_follows_outcome

        kind = replace(kind, on_outcome=document_follows_outcome)
    _kinds[kind.key] = kind


def get(key: str) -> ApprovalKind | None:
    return _kinds.get(key)


def registered() -> dict[str, ApprovalKind]:
    return dict(_kinds)
