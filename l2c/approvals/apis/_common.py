"""Shared pieces of the approvals API: pagination, people by person id, errors."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from rest_framework.pagination import LimitOffsetPagination

from l2c.approvals import registry
from l2c.approvals.models import ApprovalStep, RequestState
from l2c.org.fields import person_of

TAG = "approvals"

STATE_HELP = " / ".join(RequestState.values)


class ApprovalPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


# --- people: ids and names ------------------------------------------------------------


def name_of(user) -> str | None:
    """The person's name (the login name for an account without a person), or ``None``."""
    if user is None:
        return None
    person = person_of(user)
    return person.name if person is not None else user.get_username()


def person_id_of(user) -> int | None:
    person = person_of(user)
    return person.pk if person is not None else None


def approval_kind_label(kind: str) -> str:
    spec = registry.get(kind)
    return str(spec.label) if spec is not None else kind


def with_current_step(qs: QuerySet, prefix: str = "") -> QuerySet:
    """Annotate the name and deadline of each request's current step (no extra query)."""
    current = ApprovalStep.objects.filter(
        request=OuterRef(f"{prefix}pk"),
        round=OuterRef(f"{prefix}round"),
        index=OuterRef(f"{prefix}current_step"),
    )
    return qs.annotate(
        current_step_name=Subquery(current.values("name")[:1]),
        current_step_deadline_at=Subquery(current.values("deadline_at")[:1]),
    )


# --- the list of requests ---------------------------------------------------------------
