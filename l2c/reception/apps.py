from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "l2c.reception"
    label = "reception"
    verbose_name = "接待"
