"""Audit rows as a person reads them: the action's label, each changed field by its verbose
name, and each value by its meaning (a choice by its label, a related record by its name, a
yes/no, a local time), with the raw code kept beside it for whoever needs it.

``present(entries)`` decorates the rows of one page in place. The records a change points to
by id are read in one query per related model for the whole page — never one per row — and
shown by ``str()`` only when that needs nothing more than the row itself and its required
foreign keys (``select_related()``); a ``__str__`` that would query again shows ``#id``. The
caller has already decided the viewer may see these rows (the record page through its scoped
selector, the audit log through ``audit_list``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import connections, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from l2c.audit.labels import CHANGE_KEYS, action_label
from l2c.audit.models import AuditLog
from l2c.core.money import yuan

EMPTY = "—"


@dataclass(frozen=True)
class ChangeRow:
    field: str  # the key as stored
    label: str  # the field's verbose name, or the key
    before: str
    after: str
    before_raw: str  # the stored value when it reads differently, else ""
    after_raw: str


def model_of(object_type: str) -> type[models.Model] | None:
    """The model an audit row's ``object_type`` (``app_label.model``) names, if it exists."""
    if not object_type or "." not in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    for name in (key, key[:-3] if key.endswith("_id") else None):
        if not name:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "concrete", False) or field.many_to_many:
            return field
    return None


def field_label(model: type[models.Model] | None, key: str) -> str:
    """The Chinese name of a changed field: the model field's verbose name when the model
    has that field (and named it), else the known non-field keys, else the key itself."""
    field = _field(model, key)
    if field is not None:
        name = str(field.verbose_name)
        if name and name != field.name.replace("_", " "):
            return name
    extra = CHANGE_KEYS.get(key)
    return str(extra[0]) if extra else key


def _related_model(field: models.Field | None) -> type[models.Model] | None:
    if field is not None and field.is_relation and (field.many_to_one or field.one_to_one):
        return field.related_model
    if field is not None and field.many_to_many:
        return field.related_model
    return None


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _ids(value: Any) -> list[int]:
    if _is_id(value):
        return [value]
    if isinstance(value, list):
        return [v for v in value if _is_id(v)]
    return []


class _WouldQuery(Exception):
    pass


def _refuse(execute, sql, params, many, context):
    raise _WouldQuery


def _names(model: type[models.Model], ids: set[int]) -> dict[int, str]:
    """``{id: str(row)}`` for the rows that exist, in one query."""
    user_model = get_user_model()
    qs = model._base_manager.filter(pk__in=ids)
    is_user = model is user_model and hasattr(user_model, "person")
    qs = qs.select_related("person") if is_user else qs.select_related()
    rows = list(qs)
    names: dict[int, str] = {}
    with connections[qs.db].execute_wrapper(_refuse):
        for row in rows:
            try:
                if is_user:
                    person = getattr(row, "person", None)
                    text = person.name if person is not None else row.get_username()
                else:
                    text = str(row)
            except (_WouldQuery, ObjectDoesNotExist):
                continue
            names[row.pk] = text[:100]
    return names


def _local_time(value: str) -> str | None:
    moment = parse_datetime(value)
    if moment is None:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "Y-m-d H:i")


def display_value(
    value: Any,
    field: models.Field | None = None,
    choices: dict | None = None,
    names: dict[int, str] | None = None,
) -> str:
    """One stored before/after value as a person reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list):
        return "、".join(display_value(v, field, choices, names) for v in value)
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if isinstance(value, dict):
        if "repr" in value:  # a related record, stored with its name at the time
            return str(value["repr"]) or EMPTY
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    if choices is None and field is not None and field.choices:
        choices = dict(field.flatchoices)
    if choices and isinstance(value, str | int) and value in choices:
        return str(choices[value])
    if _related_model(field) is not None and _is_id(value):
        return (names or {}).get(value, f"#{value}")
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        return _local_time(value) or value
    if isinstance(field, models.DecimalField) and field.decimal_places == 2:
        return yuan(value)  # money (元, 2 places): shown as on every other page
    return str(value)


def _raw(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "id" in value:
        return f"#{value['id']}"
    if isinstance(value, list):
        return ", ".join(_raw(v) for v in value)
    return json.dumps(value, ensure_ascii=False)


def present(entries: Iterable[AuditLog], *, changes: bool = True) -> list[AuditLog]:
    """Decorate audit rows for a page: ``action_label``, ``object_label`` (the kind of
    record) and, with ``changes``, ``change_rows``. Related names are read in one query per
    related model for all the rows together."""
    entries = list(entries)
    if not changes:
        for e in entries:
            e.action_label = action_label(e.action)
            e.object_label = _object_label(model_of(e.object_type))
        return entries
    plan = []
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    for e in entries:
        model = model_of(e.object_type)
        rows = []
        for key, pair in (e.changes or {}).items():
            field = _field(model, key)
            related = _related_model(field)
            pair = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
            before, after = pair
            if related is not None:
                wanted[related].update(_ids(before) + _ids(after))
            rows.append((key, field, related, before, after))
        plan.append((e, model, rows))
    names = {model: _names(model, ids) for model, ids in wanted.items() if ids}
    for e, model, rows in plan:
        e.action_label = action_label(e.action)
        e.object_label = _object_label(model)
        e.change_rows = []
        for key, field, related, before, after in rows:
            extra = CHANGE_KEYS.get(key) if field is None else None
            choices = extra[1] if extra else None
            found = names.get(related) if related is not None else None
            shown = [display_value(v, field, choices, found) for v in (before, after)]
            raws = [_raw(v) if v not in (None, "") else "" for v in (before, after)]
            e.change_rows.append(
                ChangeRow(
                    field=key,
                    label=field_label(model, key),
                    before=shown[0],
                    after=shown[1],
                    before_raw=raws[0] if raws[0] != shown[0] else "",
                    after_raw=raws[1] if raws[1] != shown[1] else "",
                )
            )
    return entries


def _object_label(model: type[models.Model] | None) -> str:
    return str(model._meta.verbose_name) if model is not None else ""
