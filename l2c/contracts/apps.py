from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "l2c.contracts"
    label = "contracts"
    verbose_name = "认购与合同"
