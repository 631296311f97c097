from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "l2c.approvals"
    label = "approvals"
    verbose_name = "审批"
