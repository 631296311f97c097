from django.urls import path

from l2c.reports import views
from l2c.reports.registers import REGISTERS

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    *[
        path(f"{r.slug}/", views.register_page, {"slug": r.slug}, name=r.url_name)
        for r in REGISTERS
    ],
    path("<slug:slug>/export/", views.register_export, name="export"),
]
