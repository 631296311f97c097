"""Shared pieces of the activities API: pagination, people, errors, scopes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from l2c.activities.selectors import clean_scope
from l2c.core.api import ErrorSerializer

TAG = "activities"

#: The error answers every write may give (see ``l2c.core.api``).
WRITE_ERRORS = {
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    422: ErrorSerializer,
}
READ_ERRORS = {404: ErrorSerializer, 422: ErrorSerializer}
SCOPE_HELP = (
    "mine 我负责的 / team 本组 / department 本部门 / all 全部可见（默认：角色可见的最大范围）"
)


class ActivitiesPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


def paginated(view: APIView, request, items, serializer_class) -> Response:
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(items, request, view=view)
    data = serializer_class(page, many=True, context={"request": request}).data
    return paginator.get_paginated_response(data)


def person_of(user):
    if user is None:
        return None
    return getattr(user, "person", None) if hasattr(user, "person") else None


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="员工 id")
    name = serializers.CharField()

    class Meta:
        ref_name = "ActivityPersonRef"


@extend_schema_field(PersonRefSerializer)
class PersonRefField(serializers.Field):
    """A user shown as ``{id, name}`` of their person (the id of /api/v1/people/)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, user):
        person = person_of(user)
        if person is None:
            return {"id": None, "name": user.get_username()}
        return {"id": person.pk, "name": person.name}


def choice(values, *, help_text: str = "", **kwargs) -> serializers.CharField:
    """A choice documented as a plain string listing its values: the schema then needs no
    enum component, whose name could collide with another app's field of the same name."""
    values = [str(v) for v in values]

    def one_of(value):
        if value not in values:
            raise serializers.ValidationError(
                gettext_lazy("应为以下之一：%(v)s") % {"v": " / ".join(values)}
            )

    text = " / ".join(values)
    return serializers.CharField(
        validators=[one_of], help_text=f"{help_text}（{text}）" if help_text else text, **kwargs
    )


class ScopeFilterSerializer(serializers.Serializer):
    scope = choice(["mine", "team", "department", "all"], required=False, help_text=SCOPE_HELP)

    class Meta:
        ref_name = "ActivityScopeFilter"


def scope_of(request, data) -> str:
    return clean_scope(request.user, data.get("scope"))


class CustomerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()

    class Meta:
        ref_name = "ActivityCustomerRef"
