from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "l2c.deals"
    label = "deals"
    verbose_name = "商机与报价"

    def ready(self) -> None:
        from django.urls import reverse

        from l2c.approvals import registry
        from l2c.deals.models import DiscountRequest
        from l2c.deals.services import discount_request_on_outcome

        registry.register(
            registry.ApprovalKind(
                key="discount",
                label="折扣审批",
                model=DiscountRequest,
                url=lambda obj: reverse("deals:discount", args=[obj.pk]),
                on_outcome=discount_request_on_outcome,
            )
        )
