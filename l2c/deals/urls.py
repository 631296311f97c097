from django.urls import path

from l2c.deals import views

app_name = "deals"

urlpatterns = [
    path("discounts/", views.discount_list, name="discounts"),
    path("discounts/new/", views.discount_new, name="discount_new"),
    path("discounts/<int:pk>/", views.discount_detail, name="discount"),
    path("discounts/<int:pk>/submit/", views.discount_submit, name="discount_submit"),
]
