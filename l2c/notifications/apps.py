from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "l2c.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from l2c.core import ticks
        from l2c.notifications import policies, tasks
        from l2c.policy.kinds import register_validator

        ticks.register("notifications.webhooks", tasks.deliver_webhooks, order=90)
        register_validator("notifications.webhooks", policies.validate_webhooks_setting)
