"""The registers' API (BR-RPT-02…05)."""

from l2c.reports.apis.registers import (
    DailyApi,
    DepositsApi,
    ExportApi,
    SalesStatusApi,
    SigningsApi,
    SmallDepositsApi,
    StatisticsApi,
)

__all__ = [
    "DailyApi",
    "DepositsApi",
    "ExportApi",
    "SalesStatusApi",
    "SigningsApi",
    "SmallDepositsApi",
    "StatisticsApi",
]
