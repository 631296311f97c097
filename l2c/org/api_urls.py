"""/api/v1/ routes of the organisation and the token login."""

from django.urls import path

from l2c.org import apis

app_name = "org_api"

urlpatterns = [
    path("auth/token/", apis.AuthTokenApi.as_view(), name="auth-token"),
    path("auth/logout/", apis.AuthLogoutApi.as_view(), name="auth-logout"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("people/", apis.PeopleApi.as_view(), name="people"),
    path("people/<int:person_id>/", apis.PersonDetailApi.as_view(), name="person-detail"),
    path(
        "people/<int:person_id>/superior/",
        apis.PersonSetSuperiorApi.as_view(),
        name="person-set-superior",
    ),
    path(
        "people/<int:person_id>/roles/", apis.PersonSetRolesApi.as_view(), name="person-set-roles"
    ),
    path("departments/", apis.DepartmentListApi.as_view(), name="departments"),
    path("org-chart/", apis.OrgChartApi.as_view(), name="org-chart"),
    path("absences/", apis.AbsencesApi.as_view(), name="absences"),
    path(
        "absences/<int:absence_id>/cancel/", apis.AbsenceCancelApi.as_view(), name="absence-cancel"
    ),
]
