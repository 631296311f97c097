"""REST API of deals (/api/v1/deals/…): thin — every write is one service call, every read
goes through the scoped selectors."""

from l2c.deals.apis.discounts import DiscountDetailApi, DiscountsApi, DiscountSubmitApi
from l2c.deals.apis.opportunities import (
    OpportunitiesApi,
    OpportunityDetailApi,
    OpportunityFunnelApi,
    OpportunityMoveApi,
)
from l2c.deals.apis.quotes import (
    QuoteAcceptApi,
    QuoteDeclineApi,
    QuoteDetailApi,
    QuoteRequestDiscountApi,
    QuoteReviseApi,
    QuotesApi,
    QuoteSendApi,
    QuoteSubmitApi,
)
from l2c.deals.apis.tenders import (
    TenderAwardApi,
    TenderDecideApi,
    TenderDetailApi,
    TenderOpeningApi,
    TenderPriceApi,
    TenderResultApi,
    TendersApi,
    TenderServiceFeeApi,
    TenderStepApi,
    TenderTeamApi,
)

__all__ = [
    "DiscountDetailApi",
    "DiscountSubmitApi",
    "DiscountsApi",
    "OpportunitiesApi",
    "OpportunityDetailApi",
    "OpportunityFunnelApi",
    "OpportunityMoveApi",
    "QuoteAcceptApi",
    "QuoteDeclineApi",
    "QuoteDetailApi",
    "QuoteRequestDiscountApi",
    "QuoteReviseApi",
    "QuoteSendApi",
    "QuoteSubmitApi",
    "QuotesApi",
    "TenderAwardApi",
    "TenderDecideApi",
    "TenderDetailApi",
    "TenderOpeningApi",
    "TenderPriceApi",
    "TenderResultApi",
    "TenderServiceFeeApi",
    "TenderStepApi",
    "TenderTeamApi",
    "TendersApi",
]
