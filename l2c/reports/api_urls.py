"""/api/v1/ routes of reports."""

from django.urls import path

from l2c.reports import apis

app_name = "reports_api"

urlpatterns = [
    path("reports/small-deposits/", apis.SmallDepositsApi.as_view(), name="small-deposits"),
    path("reports/deposits/", apis.DepositsApi.as_view(), name="deposits"),
    path("reports/signings/", apis.SigningsApi.as_view(), name="signings"),
    path("reports/sales-status/", apis.SalesStatusApi.as_view(), name="sales-status"),
    path("reports/daily/", apis.DailyApi.as_view(), name="daily"),
    path("reports/statistics/", apis.StatisticsApi.as_view(), name="statistics"),
    path("reports/<slug:register>/export/", apis.ExportApi.as_view(), name="export"),
]
