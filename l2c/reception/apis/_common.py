"""Shared pieces of the reception API: person ids in and out, errors, pagination."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination

from l2c.core import api
from l2c.org.fields import PersonIdField, person_of
from l2c.org.models import Person

TAG = "reception"


class ReceptionPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class Choice(api.Choice):
    """A choice sent as a plain string, at most 40 letters."""

    def __init__(self, choices, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(choices, **kwargs)


def person_id(user) -> int | None:
    person = person_of(user)
    return person.pk if person is not None else None


def person_name(user) -> str:
    person = person_of(user)
    if person is not None:
        return person.name
    return user.get_username() if user is not None else ""


def person_ids_by_user(user_ids) -> dict[int, int]:
    return dict(Person.objects.filter(user_id__in=set(user_ids)).values_list("user_id", "pk"))


class AnswersSerializer(serializers.Serializer):
    """客户区分准则's questions (BR-ATT-*); reps are person ids."""

    came_before = serializers.BooleanField(required=False, default=True)
    earlier_rep = PersonIdField(required=False, allow_null=True, help_text="原接待人 B 的员工 id")
    wanted_rep = PersonIdField(required=False, allow_null=True, help_text="客户要求的 A 的员工 id")
    helper_rep = PersonIdField(required=False, allow_null=True, help_text="协助接待 C 的员工 id")
    forgot = serializers.BooleanField(
        required=False, default=False, help_text="忘记谁接待（BR-ATT-07）"
    )
    refuses_earlier = serializers.BooleanField(
        required=False, default=False, help_text="不愿找 B（BR-ATT-02）"
    )
    complaint = serializers.BooleanField(
        required=False, default=False, help_text="投诉 B（BR-ATT-04）"
    )
    named_reps = serializers.ListField(
        child=PersonIdField(),
        required=False,
        default=list,
        max_length=10,
        help_text="说出的多名置业顾问，按顺序（BR-ATT-05）",
    )
    nth_visit_named = serializers.BooleanField(
        required=False, default=False, help_text="第 N 次来访指定 A（BR-ATT-08）"
    )
    seeks_discount = serializers.BooleanField(
        required=False, default=False, help_text="为争取折扣找他人（BR-ATT-06）"
    )
    event = serializers.BooleanField(
        required=False, default=False, help_text="活动/开盘（BR-ATT-10）"
    )

    class Meta:
        ref_name = "ReceptionAttributionAnswers"
