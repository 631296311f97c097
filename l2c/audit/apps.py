from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "l2c.audit"
    label = "audit"
    verbose_name = "审计"
