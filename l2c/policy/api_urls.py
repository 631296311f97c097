"""/api/v1/ routes of the policy settings."""

from django.urls import path

from l2c.policy import apis

app_name = "policy_api"

urlpatterns = [
    path("policy/settings/", apis.PolicySettingListApi.as_view(), name="settings"),
    path(
        "policy/settings/<str:key>/", apis.PolicySettingDetailApi.as_view(), name="setting-detail"
    ),
    path(
        "policy/settings/<str:key>/change/",
        apis.PolicySettingChangeApi.as_view(),
        name="setting-change",
    ),
]
