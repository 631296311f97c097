from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "l2c.deals"
    label = "deals"
    verbose_name = "商机与报价"

    def ready(self) -> None:
        from django.urls import reverse

        from l2c.approvals import registry
        from l2c.core import ticks
        from l2c.deals import tasks
        from l2c.deals.models import DiscountRequest, Quote, Tender
        from l2c.deals.services import (
            quote_on_outcome,
            tender_on_outcome,
        )

        registry.register(
            registry.ApprovalKind(
                key="discount",
                label="折扣审批",
                model=DiscountRequest,
                url=lambda obj: reverse("deals:discount", args=[obj.pk]),
            )
        )
        registry.register(
            registry.ApprovalKind(
                key="quote",
                label="报价审核（发出前）",
                model=Quote,
                url=lambda obj: reverse("deals:quote", args=[obj.pk]),
                on_outcome=quote_on_outcome,
            )
        )
        registry.register(
            registry.ApprovalKind(
                key="bid_decision",
                label="投标决策",
                model=Tender,
                url=lambda obj: reverse("deals:tender", args=[obj.pk]),
                on_outcome=tender_on_outcome,
            )
        )
        ticks.register("deals.award_lapse", tasks.record_lapsed_awards, order=40)

        from l2c.core import todo
        from l2c.deals.selectors import tender_todo

        todo.register("deals.tenders", tender_todo)
