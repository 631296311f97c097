from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "l2c.customers"
    label = "customers"
    verbose_name = "客户"

    def ready(self) -> None:
        from l2c.core import ticks
        from l2c.customers import history, tasks

        ticks.register("customers.pool", tasks.sweep_and_remind, order=10)
        history.register()
