"""Shared pieces of the deals API: pagination, people and customers, errors, choices."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination

from l2c.core.api import PagedListApi
from l2c.core.errors import BusinessRuleError
from l2c.org import fields
from l2c.org.models import Person

TAG = "deals"

MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}
ID = {"min_value": 1, "max_value": 2**62}


class DealsPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class DealsListApi(PagedListApi):
    """A list of the deals API, paged by ``DealsPagination``."""

    pagination_class = DealsPagination


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="员工 id（/api/v1/people/）")
    name = serializers.CharField()

    class Meta:
        ref_name = "DealsPersonRef"


@extend_schema_field(PersonRefSerializer)
class PersonRefField(fields.PersonRefField):
    """A user shown as ``{id, name}`` of their person, documented as ``DealsPersonRef``."""


class CustomerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()

    class Meta:
        ref_name = "DealsCustomerRef"


def users_of_people(person_ids, *, rule: str, field: str) -> list[int]:
    """The user ids of the given employee ids (422 if one does not exist)."""
    ids = list(dict.fromkeys(person_ids or []))
    found = dict(Person.objects.filter(pk__in=ids).values_list("pk", "user_id"))
    missing = [i for i in ids if i not in found]
    if missing:
        raise BusinessRuleError(
            rule,
            gettext_lazy("员工 %(ids)s 不存在。") % {"ids": ", ".join(map(str, missing))},
            field=field,
        )
    return [found[i] for i in ids]
