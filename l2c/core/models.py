"""The base model of every business record: timestamps and an optimistic-locking version."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from l2c.core.errors import ConflictError
from l2c.core.scope import Scope

#: the largest id or offset the API takes: a 63-bit integer holds it on both databases, so
#: a 20-digit number is a clear 4xx instead of an overflow deep in the query (a 500)
MAX_ID = 2**62

STALE_MESSAGE = _("该记录已被他人修改（您看到的是旧版本），请刷新后重新操作。")


class BaseModel(models.Model):
    """Abstract base: ``created_at``, ``updated_at`` and ``version`` (BR-SEC-03).

    Services change a record with :meth:`save_versioned`, which writes only when the row
    still has the version the actor saw; the second of two concurrent saves is refused
    with a clear message instead of silently overwriting the first.
    """

    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True

    def check_version(self, expected: int | None) -> None:
        """Refuse when the actor edited an older version than the one stored."""
        if expected is not None and int(expected) != self.version:
            raise ConflictError("BR-SEC-03", STALE_MESSAGE, code="stale_version")

    def save_versioned(self, *, update_fields: Iterable[str]) -> None:
        """UPDATE ... WHERE pk = %s AND version = %s; refuse if another save came first."""
        fields = [f for f in update_fields if f not in {"version", "updated_at"}]
        now = timezone.now()
        values = {name: getattr(self, self._meta.get_field(name).attname) for name in fields}
        values = {self._meta.get_field(name).attname: v for name, v in values.items()}
        updated = (
            type(self)
            ._base_manager.filter(pk=self.pk, version=self.version)
            .update(version=F("version") + 1, updated_at=now, **values)
        )
        if updated != 1:
            raise ConflictError("BR-SEC-03", STALE_MESSAGE, code="stale_version")
        self.version += 1
        self.updated_at = now


class OwnedRecord(BaseModel):
    """Abstract base of every record that belongs to one person, in a team and a department
    (BR-ORG-02): the owner, the department and the team, and the ``scope`` declaration that
    :func:`l2c.core.scope.visible_to` reads — declared once here, not on each model.

    A subclass may re-declare a field to name it in its own words (``owner`` as 申请人 of a
    request, a nullable ``department``), keeping the column. Where the business names the
    owner differently (a visit plan's ``rep``, a log's ``author``), the subclass hides the
    inherited field with ``owner = None``, declares its own and says so in its scope::

        class VisitPlan(OwnedRecord):
            owner = None
            rep = models.ForeignKey(settings.AUTH_USER_MODEL, ...)
            scope = Scope(owner="rep")

    Records scoped through a parent (a contact through its customer) or by one person
    column alone (a notification's recipient) are not owned records: they declare their
    ``Scope(...)`` directly.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        "org.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope = Scope(owner="owner", team="team", department="department")

    class Meta:
        abstract = True


class DocumentSequence(models.Model):
    """The last number handed out for one kind of document in one period and department
    (BR-CON-05). Read and advanced under a row lock inside the caller's transaction, so a
    rolled-back document gives its number back: no gaps, no repeats."""

    kind = models.CharField(max_length=30)
    period = models.CharField(max_length=10, blank=True)  # "2026", "202611", "" (never resets)
    department = models.CharField(max_length=20, blank=True)
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "department"], name="core_docseq_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.period}/{self.department}: {self.last_value}"
