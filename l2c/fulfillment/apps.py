from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    name = "l2c.fulfillment"
    label = "fulfillment"
    verbose_name = "交付"

    def ready(self) -> None:
        from django.urls import reverse

        from l2c.approvals import registry
        from l2c.core import todo
        from l2c.fulfillment.models import DemandRequest
        from l2c.fulfillment.selectors import shipments_todo
        from l2c.fulfillment.services import demand_request_on_outcome

        registry.register(
            registry.ApprovalKind(
                key="demand_request",
                label="需货申请",
                model=DemandRequest,
                url=lambda obj: reverse("fulfillment:order", args=[obj.order_id]),
                on_outcome=demand_request_on_outcome,
            )
        )
        todo.register("fulfillment.shipments", shipments_todo)
