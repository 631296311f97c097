from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "l2c.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from l2c.core import ticks
        from l2c.notifications import tasks

        ticks.register("notifications.webhooks", tasks.deliver_webhooks, order=90)
