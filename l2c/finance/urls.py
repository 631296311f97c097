from django.urls import path

from l2c.finance import bond_views, receivable_views, views

app_name = "finance"

urlpatterns = [
    path("", views.money_list, name="money"),
    path("receive/", views.receive, name="receive"),
    path("conversions/new/", views.convert, name="convert"),
    path("receipts/<str:number>/", views.receipt_detail, name="receipt"),
    path("receipts/<str:number>/pdf/", views.receipt_pdf_view, name="receipt_pdf"),
    path("receipts/<str:number>/void/", views.receipt_void, name="receipt_void"),
    path("receipts/<str:number>/refund/", views.receipt_refund, name="receipt_refund"),
    path("receivables/", receivable_views.receivables, name="receivables"),
    path(
        "contracts/<int:contract_id>/payment-plan/",
        receivable_views.payment_plan,
        name="payment_plan",
    ),
    path(
        "contracts/<int:contract_id>/payment-plan/edit/",
        receivable_views.payment_plan_edit,
        name="payment_plan_edit",
    ),
    path(
        "contracts/<int:contract_id>/payment-plan/from-terms/",
        receivable_views.plan_from_terms,
        name="payment_plan_from_terms",
    ),
    path(
        "contracts/<int:contract_id>/events/",
        receivable_views.contract_event,
        name="contract_event",
    ),
    path(
        "contracts/<int:contract_id>/breach/",
        receivable_views.breach_open,
        name="breach_open",
    ),
    path(
        "contracts/<int:contract_id>/breach/<int:case_id>/steps/",
        receivable_views.breach_step,
        name="breach_step",
    ),
    path(
        "contracts/<int:contract_id>/breach/<int:case_id>/close/",
        receivable_views.breach_close,
        name="breach_close",
    ),
    path(
        "contracts/<int:contract_id>/milestones/<int:milestone_id>/pay/",
        receivable_views.milestone_pay,
        name="milestone_pay",
    ),
    path("bid-bonds/<int:tender_id>/pay/", bond_views.bond_pay, name="bid_bond_pay"),
    path("bid-bonds/<int:tender_id>/refund/", bond_views.bond_refund, name="bid_bond_refund"),
]
