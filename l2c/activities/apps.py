from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "l2c.activities"
    label = "activities"
    verbose_name = "跟进与拜访"
