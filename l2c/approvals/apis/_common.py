"""Shared pieces of the approvals API: pagination, people by person id, errors."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.approvals import registry
from l2c.approvals.models import ApprovalStep, RequestState
from l2c.core.api import ErrorSerializer
from l2c.org.models import Person

TAG = "approvals"

#: The error answers every write may give (see ``l2c.core.api``).
WRITE_ERRORS = {
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    422: ErrorSerializer,
}

STATE_HELP = " / ".join(RequestState.values)
PERSON_HELP = "员工 id（即 /api/v1/people/ 返回的 id，不是登录账号 id）"


class ApprovalPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def _paginated(view: APIView, request, items, serializer_class, **context) -> Response:
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(items, request, view=view)
    data = serializer_class(page, many=True, context={"request": request, **context}).data
    return paginator.get_paginated_response(data)


# --- people: ids and names ------------------------------------------------------------


def _person_of(user):
    if user is None:
        return None
    return getattr(user, "person", None) if hasattr(user, "person") else None


def _name_of(user) -> str | None:
    """The person's name (the login name for an account without a person), or ``None``."""
    if user is None:
        return None
    person = _person_of(user)
    return person.name if person is not None else user.get_username()


def _person_id_of(user) -> int | None:
    person = _person_of(user)
    return person.pk if person is not None else None


def _kind_label(kind: str) -> str:
    spec = registry.get(kind)
    return str(spec.label) if spec is not None else kind


def _user_ids_of(person_ids: list[int]) -> dict[int, int]:
    """Person id → login account id, for the people that exist (one query)."""
    return dict(Person.objects.filter(pk__in=set(person_ids)).values_list("pk", "user_id"))


class PersonIdField(serializers.IntegerField):
    """A person id in, the person's login account id out (422 for an unknown person)."""

    default_error_messages = {"unknown": gettext_lazy("未找到该员工。")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**62)
        kwargs.setdefault("help_text", PERSON_HELP)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        person_id = super().run_validation(data)  # type and range first
        if person_id is None:
            return None
        user_id = _user_ids_of([person_id]).get(person_id)
        if user_id is None:
            self.fail("unknown")
        return user_id


def _with_current_step(qs: QuerySet, prefix: str = "") -> QuerySet:
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
