from django.urls import path

from l2c.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
]
