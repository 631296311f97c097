from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "l2c.finance"
    label = "finance"
    verbose_name = "财务"

    def ready(self) -> None:
        from l2c.core import todo
        from l2c.finance import selectors

        todo.register("finance.deposits", selectors.todo_section)
        todo.register("finance.fees", selectors.fee_todo_section)
        todo.register("finance.payments_due", selectors.receivables.payments_due_todo_section)
