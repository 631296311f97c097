from django.urls import path

from l2c.finance import bond_views, views

app_name = "finance"

urlpatterns = [
    path("", views.money_list, name="money"),
    path("receive/", views.receive, name="receive"),
    path("conversions/new/", views.convert, name="convert"),
    path("receipts/<str:number>/", views.receipt_detail, name="receipt"),
    path("receipts/<str:number>/pdf/", views.receipt_pdf_view, name="receipt_pdf"),
    path("receipts/<str:number>/void/", views.receipt_void, name="receipt_void"),
    path("receipts/<str:number>/refund/", views.receipt_refund, name="receipt_refund"),
    path("bid-bonds/<int:tender_id>/pay/", bond_views.bond_pay, name="bid_bond_pay"),
    path("bid-bonds/<int:tender_id>/refund/", bond_views.bond_refund, name="bid_bond_refund"),
]
