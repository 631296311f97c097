from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "l2c.org"
    label = "org"
    verbose_name = "组织"
