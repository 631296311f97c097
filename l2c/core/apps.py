from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "l2c.core"
    label = "core"
    verbose_name = "核心"
