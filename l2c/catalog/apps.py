from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "l2c.catalog"
    label = "catalog"
    verbose_name = "产品与销控"
