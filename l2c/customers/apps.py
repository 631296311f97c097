from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "l2c.customers"
    label = "customers"
    verbose_name = "客户"

    def ready(self) -> None:
        from django.urls import reverse

        from l2c.approvals import registry
        from l2c.core import ticks
        from l2c.customers import history, tasks
        from l2c.customers.archive import KIND, archive_request_on_outcome
        from l2c.customers.models import ArchiveRequest

        ticks.register("customers.pool", tasks.sweep_and_remind, order=10)
        history.register()
        # BR-CUS-09: archiving ("deleting") a customer file needs the GM's approval
        registry.register(
            registry.ApprovalKind(
                key=KIND,
                label="客户档案归档",
                model=ArchiveRequest,
                url=lambda obj: reverse("customers:detail", args=[obj.customer_id]),
                on_outcome=archive_request_on_outcome,
            )
        )
