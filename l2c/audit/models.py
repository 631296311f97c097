"""The append-only audit log (BR-SEC-01).

Rows are written by services (``l2c.audit.services.audit_record``) and never changed: the
model refuses ``save()`` of an existing row and ``delete()``, its queryset refuses
``update()`` and ``delete()``, and database triggers (migration 0002) refuse UPDATE — and on
PostgreSQL DELETE — from any client, raw SQL included.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditImmutableError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("audit rows cannot be changed")

    def delete(self):
        raise AuditImmutableError("audit rows cannot be deleted")

    def for_object(self, obj) -> AuditQuerySet:
        return self.filter(object_type=object_type_of(obj), object_id=str(obj.pk))


def object_type_of(obj_or_model) -> str:
    return obj_or_model._meta.label_lower


class AuditLog(models.Model):
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    action = models.CharField(_("动作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)
    rule = models.CharField(_("规则"), max_length=20, blank=True)
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("audit rows cannot be deleted")
