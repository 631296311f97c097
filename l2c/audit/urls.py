from django.urls import path

from l2c.audit import views

app_name = "audit"

urlpatterns = [path("", views.log, name="log")]
