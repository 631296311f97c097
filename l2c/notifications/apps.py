from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "l2c.notifications"
    label = "notifications"
    verbose_name = "通知"
