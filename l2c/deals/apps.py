from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "l2c.deals"
    label = "deals"
    verbose_name = "商机与报价"
