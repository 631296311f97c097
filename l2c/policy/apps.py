from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "l2c.policy"
    label = "policy"
    verbose_name = "制度设置"
