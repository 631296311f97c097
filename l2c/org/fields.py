"""API fields that name people by their *person* id (the ids of ``/api/v1/people/``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from l2c.org.models import Person

PERSON_HELP = "员工 id（即 /api/v1/people/ 返回的 id，不是登录账号 id）"


def person_of(user) -> Person | None:
    """The person of a login account (``None`` for no account or one without a person)."""
    if user is None:
        return None
    return getattr(user, "person", None) if hasattr(user, "person") else None


def user_ids_of(person_ids) -> dict[int, int]:
    """Person id → login account id, for the people that exist (one query)."""
    return dict(Person.objects.filter(pk__in=set(person_ids)).values_list("pk", "user_id"))


class PersonRefField(serializers.Field):
    """A login account shown as ``{id, name}`` of its person (the id of /api/v1/people/),
    read only. Each app's subclass names the schema component it is documented as."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, user):
        person = person_of(user)
        if person is None:
            return {"id": None, "name": user.get_username()}
        return {"id": person.pk, "name": person.name}


class PersonIdField(serializers.IntegerField):
    """A person id in, that person's login account id out (422 for an unknown person)."""

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
        user_id = user_ids_of([person_id]).get(person_id)
        if user_id is None:
            self.fail("unknown")
        return user_id
