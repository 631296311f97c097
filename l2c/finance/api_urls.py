"""/api/v1/ routes of finance."""

from django.urls import path

from l2c.finance.apis import money as apis
from l2c.finance.apis import plans, receivables

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
    path(
        "finance/contracts/<int:contract_id>/payment-plan/",
        plans.PaymentPlanApi.as_view(),
        name="payment-plan",
    ),
    path(
        "finance/contracts/<int:contract_id>/payment-plan/from-terms/",
        plans.PaymentPlanFromTermsApi.as_view(),
        name="payment-plan-from-terms",
    ),
    path(
        "finance/contracts/<int:contract_id>/events/",
        plans.ContractEventApi.as_view(),
        name="contract-events",
    ),
    path(
        "finance/contracts/<int:contract_id>/settlement/",
        plans.ContractSettlementApi.as_view(),
        name="contract-settlement",
    ),
    path(
        "finance/contracts/<int:contract_id>/breach-cases/",
        receivables.BreachOpenApi.as_view(),
        name="breach-open",
    ),
    path(
        "finance/milestones/<int:milestone_id>/receipts/",
        plans.MilestoneReceiptApi.as_view(),
        name="milestone-receipts",
    ),
    path("finance/receivables/", receivables.ReceivablesApi.as_view(), name="receivables"),
    path(
        "finance/receivables/customers/",
        receivables.CustomerReceivablesApi.as_view(),
        name="receivables-customers",
    ),
    path("finance/receivables/ageing/", receivables.AgeingApi.as_view(), name="ageing"),
    path("finance/breach-cases/", receivables.BreachCaseListApi.as_view(), name="breach-cases"),
    path(
        "finance/breach-cases/<int:case_id>/steps/",
        receivables.BreachStepApi.as_view(),
        name="breach-steps",
    ),
    path(
        "finance/breach-cases/<int:case_id>/close/",
        receivables.BreachCloseApi.as_view(),
        name="breach-close",
    ),
    path("finance/bid-bonds/refunds/", apis.BidBondRefundApi.as_view(), name="bid-bond-refunds"),
]
