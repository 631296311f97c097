from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "l2c.activities"
    label = "activities"
    verbose_name = "跟进与拜访"

    def ready(self) -> None:
        from django.urls import reverse

        from l2c.activities import selectors, tasks
        from l2c.activities.models import VisitPlan
        from l2c.activities.selectors.todo import PROVIDERS
        from l2c.approvals import registry
        from l2c.core import ticks, todo
        from l2c.customers import timeline

        registry.register(
            registry.ApprovalKind(
                key="visit_plan",
                label="月度拜访计划",
                model=VisitPlan,
                url=lambda obj: reverse("activities:plan", args=[obj.pk]),
            )
        )
        for key, provider in PROVIDERS.items():
            todo.register(key, provider)
        timeline.register("activities", selectors.timeline_entries)
        ticks.register("activities.reports_due", tasks.remind_reports_due, order=30)
