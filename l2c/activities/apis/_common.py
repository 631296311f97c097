"""Shared pieces of the activities API: pagination, people, errors, scopes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination

from l2c.activities.selectors import clean_scope
from l2c.core.api import PagedListApi, choice
from l2c.org import fields

TAG = "activities"

SCOPE_HELP = (
    "mine 我负责的 / team 本组 / department 本部门 / all 全部可见（默认：角色可见的最大范围）"
)


class ActivitiesPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class ActivitiesListApi(PagedListApi):
    """A list of the activities API: paged by ``ActivitiesPagination``, in the scope the
    filters ask for (the widest the viewer's role allows when they ask for none)."""

    pagination_class = ActivitiesPagination

    def scope(self, request, filters) -> str:
        return clean_scope(request.user, filters.get("scope"))


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="员工 id")
    name = serializers.CharField()

    class Meta:
        ref_name = "ActivityPersonRef"


@extend_schema_field(PersonRefSerializer)
class PersonRefField(fields.PersonRefField):
    """A user shown as ``{id, name}`` of their person, documented as ``ActivityPersonRef``."""


class ScopeFilterSerializer(serializers.Serializer):
    scope = choice(["mine", "team", "department", "all"], required=False, help_text=SCOPE_HELP)

    class Meta:
        ref_name = "ActivityScopeFilter"


class CustomerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()

    class Meta:
        ref_name = "ActivityCustomerRef"
