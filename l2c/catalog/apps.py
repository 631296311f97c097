from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "l2c.catalog"
    label = "catalog"
    verbose_name = "产品与销控"

    def ready(self) -> None:
        from django.urls import reverse

        from l2c.approvals import registry
        from l2c.catalog import tasks
        from l2c.catalog.models import PriceChangeRequest
        from l2c.catalog.services import price_change_on_outcome
        from l2c.core import ticks

        ticks.register("catalog.holds", tasks.return_expired_holds, order=40)
        registry.register(
            registry.ApprovalKind(
                key="price_change",
                label="价格表变更",
                model=PriceChangeRequest,
                url=lambda obj: reverse("catalog:price_change", args=[obj.pk]),
                on_outcome=price_change_on_outcome,
            )
        )
