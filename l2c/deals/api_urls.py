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
    path("deals/opportunities/", apis.OpportunitiesApi.as_view(), name="opportunities"),
    path(
        "deals/opportunities/funnel/",
        apis.OpportunityFunnelApi.as_view(),
        name="opportunity-funnel",
    ),
    path(
        "deals/opportunities/<int:opportunity_id>/",
        apis.OpportunityDetailApi.as_view(),
        name="opportunity-detail",
    ),
    path(
        "deals/opportunities/<int:opportunity_id>/move/",
        apis.OpportunityMoveApi.as_view(),
        name="opportunity-move",
    ),
    path("deals/quotes/", apis.QuotesApi.as_view(), name="quotes"),
    path("deals/quotes/<int:quote_id>/", apis.QuoteDetailApi.as_view(), name="quote-detail"),
    path("deals/quotes/<int:quote_id>/submit/", apis.QuoteSubmitApi.as_view(), name="quote-submit"),
    path(
        "deals/quotes/<int:quote_id>/request-discount/",
        apis.QuoteRequestDiscountApi.as_view(),
        name="quote-request-discount",
    ),
    path("deals/quotes/<int:quote_id>/send/", apis.QuoteSendApi.as_view(), name="quote-send"),
    path("deals/quotes/<int:quote_id>/accept/", apis.QuoteAcceptApi.as_view(), name="quote-accept"),
    path(
        "deals/quotes/<int:quote_id>/decline/",
        apis.QuoteDeclineApi.as_view(),
        name="quote-decline",
    ),
    path("deals/quotes/<int:quote_id>/revise/", apis.QuoteReviseApi.as_view(), name="quote-revise"),
    path("deals/tenders/", apis.TendersApi.as_view(), name="tenders"),
    path("deals/tenders/<int:tender_id>/", apis.TenderDetailApi.as_view(), name="tender-detail"),
]
for _name, _view in (
    ("decide", apis.TenderDecideApi),
    ("team", apis.TenderTeamApi),
    ("steps", apis.TenderStepApi),
    ("price", apis.TenderPriceApi),
    ("opening", apis.TenderOpeningApi),
    ("result", apis.TenderResultApi),
    ("award", apis.TenderAwardApi),
    ("service-fee", apis.TenderServiceFeeApi),
):
    urlpatterns.append(
        path(
            f"deals/tenders/<int:tender_id>/{_name}/",
            _view.as_view(),
            name=f"tender-{_name}",
        )
    )
