"""/api/v1/ routes of deals."""

from django.urls import path

from l2c.deals import apis

app_name = "deals_api"

urlpatterns = [
    path("deals/discounts/", apis.DiscountsApi.as_view(), name="discounts"),
    path(
        "deals/discounts/<int:discount_id>/",
        apis.DiscountDetailApi.as_view(),
        name="discount-detail",
    ),
    path(
        "deals/discounts/<int:discount_id>/submit/",
        apis.DiscountSubmitApi.as_view(),
        name="discount-submit",
    ),
]
