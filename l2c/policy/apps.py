from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "l2c.policy"
    label = "policy"
    verbose_name = "制度设置"

    def ready(self) -> None:
        from l2c import policy
        from l2c.core import numbering
        from l2c.policy.kinds import register_validator

        # The kernel numbers documents; the formats are this app's setting.
        numbering.read_formats_from(lambda at: policy.value("numbering.formats", at=at))
        register_validator("numbering.formats", numbering.validate_formats)
