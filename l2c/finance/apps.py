from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "l2c.finance"
    label = "finance"
    verbose_name = "财务"
