from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "l2c.reception"
    label = "reception"
    verbose_name = "接待"

    def ready(self) -> None:
        from l2c.core import todo
        from l2c.customers import timeline
        from l2c.reception import selectors

        todo.register("reception.first_message", selectors.first_message_todo)
        timeline.register("reception", selectors.customer_timeline)
