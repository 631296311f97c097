from django.urls import path

from l2c.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.board, name="home"),
    path("board/", views.board, name="board"),
    path("units/", views.unit_list, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/hold/", views.unit_hold, name="unit_hold"),
    path("units/<int:pk>/release/", views.unit_release, name="unit_release"),
    path("prices/", views.price_list, name="prices"),
    path("price-changes/", views.price_change_list, name="price_changes"),
    path("price-changes/new/", views.price_change_new, name="price_change_new"),
    path("price-changes/<int:pk>/", views.price_change_detail, name="price_change"),
    path("price-changes/<int:pk>/submit/", views.price_change_submit, name="price_change_submit"),
    path("stock/", views.stock_list, name="stock"),
]
