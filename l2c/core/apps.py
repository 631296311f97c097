from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "l2c.core"
    label = "core"
    verbose_name = "核心"

    def ready(self) -> None:
        from l2c.core import numbering
        from l2c.policy.kinds import register_validator

        register_validator("numbering.formats", numbering.validate_formats)
