"""Writing the new customers of an import chunk fast and whole (BR-RPT-06): the INSERT
values are built from one template per owner (no model instance per row) and written with
COPY on PostgreSQL, ``executemany`` elsewhere — customer and registration record in one
savepoint. If the chunk collides with a concurrent registration, it is replayed row by row,
each row in its own savepoint, so a row lands whole or not at all."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from l2c.customers.import_models import RowOutcome
from l2c.customers.models import Customer, OwnershipKind, OwnershipRecord
from l2c.customers.services._common import give_ownership

#: the ownership fields a registration sets (copied from one template per owner)
OWNERSHIP_FIELDS = (
    "owner_id",
    "team_id",
    "department_id",
    "owned_since",
    "protected_until",
    "last_contact_at",
    "message_streak",
    "void_at",
    "void_reason",
    "dropped_at",
    "reminded_for",
)


class ChunkWriter:
    """Mixin of the import run: needs ``actor``, ``now``, ``job``, ``templates``, ``bases``
    and ``note()``."""

    def new_customer(self, row) -> Customer:
        assert row.owner is not None
        template = self.templates.get(row.owner.pk)
        if template is None:
            template = Customer()
            give_ownership(template, row.owner, self.now)
            self.templates[row.owner.pk] = template
        customer = Customer(
            **row.data,
            channel=row.channel,
            registered_by=self.actor,
            registered_at=self.now,
            created_at=self.now,
        )
        for name in OWNERSHIP_FIELDS:
            setattr(customer, name, getattr(template, name))
        return customer

    def record(self, customer: Customer) -> OwnershipRecord:
        return OwnershipRecord(
            customer=customer,
            kind=OwnershipKind.REGISTER,
            to_owner_id=customer.owner_id,
            actor=self.actor,
            reason=_("Excel 导入"),
            rule="BR-CUS-04",
            at=self.now,
        )

    def create(self, rows: list) -> None:
        if not rows:
            return
        try:
            with transaction.atomic():
                _insert(Customer, [self.values(r) for r in rows])
                ids = dict(
                    Customer.objects.filter(mobile__in=[r.mobile for r in rows])
                    .exclude(mobile="")  # lets PostgreSQL use the partial unique index
                    .values_list("mobile", "pk")
                )
                _insert(OwnershipRecord, [self.record_values(ids[r.mobile], r) for r in rows])
        except IntegrityError:
            # a mobile was registered meanwhile: replay row by row, each in a savepoint
            for row in rows:
                customer = self.new_customer(row)
                try:
                    with transaction.atomic():
                        customer.save()
                        self.record(customer).save()
                except IntegrityError:
                    self.note(
                        row.no, RowOutcome.FAILED, row.name, _("该手机号刚被他人登记（撞单）。")
                    )
                else:
                    self.job.created_count += 1
            return
        self.job.created_count += len(rows)

    # --- the fast path: column values without a model instance per row -----------------

    def values(self, row) -> list[Any]:
        """The INSERT values of the customer of ``row``: the owner's template (adapted for
        the database once), with the row's own fields."""
        assert row.owner is not None
        base = self.bases.get(row.owner.pk)
        if base is None:
            template = self.new_customer(type(row)(0, owner=row.owner))
            template.updated_at = self.now
            base = [
                f.get_db_prep_save(getattr(template, f.attname), connection)
                for f in _fields(Customer)
            ]
            self.bases[row.owner.pk] = base
        out = list(base)
        index = _index(Customer)
        for name, value in row.data.items():
            if isinstance(value, str):  # most cells: no adaptation needed
                out[index[name]] = value
            else:
                f = Customer._meta.get_field(name)
                out[index[f.attname]] = f.get_db_prep_save(value, connection)
        out[index["channel"]] = row.channel
        return out

    def record_values(self, customer_id: int, row) -> list[Any]:
        """The INSERT values of the registration's ownership record (BR-CUS-07)."""
        assert row.owner is not None
        key = -row.owner.pk
        base = self.bases.get(key)
        if base is None:
            record = OwnershipRecord(
                kind=OwnershipKind.REGISTER,
                to_owner_id=row.owner.user_id,
                actor=self.actor,
                reason=_("Excel 导入"),
                rule="BR-CUS-04",
                at=self.now,
            )
            base = [
                f.get_db_prep_save(getattr(record, f.attname), connection)
                for f in _fields(OwnershipRecord)
            ]
            self.bases[key] = base
        out = list(base)
        out[_index(OwnershipRecord)["customer_id"]] = customer_id
        return out


_FIELDS: dict[type, list] = {}


def _fields(model) -> list:
    if model not in _FIELDS:
        _FIELDS[model] = [f for f in model._meta.concrete_fields if not f.primary_key]
    return _FIELDS[model]


_INDEX: dict[type, dict[str, int]] = {}


def _index(model) -> dict[str, int]:
    if model not in _INDEX:
        _INDEX[model] = {f.attname: i for i, f in enumerate(_fields(model))}
    return _INDEX[model]


def _insert(model, rows: list[list[Any]]) -> None:
    """INSERT many rows at once: COPY on PostgreSQL, executemany elsewhere. The values are
    already adapted for the database; errors surface as Django's ``IntegrityError``."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in _fields(model))
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
