"""/api/v1/ routes of finance."""

from django.urls import path

from l2c.finance import apis

app_name = "finance_api"

urlpatterns = [
    path("finance/money/", apis.MoneyListApi.as_view(), name="money"),
    path("finance/money/daily-totals/", apis.DailyTotalsApi.as_view(), name="daily-totals"),
    path("finance/money/<str:number>/", apis.MoneyDetailApi.as_view(), name="money-detail"),
    path("finance/money/<str:number>/pdf/", apis.MoneyPdfApi.as_view(), name="money-pdf"),
    path("finance/money/<str:number>/void/", apis.MoneyVoidApi.as_view(), name="money-void"),
    path(
        "finance/deposit-conversions/",
        apis.DepositConversionApi.as_view(),
        name="deposit-conversions",
    ),
    path("finance/refunds/", apis.RefundApi.as_view(), name="refunds"),
    path("finance/bid-bonds/", apis.BidBondPayApi.as_view(), name="bid-bonds"),
    path("finance/bid-bonds/refunds/", apis.BidBondRefundApi.as_view(), name="bid-bond-refunds"),
]
