from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "l2c.web"
    label = "web"
    verbose_name = "网页"
