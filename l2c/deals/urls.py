from django.urls import path

from l2c.deals import views

app_name = "deals"

urlpatterns = [
    path("opportunities/", views.opportunity_list, name="opportunities"),
    path("opportunities/new/", views.opportunity_new, name="opportunity_new"),
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity"),
    path("opportunities/<int:pk>/move/", views.opportunity_move, name="opportunity_move"),
    path("quotes/", views.quote_list, name="quotes"),
    path("quotes/new/", views.quote_new, name="quote_new"),
    path("quotes/<int:pk>/", views.quote_detail, name="quote"),
    path("quotes/<int:pk>/revise/", views.quote_revise, name="quote_revise"),
    path("quotes/<int:pk>/<slug:action>/", views.quote_action, name="quote_action"),
    path("tenders/", views.tender_list, name="tenders"),
    path("tenders/new/", views.tender_new, name="tender_new"),
    path("tenders/<int:pk>/", views.tender_detail, name="tender"),
    path("tenders/<int:pk>/<slug:action>/", views.tender_action, name="tender_action"),
    path("discounts/", views.discount_list, name="discounts"),
    path("discounts/new/", views.discount_new, name="discount_new"),
    path("discounts/<int:pk>/", views.discount_detail, name="discount"),
    path("discounts/<int:pk>/submit/", views.discount_submit, name="discount_submit"),
]
