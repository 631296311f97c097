from django.urls import path

from l2c.policy import views

app_name = "policy"

urlpatterns = [
    path("", views.settings_list, name="settings"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("<str:key>/", views.setting_detail, name="setting"),
]
