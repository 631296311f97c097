"""Shared pieces of the reception API: person ids in and out, errors, pagination."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination

from l2c.core.api import ErrorSerializer
from l2c.org.models import Person

TAG = "reception"
WRITE_ERRORS = {
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    422: ErrorSerializer,
}
PERSON_HELP = "员工 id（即 /api/v1/people/ 返回的 id，不是登录账号 id）"


class ReceptionPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200


class PersonIdField(serializers.IntegerField):
    """A person id in, the person's login account id out (422 for an unknown person)."""

    default_error_messages = {"unknown": gettext_lazy("未找到该员工。")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**62)
        kwargs.setdefault("help_text", PERSON_HELP)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        person_id = super().run_validation(data)
        if person_id is None:
            return None
        user_id = Person.objects.filter(pk=person_id).values_list("user_id", flat=True).first()
        if user_id is None:
            self.fail("unknown")
        return user_id


class Choice(serializers.CharField):
    """A choice sent as a plain string (documented in its help text): enum names in the
    shared OpenAPI schema would collide with other apps' fields of the same name."""

    default_error_messages = {"invalid_choice": gettext_lazy("“%(value)s” 不是有效的选项。")}

    def __init__(self, choices, **kwargs):
        self.allowed = [str(c[0] if isinstance(c, tuple | list) else c) for c in choices]
        labels = [f"{c[0]} {c[1]}" if isinstance(c, tuple | list) else str(c) for c in choices]
        help_text = kwargs.pop("help_text", "")
        kwargs["help_text"] = (
            f"{help_text}（{' / '.join(labels)}）" if help_text else " / ".join(labels)
        )
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value not in self.allowed:
            self.fail("invalid_choice", value=value)
        return value


def person_of(user):
    if user is None:
        return None
    return getattr(user, "person", None) if hasattr(user, "person") else None


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
